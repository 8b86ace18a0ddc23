"""The records each step leaves: 快报, 会商, 通稿 and its approval, 发布, 跟踪 and evidence.
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
from huiying.org.models import Role

APPROVERS = frozenset({Role.SUPERVISING_LEADER, Role.PRINCIPAL_LEADER})
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


def draft_statement(
    case: Case,
    text: str,
    *,
    actor: Any = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Statement:
    text = core._text(text, "text", str(_("通稿内容")))
    now = now or timezone.now()
    made: dict[str, Statement] = {}

    def write(current: Case) -> dict[str, Any]:
        made["it"] = Statement.objects.create(
            case=current, text=text, drafted_by=core._user(actor), drafted_at=now
        )
        return {"statement": made["it"].pk, "text": text}

    core.change(
        case,
        "draft_statement",
        expected_version=expected_version,
        actor=actor,
        now=now,
        check=core.must_be_open,
        then=write,
    )
    return made["it"]


def approve_statement(
    case: Case,
    statement: Statement,
    *,
    actor: Any,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Statement:
    """Only a supervising or principal leader may approve (checked here, not only in the
    page), until the three-level review (三审三校) replaces this step."""
    role = getattr(getattr(actor, "profile", None), "role", None)
    if role not in APPROVERS:
        raise error(_("只有分管领导或主要领导可以审批通稿。"), "forbidden")
    now = now or timezone.now()

    def check(current: Case) -> None:
        core.must_be_open(current)
        fresh = Statement.objects.filter(pk=statement.pk, case=current).first()
        if fresh is None:
            raise error(_("该通稿不属于此案件。"), "unknown_statement")
        if fresh.approved_at is not None:
            raise error(_("该通稿已经审批。"), "transition")

    def approve(current: Case) -> dict[str, Any]:
        Statement.objects.filter(pk=statement.pk).update(approved_by=actor, approved_at=now)
        return {"statement": statement.pk, "approved_at": _iso(now)}

    core.change(
        case,
        "approve_statement",
        expected_version=expected_version,
        actor=actor,
        now=now,
        check=check,
        then=approve,
    )
    statement.refresh_from_db()
    return statement


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
            raise error(_("通稿尚未审批，不能登记发布。"), "transition")

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
