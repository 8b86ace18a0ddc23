"""Publishing an approved draft: recording where and when the office put it out.
huiying never posts anywhere; it keeps the record. A draft linked to a case also records
the case's publication, which stops the case's first-response clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiying.cases import services as case_records
from huiying.cases.models import Case
from huiying.cases.models import Channel as CaseChannel
from huiying.reviews.changes import change, error, iso, user_or_none
from huiying.reviews.models import (
    Channel,
    Draft,
    DraftPublication,
    Status,
)
from huiying.reviews.services import _may_write

# A press release (新闻发布稿) is not a press conference: it must not stop that clock.
CASE_CHANNEL = {
    Channel.WEBSITE: CaseChannel.WEBSITE,
    Channel.WECHAT: CaseChannel.WECHAT,
    Channel.WEIBO: CaseChannel.WEIBO,
    Channel.PRESS: CaseChannel.OTHER,
    Channel.OTHER: CaseChannel.OTHER,
}
_SKEW = timedelta(minutes=5)


def publish(
    draft: Draft,
    *,
    channel: str,
    url: str,
    published_at: datetime | None,
    actor: Any,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> DraftPublication:
    """Record a publication of an approved draft (several channels may each be recorded).
    With a case, the case's statement is recorded as approved by the 终审 approver and its
    publication is recorded too, in the same transaction."""
    now = now or timezone.now()
    _may_write(actor, draft.unit)
    if channel not in Channel.values:
        raise error(_("未知的发布渠道。"), "channel", "channel")
    if published_at is None:
        raise error(_("请填写发布时间。"), "required", "published_at")
    if timezone.is_naive(published_at):
        raise error(_("发布时间须带时区。"), "naive", "published_at")
    if published_at > now + _SKEW:
        raise error(_("发布时间不能晚于当前时间。"), "future", "published_at")
    url = (url or "").strip()
    if url and not url.startswith(("https://", "http://")):
        raise error(_("发布地址须以 http:// 或 https:// 开头。"), "url", "url")
    made: dict[str, DraftPublication] = {}

    def apply(current: Draft) -> dict[str, Any]:
        if current.status not in (Status.APPROVED, Status.PUBLISHED):
            raise error(_("稿件尚未通过终审，不能登记发布。"), "transition")
        if current.approved_at and published_at < current.approved_at - _SKEW:
            raise error(_("发布时间不能早于终审通过时间。"), "before_approval", "published_at")
        made["it"] = DraftPublication.objects.create(
            draft=current,
            version_number=current.revision,
            channel=channel,
            url=url,
            published_at=published_at,
            recorded_by=user_or_none(actor),
            recorded_at=now,
        )
        current.status = Status.PUBLISHED
        if current.case_id:
            _record_on_case(current, channel, url, published_at, actor, now)
        return {"channel": channel, "url": url, "published_at": iso(published_at)}

    change(draft, "publish", expected_version=expected_version, actor=actor, now=now, apply=apply)
    return made["it"]


def _record_on_case(
    draft: Draft, channel: str, url: str, published_at: datetime, actor: Any, now: datetime
) -> None:
    case = Case.objects.get(pk=draft.case_id)
    # Normally recorded at 终审; again here (idempotent) for drafts approved before linking.
    case_records.record_reviewed_statement(case, draft, now=now)
    case_records.record_publication(
        case,
        channel=CASE_CHANNEL[Channel(channel)],
        url=url,
        published_at=published_at,
        actor=actor,
        now=now,
    )
