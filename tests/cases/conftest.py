"""Case fixtures: the office, the housing bureau (住建局) and its people up the line, and
a fixed Monday morning in an ordinary working week."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from huiying.org.services import create_staff_user

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


MONDAY = at(2025, 9, 15)


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def _staff(username, role, units):
    return create_staff_user(
        username=username, password=f"pw-{username}-123", role=role, units=units
    )


@pytest.fixture
def editor(other_unit):
    return _staff("editor", "editor", [other_unit])


@pytest.fixture
def zjj_head(other_unit):
    return _staff("zjj-head", "dept_head", [other_unit])


@pytest.fixture
def supervisor(other_unit):
    return _staff("fgld", "supervising_leader", [other_unit])


@pytest.fixture
def principal(office):
    return _staff("zyld", "principal_leader", [office])


@pytest.fixture
def people(editor, zjj_head, supervisor, principal, other_unit):
    first = _staff("chushen", "editor", [other_unit])  # 初审: an editor other than the author
    return {
        "editor": editor,
        "first": first,
        "head": zjj_head,
        "supervisor": supervisor,
        "principal": principal,
    }


def reviewed_statement(case, text, *, author, first, head, leader, start):
    """The statement for `case` drafted by `author` and approved at 初审/复审/终审 by
    `first`/`head`/`leader` through the review flow (三审三校), an hour apart from `start`."""
    from datetime import timedelta

    from huiying.reviews.services import approve, create_draft, submit

    draft = create_draft(
        title="关于" + case.title + "的情况通报",
        body="<p>" + text + "</p>",
        channels=["weibo"],
        unit=case.unit,
        author=author,
        case=case,
        now=start,
    )
    submit(draft, actor=author, now=start)
    for level, who in ((1, first), (2, head), (3, leader)):
        approve(draft, level, actor=who, now=start + timedelta(hours=level))
    return draft
