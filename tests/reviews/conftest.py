"""Review fixtures: the housing bureau (住建局) with an author, a second editor for 初审,
its head for 复审 and the supervising leader for 终审; a draft with typical slips."""

from __future__ import annotations

import pytest
from django.utils import translation

from huiying.org.services import create_staff_user

# Realistic statement with slips the proofreader catches: an outdated ministry name,
# a repeated word, a half-width bracket and two date styles.
BODY = (
    "<h2>关于城南小区供水管道维修的情况通报</h2>"
    "<p>11月24日，我局接到群众反映城南小区停水。经核查，系供水管道老化破裂所致。"
    "我局会同国家卫生计生委驻地工作组和区供水公司连夜进行进行抢修(已于当晚恢复供水）。</p>"
    "<p>下一步，我局将于2026-12-01前完成全部老旧管道排查，并在2026年12月5日公布结果。</p>"
)


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def staff(username, role, units):
    return create_staff_user(
        username=username, password=f"pw-{username}-123", role=role, units=units
    )


@pytest.fixture
def author(other_unit):
    return staff("author", "editor", [other_unit])


@pytest.fixture
def first(other_unit):
    return staff("chushen", "editor", [other_unit])


@pytest.fixture
def head(other_unit):
    return staff("fushen", "dept_head", [other_unit])


@pytest.fixture
def leader(other_unit):
    return staff("zhongshen", "supervising_leader", [other_unit])


@pytest.fixture
def reviewers(first, head, leader):
    return {1: first, 2: head, 3: leader}


@pytest.fixture
def starter_terms(db):
    """The migration seeds the list, but a transactional test elsewhere may have flushed it."""
    from huiying.reviews.terms import seed_starter_terms

    seed_starter_terms()


@pytest.fixture
def draft(author, other_unit, starter_terms):
    from huiying.reviews.services import create_draft

    return create_draft(
        title="关于城南小区停水的情况通报",
        body=BODY,
        channels=["website", "wechat"],
        unit=other_unit,
        author=author,
    )


@pytest.fixture
def approved(draft, author, reviewers):
    from huiying.reviews.services import approve, submit

    submit(draft, actor=author)
    for level in (1, 2, 3):
        approve(draft, level, actor=reviewers[level])
    return draft
