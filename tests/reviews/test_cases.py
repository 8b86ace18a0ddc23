"""A draft linked to a case: publishing it records the case's approved statement and its
publication, and the case's first-response clock stops at the publication time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from huiying.cases.models import Case, CaseClock, Step
from huiying.cases.services import open_case
from huiying.reviews.models import Status
from huiying.reviews.publishing import publish
from huiying.reviews.services import approve, create_draft, submit
from tests.reviews.conftest import BODY

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(other_unit, author):
    return open_case(
        title="城南小区停水", tier=2, unit=other_unit, owner=author,
        now=timezone.now() - timedelta(hours=3),
    )  # fmt: skip


def _approved_for(case, unit, author, reviewers):
    draft = create_draft(
        title="关于城南小区停水的情况通报", body=BODY, channels=["weibo"], unit=unit,
        author=author, case=case,
    )  # fmt: skip
    earlier = timezone.now() - timedelta(hours=2)
    submit(draft, actor=author, now=earlier)
    for level in (1, 2, 3):
        approve(draft, level, actor=reviewers[level], now=earlier + timedelta(minutes=20 * level))
    return draft


def test_publishing_stops_the_first_response_clock(case, other_unit, author, reviewers, leader):
    draft = _approved_for(case, other_unit, author, reviewers)
    at = timezone.now() - timedelta(minutes=10)
    publish(draft, channel="weibo", url="https://weibo.example/1/2", published_at=at, actor=author)
    case = Case.objects.get(pk=case.pk)
    assert case.first_response_at == at
    assert CaseClock.objects.get(case=case, step="respond").done_at == at
    statement = case.statements.get()
    assert statement.approved_by == leader  # the 终审 approver
    assert "国家卫生计生委" in statement.text
    publication = case.publications.get()
    assert (publication.channel, publication.url, publication.published_at) == (
        "weibo", "https://weibo.example/1/2", at,
    )  # fmt: skip
    # A second channel later: the clock keeps the earlier time, the statement is not doubled.
    publish(draft, channel="weibo", url="", published_at=at + timedelta(minutes=5), actor=author)
    case.refresh_from_db()
    assert case.first_response_at == at and case.statements.count() == 1


def test_a_case_refusal_rolls_the_publication_back(case, other_unit, author, reviewers):
    draft = _approved_for(case, other_unit, author, reviewers)
    Case.objects.filter(pk=case.pk).update(step=Step.CLOSED)
    with pytest.raises(ValidationError, match="已办结"):
        publish(draft, channel="weibo", url="", published_at=timezone.now(), actor=author)
    draft.refresh_from_db()
    assert draft.status == Status.APPROVED and not draft.publications.exists()
