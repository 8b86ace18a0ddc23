"""The records each step leaves: 快报, 会商, the reviewed 通稿, 发布, 跟踪 and evidence.
Import them from huiying.cases.services (which this module builds on)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiying.cases import changes as core
from huiying.cases.clocks import FLASH
from huiying.cases.flash import flash_text
from huiying.cases.leaders import required_leaders
from huiying.cases.models import (
    Case,
    CaseClock,
    CaseNotice,
    Channel,
    Consultation,
    Evidence,
    FlashReport,
    FollowUp,
    NoticeKind,
    Publication,
    Statement,
    Step,
)
from huiying.cases.steps import error
from huiying.items.models import Item

# A publication time a little ahead of the server clock is a clock skew, not the future.
_SKEW = timedelta(minutes=5)


def _iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def send_flash_report(
    case: Case,
    *,
    actor: Any = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> FlashReport:
    """Generate the 快报 from the case, send it in the app to the leaders its tier
    requires, record the first flash time and stop the flash clock. A case still in 发现
    or 监测 moves to 快报."""
    now = now or timezone.now()
    made: dict[str, FlashReport] = {}

    def send(current: Case) -> dict[str, Any]:
        recipients = required_leaders(current)
        text = flash_text(current, now=now, recipients=recipients)
        report = FlashReport.objects.create(
            case=current, text=text, sent_at=now, sent_by=core._user(actor)
        )
        report.recipients.set(recipients)
        for person in recipients:
            CaseNotice.objects.create(
                case=current,
                kind=NoticeKind.FLASH,
                to=person,
                text=str(_("快报：%(title)s")) % {"title": current.title[:200]},
                at=now,
            )
        changes: dict[str, Any] = {}
        if current.first_flash_at is None:
            changes["first_flash_at"] = now
        if current.step in (Step.DISCOVER, Step.WATCH):
            changes["step"] = Step.FLASH
            core.enter_step(current, Step.FLASH, now, actor)
        if changes:
            Case.objects.filter(pk=current.pk).update(**changes)
        CaseClock.objects.filter(case=current, step=FLASH, done_at__isnull=True).update(done_at=now)
        made["report"] = report
        return {"flash_report": report.pk, "to": [p.get_username() for p in recipients]}

    core.change(
        case,
        "flash",
        expected_version=expected_version,
        actor=actor,
        now=now,
        check=core.must_be_open,
        then=send,
    )
    return made["report"]


def record_consultation(
    case: Case,
    *,
    facts: str,
    line: str,
    agreed_by: Sequence[Any],
    actor: Any = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Consultation:
    """会商: the agreed facts, the line to take (口径) and who agreed."""
    facts = core._text(facts, "facts", str(_("核实的事实")))
    line = core._text(line, "line", str(_("口径")))
    people = [p for p in agreed_by if p is not None]
    if not people:
        raise error(_("请选择参与会商并同意口径的人员。"), "required", "agreed_by")
    now = now or timezone.now()
    made: dict[str, Consultation] = {}

    def write(current: Case) -> dict[str, Any]:
        consultation = Consultation.objects.create(
            case=current, facts=facts, line=line, at=now, recorded_by=core._user(actor)
        )
        consultation.agreed_by.set(people)
        made["it"] = consultation
        return {"facts": facts, "line": line, "agreed_by": [p.get_username() for p in people]}

    core.change(
        case,
        "consult",
        expected_version=expected_version,
        actor=actor,
        now=now,
        check=core.must_be_open,
        then=write,
    )
    return made["it"]


def record_reviewed_statement(case: Case, draft: Any, *, now: datetime | None = None) -> Statement:
    """The 通稿 step is satisfied only by a draft that passed the three-level review
    (huiying.reviews): this records that draft's approved text as the case's statement,
    with its author and its 终审 approver and time. Called by the review flow at final
    approval; calling it again for the same text returns the statement already recorded."""
    from huiying.reviews.models import Level, Outcome, Status

    now = now or timezone.now()
    if draft.case_id != case.pk:
        raise error(_("该稿件不属于此案件。"), "unknown_statement")
    if draft.status not in (Status.APPROVED, Status.PUBLISHED):
        raise error(_("通稿须经三审三校审核通过。"), "transition")
    version = draft.versions.get(number=draft.revision)
    final = (
        draft.decisions.filter(
            level=Level.FINAL, outcome=Outcome.APPROVE, version_number=draft.revision
        )
        .select_related("actor")
        .latest("at")
    )
    existing = case.statements.filter(review=draft, text=version.text).first()
    if existing is not None:
        return existing
    made: dict[str, Statement] = {}

    def write(current: Case) -> dict[str, Any]:
        made["it"] = Statement.objects.create(
            case=current,
            text=version.text,
            drafted_by=draft.author,
            drafted_at=version.saved_at,
            approved_by=final.actor,
            approved_at=final.at,
            review=draft,
        )
        if current.step in (Step.FLASH, Step.CONSULT):
            Case.objects.filter(pk=current.pk).update(step=Step.STATEMENT)
            core.enter_step(current, Step.STATEMENT, final.at, final.actor)
        return {
            "statement": made["it"].pk,
            "draft": draft.pk,
            "version": version.number,
            "approved_by": final.actor.get_username(),
            "approved_at": _iso(final.at),
        }

    core.change(
        case,
        "approve_statement",
        expected_version=None,
        actor=final.actor,
        now=now,
        check=core.must_be_open,
        then=write,
    )
    return made["it"]


def record_publication(
    case: Case,
    *,
    channel: str,
    url: str,
    published_at: datetime | None,
    actor: Any = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Publication:
    """Record where and when the office published its approved statement. The earliest
    publication is the first public response: it stops the response clock (a press
    conference stops the press-conference clock). A case in 通稿 moves to 回应."""
    now = now or timezone.now()
    if channel not in Channel.values:
        raise error(_("未知的发布渠道：%(channel)s"), "channel", "channel", {"channel": channel})
    if published_at is None:
        raise error(_("请填写发布时间。"), "required", "published_at")
    if timezone.is_naive(published_at):
        raise error(_("发布时间须带时区。"), "naive", "published_at")
    if published_at > now + _SKEW:
        raise error(_("发布时间不能晚于当前时间。"), "future", "published_at")
    url = (url or "").strip()
    if url and not url.startswith(("https://", "http://")):
        raise error(_("发布地址须以 http:// 或 https:// 开头。"), "url", "url")
    made: dict[str, Publication] = {}

    def check(current: Case) -> None:
        core.must_be_open(current)
        if published_at < current.opened_at:
            raise error(_("发布时间不能早于立案时间。"), "before_open", "published_at")
        if not current.statements.filter(approved_at__isnull=False).exists():
            raise error(_("通稿尚未经三审三校审核通过，不能登记发布。"), "transition")

    def write(current: Case) -> dict[str, Any]:
        made["it"] = Publication.objects.create(
            case=current,
            channel=channel,
            url=url,
            published_at=published_at,
            recorded_by=core._user(actor),
            recorded_at=now,
        )
        first = current.first_response_at
        if first is None or published_at < first:
            Case.objects.filter(pk=current.pk).update(first_response_at=published_at)
        stops = ["respond"] + (["press_conference"] if channel == Channel.PRESS_CONFERENCE else [])
        CaseClock.objects.filter(case=current, step__in=stops).filter(
            Q(done_at__isnull=True) | Q(done_at__gt=published_at)
        ).update(done_at=published_at)
        if current.step == Step.STATEMENT:
            Case.objects.filter(pk=current.pk).update(step=Step.RESPOND)
            core.enter_step(current, Step.RESPOND, now, actor)
        return {"channel": channel, "url": url, "published_at": _iso(published_at)}

    core.change(
        case,
        "publish",
        expected_version=expected_version,
        actor=actor,
        now=now,
        check=check,
        then=write,
    )
    return made["it"]


def add_follow_up(
    case: Case,
    note: str,
    *,
    actor: Any = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> FollowUp:
    note = core._text(note, "note", str(_("跟踪记录")))
    now = now or timezone.now()
    made: dict[str, FollowUp] = {}

    def write(current: Case) -> dict[str, Any]:
        made["it"] = FollowUp.objects.create(
            case=current, note=note, at=now, actor=core._user(actor)
        )
        return {"note": note}

    core.change(
        case,
        "follow_up",
        expected_version=expected_version,
        actor=actor,
        now=now,
        check=core.must_be_open,
        then=write,
    )
    return made["it"]


def add_evidence(
    case: Case,
    *,
    item: Item | None = None,
    file: UploadedFile | None = None,
    name: str = "",
    actor: Any = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Evidence:
    """Attach an item from the store or an uploaded file (with a name)."""
    if (item is None) == (file is None):
        raise error(_("请选择一条信息或上传一个文件。"), "required", "file")
    name = (name or "").strip() or (item.title if item else "") or getattr(file, "name", "")
    name = core._text(name, "name", str(_("材料名称")), 300)
    now = now or timezone.now()
    made: dict[str, Evidence] = {}

    def write(current: Case) -> dict[str, Any]:
        evidence = Evidence(case=current, item=item, name=name, added_at=now)
        evidence.added_by = core._user(actor)
        if file is not None:
            evidence.file.save(file.name or name, file, save=False)
        evidence.save()
        made["it"] = evidence
        return {"evidence": name, "item": item.pk if item else None}

    core.change(
        case,
        "add_evidence",
        expected_version=expected_version,
        actor=actor,
        now=now,
        check=core.must_be_open,
        then=write,
    )
    return made["it"]
