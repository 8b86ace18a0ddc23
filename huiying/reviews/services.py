"""Use-cases of the review flow (三审三校): write and save drafts, submit, approve or
return at a level, with every version kept. Publishing is in reviews.publishing, the
term list in reviews.terms. Each function owns its transaction and writes the audit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiying.audit.services import record
from huiying.cases import records as case_records
from huiying.org.models import Unit
from huiying.org.permissions import can_act_on_unit, has_perm
from huiying.reviews import rules
from huiying.reviews.changes import change, error, iso, snapshot, user_or_none
from huiying.reviews.models import (
    Channel,
    Comment,
    Draft,
    DraftVersion,
    Level,
    Outcome,
    ReviewDecision,
    Status,
    Submission,
)
from huiying.reviews.proofing import plain_text, run_checks
from huiying.reviews.sanitise import clean_body

MAX_TITLE = 300
MAX_BODY = 400_000  # characters of HTML; inline images make bodies large
EDITABLE = frozenset({Status.DRAFT, Status.IN_REVIEW, Status.RETURNED, Status.APPROVED})


@dataclass(frozen=True)
class Passage:
    """A comment on a passage: the quoted text, optionally its offsets in the plain text."""

    quote: str
    body: str
    start: int | None = None


def _may_write(actor: Any, unit: Unit) -> None:
    if not has_perm(actor, "write_drafts") or not can_act_on_unit(actor, unit):
        raise error(_("您不能编辑该单位的稿件。"), "forbidden")


def _title(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise error(_("请填写标题。"), "required", "title")
    if len(value) > MAX_TITLE:
        raise error(_("标题不能超过 %(n)d 个字。"), "too_long", "title", {"n": MAX_TITLE})
    return value


def _body(value: str) -> str:
    if len(value or "") > MAX_BODY:
        raise error(_("正文过长。"), "too_long", "body")
    body = clean_body(value)
    if not plain_text(body).strip():
        raise error(_("请填写正文。"), "required", "body")
    return body


def _channels(values: Iterable[str]) -> list[str]:
    chosen = [c for c in Channel.values if c in set(values)]
    if not chosen:
        raise error(_("请至少选择一个发布渠道。"), "required", "channels")
    unknown = set(values) - set(Channel.values)
    if unknown:
        raise error(_("未知的发布渠道。"), "channel", "channels")
    # Keep the order given: the first channel decides a channel-specific reviewer rule.
    return [c for c in dict.fromkeys(values)]


def _new_version(draft: Draft, number: int, actor: Any, now: datetime) -> DraftVersion:
    text = plain_text(draft.body)
    return DraftVersion.objects.create(
        draft=draft,
        number=number,
        title=draft.title,
        body=draft.body,
        text=text,
        findings=run_checks(text),
        saved_by=user_or_none(actor),
        saved_at=now,
    )


@transaction.atomic
def create_draft(
    *,
    title: str,
    body: str,
    channels: Sequence[str],
    unit: Unit,
    author: Any,
    case: Any = None,
    now: datetime | None = None,
) -> Draft:
    """A new draft (version 1), proofread on saving."""
    now = now or timezone.now()
    _may_write(author, unit)
    draft = Draft.objects.create(
        title=_title(title),
        body=_body(body),
        channels=_channels(channels),
        unit=unit,
        case=case,
        author=author,
        created_at=now,
        updated_at=now,
    )
    version = _new_version(draft, 1, author, now)
    record(
        "review.create",
        draft,
        actor=user_or_none(author),
        after={**snapshot(draft), "title": draft.title, "findings": len(version.findings)},
    )
    return draft


def save_draft(
    draft: Draft,
    *,
    title: str,
    body: str,
    channels: Sequence[str],
    actor: Any,
    expected_version: int | None,
    now: datetime | None = None,
) -> Draft:
    """Save an edit as a new version. Editing a draft under review or approved sends it
    back to the start (status 草稿); decisions on earlier versions stay on record."""
    now = now or timezone.now()
    _may_write(actor, draft.unit)
    new_title, new_body, new_channels = _title(title), _body(body), _channels(channels)

    def apply(current: Draft) -> dict[str, Any]:
        if current.status not in EDITABLE:
            raise error(_("已发布的稿件不能再修改，请另起草新稿。"), "transition")
        text_changed = (new_title, new_body) != (current.title, current.body)
        if not text_changed and new_channels == current.channels:
            return {"unchanged": True}
        restarted = current.status in (Status.IN_REVIEW, Status.APPROVED)
        current.title, current.body, current.channels = new_title, new_body, new_channels
        if text_changed:
            current.revision += 1
            _new_version(current, current.revision, actor, now)
        if current.status != Status.DRAFT:
            current.status, current.level, current.level_since = Status.DRAFT, None, None
            current.approved_at = None
        return {"restarted": restarted, "text_changed": text_changed}

    return change(
        draft, "save", expected_version=expected_version, actor=actor, now=now, apply=apply
    )


def submit(
    draft: Draft, *, actor: Any, expected_version: int | None = None, now: datetime | None = None
) -> Draft:
    """送审: the draft goes to 初审."""
    now = now or timezone.now()
    _may_write(actor, draft.unit)

    def apply(current: Draft) -> dict[str, Any]:
        if current.status not in (Status.DRAFT, Status.RETURNED):
            raise error(
                _("稿件处于“%(status)s”状态，不能送审。"),
                "transition",
                params={"status": current.get_status_display()},
            )
        current.status, current.level, current.level_since = Status.IN_REVIEW, Level.FIRST, now
        current.first_submitted_at = current.first_submitted_at or now
        Submission.objects.create(
            draft=current, version_number=current.revision, actor=user_or_none(actor), at=now
        )
        return {"submitted_at": iso(now)}

    return change(
        draft, "submit", expected_version=expected_version, actor=actor, now=now, apply=apply
    )


def _decide(
    draft: Draft,
    level: int,
    outcome: str,
    *,
    actor: Any,
    comment: str,
    passages: Sequence[Passage],
    expected_version: int | None,
    now: datetime,
) -> Draft:
    def apply(current: Draft) -> dict[str, Any]:
        reason = rules.refusal(actor, current, level)
        if reason:
            raise error(reason, "forbidden")
        version = current.versions.get(number=current.revision)
        # Proofread again before each decision: the term list may have changed since saving.
        findings = run_checks(version.text)
        decision = ReviewDecision.objects.create(
            draft=current,
            level=level,
            outcome=outcome,
            actor=actor,
            at=now,
            waiting_since=current.level_since or now,
            version_number=current.revision,
            comment=comment,
            findings_count=len(findings),
        )
        for passage in passages:
            _anchor(current, version, decision, passage, actor, now)
        if outcome == Outcome.RETURN:
            current.status, current.level, current.level_since = Status.RETURNED, None, None
        elif level < Level.FINAL:
            current.level, current.level_since = level + 1, now
        else:
            current.status, current.level, current.level_since = Status.APPROVED, None, None
            current.approved_at = now
            if current.case_id:
                # The case's 通稿 step is satisfied by this approval, in the same transaction.
                # The decision row exists now; the draft's status is saved by change() after
                # apply(), so the case sees it as approved through this copy.
                case_records.record_reviewed_statement(current.case, current, now=now)
        return {
            "decision": decision.pk,
            "level": level,
            "outcome": outcome,
            "reviewed_version": version.number,
            "comment": comment,
            "findings": len(findings),
        }

    action = "approve" if outcome == Outcome.APPROVE else "return"
    return change(
        draft, action, expected_version=expected_version, actor=actor, now=now, apply=apply
    )


def _anchor(
    draft: Draft,
    version: DraftVersion,
    decision: ReviewDecision | None,
    passage: Passage,
    actor: Any,
    now: datetime,
) -> Comment:
    quote, body = (passage.quote or "").strip(), (passage.body or "").strip()
    if not quote or not body:
        raise error(_("请填写所引原文和意见。"), "required", "passage")
    start = passage.start
    if start is None or version.text[start : start + len(quote)] != quote:
        start = version.text.find(quote)
    if start < 0:
        raise error(
            _("在第 %(n)d 版中找不到所引原文“%(quote)s”。"),
            "quote",
            "passage",
            {"n": version.number, "quote": quote[:40]},
        )
    return Comment.objects.create(
        draft=draft,
        decision=decision,
        version_number=version.number,
        quote=quote,
        start=start,
        end=start + len(quote),
        body=body,
        author=actor,
        at=now,
    )


def approve(
    draft: Draft,
    level: int,
    *,
    actor: Any,
    comment: str = "",
    passages: Sequence[Passage] = (),
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Draft:
    """Approve `level` (1 初审, 2 复审, 3 终审), optionally with remarks on passages; only
    a user holding the level's role in the draft's unit may (reviews.rules). 终审
    approval makes the draft 已通过."""
    return _decide(
        draft,
        level,
        Outcome.APPROVE,
        actor=actor,
        comment=(comment or "").strip(),
        passages=passages,
        expected_version=expected_version,
        now=now or timezone.now(),
    )


def return_draft(
    draft: Draft,
    level: int,
    *,
    actor: Any,
    comment: str = "",
    passages: Sequence[Passage] = (),
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Draft:
    """Return the draft to its author with a comment and/or comments on passages."""
    comment = (comment or "").strip()
    if not comment and not passages:
        raise error(_("退回时请填写意见。"), "required", "comment")
    return _decide(
        draft,
        level,
        Outcome.RETURN,
        actor=actor,
        comment=comment,
        passages=passages,
        expected_version=expected_version,
        now=now or timezone.now(),
    )
