"""The review flow through the services: versions, three levels, returns with anchored
comments, edits after approval, publication, and the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from huiying.audit.models import AuditEntry
from huiying.reviews.models import Comment, DraftPublication, ReviewDecision, Status
from huiying.reviews.publishing import publish
from huiying.reviews.services import Passage, approve, return_draft, save_draft, submit
from tests.reviews.conftest import BODY

pytestmark = pytest.mark.django_db


def test_new_draft_is_version_one_with_findings_from_the_office_term_list(draft):
    version = draft.versions.get()
    assert version.number == 1 and draft.revision == 1 and draft.status == Status.DRAFT
    kinds = {f["kind"] for f in version.findings}
    # The starter term list is seeded by migration: the outdated ministry name is caught.
    assert {"term", "repeat", "width", "date"} <= kinds
    term = next(f for f in version.findings if f["kind"] == "term")
    assert version.text[term["start"] : term["end"]] == "国家卫生计生委"
    assert term["suggestion"] == "国家卫生健康委"


def test_three_levels_then_approved_with_the_record(draft, author, reviewers):
    submit(draft, actor=author)
    assert (draft.status, draft.level) == (Status.IN_REVIEW, 1)
    for level in (1, 2, 3):
        approve(draft, level, actor=reviewers[level], comment=f"第{level}级同意")
    assert draft.status == Status.APPROVED and draft.level is None and draft.approved_at
    rows = list(
        draft.decisions.order_by("level").values_list("level", "outcome", "actor", "version_number")
    )
    assert rows == [(lvl, "approve", reviewers[lvl].pk, 1) for lvl in (1, 2, 3)]
    # Findings were run again before each approval; the count is on the record.
    assert all(d.findings_count >= 4 for d in draft.decisions.all())
    actions = list(
        AuditEntry.objects.filter(object_type="reviews.draft", object_id=str(draft.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["review.create", "review.submit"] + ["review.approve"] * 3


def test_return_with_a_comment_on_a_passage_then_edit_and_resubmit(draft, author, reviewers):
    submit(draft, actor=author)
    approve(draft, 1, actor=reviewers[1])
    text = draft.versions.get(number=1).text
    start = text.index("连夜进行进行抢修")
    return_draft(
        draft,
        2,
        actor=reviewers[2],
        comment="请核实时间并删去重复词。",
        passages=[Passage(quote="连夜进行进行抢修", body="“进行”重复。", start=start)],
    )
    assert draft.status == Status.RETURNED
    comment = Comment.objects.get()
    assert (comment.version_number, comment.start, comment.end) == (1, start, start + 8)
    assert comment.decision.outcome == "return" and comment.decision.level == 2

    save_draft(
        draft,
        title=draft.title,
        body=BODY.replace("进行进行", "进行"),
        channels=draft.channels,
        actor=author,
        expected_version=draft.version,
    )
    assert draft.revision == 2 and draft.status == Status.DRAFT
    submit(draft, actor=author)
    assert draft.level == 1  # a resubmitted draft starts again at 初审
    for level in (1, 2, 3):
        approve(draft, level, actor=reviewers[level])
    assert draft.status == Status.APPROVED
    assert list(draft.decisions.values_list("version_number", flat=True)) == [1, 1, 2, 2, 2]
    assert draft.submissions.count() == 2


def test_a_quote_not_in_the_text_is_refused(draft, author, reviewers):
    submit(draft, actor=author)
    with pytest.raises(ValidationError) as exc:
        return_draft(draft, 1, actor=reviewers[1], passages=[Passage("并不存在的句子", "？")])
    assert "找不到所引原文" in str(exc.value)
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW and not ReviewDecision.objects.exists()


def test_a_return_needs_a_comment(draft, author, reviewers):
    submit(draft, actor=author)
    with pytest.raises(ValidationError, match="退回时请填写意见"):
        return_draft(draft, 1, actor=reviewers[1])


def test_editing_an_approved_draft_sends_it_back_to_the_start(approved, author):
    save_draft(
        approved,
        title=approved.title,
        body=BODY + "<p>特此通报。</p>",
        channels=approved.channels,
        actor=author,
        expected_version=approved.version,
    )
    assert approved.status == Status.DRAFT and approved.approved_at is None
    assert approved.revision == 2
    # The decisions on version 1 stay on record.
    assert approved.decisions.filter(version_number=1, outcome="approve").count() == 3
    with pytest.raises(ValidationError, match="尚未通过终审"):
        publish(approved, channel="website", url="", published_at=timezone.now(), actor=author)


def test_editing_during_review_sends_it_back_too(draft, author, reviewers, head):
    submit(draft, actor=author)
    approve(draft, 1, actor=reviewers[1])
    # The department head edits instead of approving: the edit needs a new 初审.
    save_draft(
        draft, title="关于城南小区停水情况的通报", body=BODY, channels=draft.channels,
        actor=head, expected_version=draft.version,
    )  # fmt: skip
    assert (draft.status, draft.level, draft.revision) == (Status.DRAFT, None, 2)


def test_saving_the_same_text_makes_no_new_version(draft, author):
    save_draft(
        draft, title=draft.title, body=draft.body, channels=draft.channels,
        actor=author, expected_version=draft.version,
    )  # fmt: skip
    assert draft.versions.count() == 1


def test_publish_records_channel_url_and_time(approved, author):
    at = timezone.now() - timedelta(minutes=3)
    pub = publish(
        approved,
        channel="wechat",
        url="https://mp.example.com/s/abc",
        published_at=at,
        actor=author,
    )
    assert approved.status == Status.PUBLISHED
    assert (pub.channel, pub.url, pub.published_at, pub.version_number) == (
        "wechat", "https://mp.example.com/s/abc", at, 1,
    )  # fmt: skip
    publish(approved, channel="website", url="", published_at=at, actor=author)
    assert DraftPublication.objects.filter(draft=approved).count() == 2
    with pytest.raises(ValidationError, match="已发布的稿件不能再修改"):
        save_draft(
            approved, title="x", body=BODY, channels=["website"], actor=author,
            expected_version=approved.version,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("url", "when", "message"),
    [
        ("ftp://x.example/a", timedelta(0), "http://"),
        ("", timedelta(hours=2), "不能晚于当前时间"),
        ("", -timedelta(days=3), "不能早于终审通过时间"),
    ],
)
def test_publish_refuses_bad_input(approved, author, url, when, message):
    with pytest.raises(ValidationError, match=message):
        publish(
            approved, channel="website", url=url, published_at=timezone.now() + when, actor=author
        )
    assert approved.status == Status.APPROVED


def test_publish_refuses_a_naive_time(approved, author):
    with pytest.raises(ValidationError, match="时区"):
        publish(
            approved, channel="website", url="",
            published_at=timezone.now().replace(tzinfo=None), actor=author,
        )  # fmt: skip
