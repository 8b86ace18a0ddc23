"""Report use-cases: generate (figures frozen as a snapshot), edit the narrative,
render to a format, and send. Each state change owns its transaction and writes the
audit record; the web views, the command line and the scheduler all call these."""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from huiying.audit.services import record
from huiying.events.models import Event
from huiying.org.models import Unit
from huiying.reports import figures as figures_mod
from huiying.reports.figures.base import Scope
from huiying.reports.figures.period import Period
from huiying.reports.figures.special import event_period
from huiying.reports.layout import NARRATIVE
from huiying.reports.models import Kind, Report

FORMATS = ("html", "docx", "pdf")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "blockquote", "h3", "h4"}
MAX_NARRATIVE = 20000


def title_for(kind: str, period: Period, unit: Unit | None, event: Event | None) -> str:
    if kind == Kind.SPECIAL and event is not None:
        return f"关于“{(event.title or f'事件#{event.pk}')[:120]}”的专报"
    scope = unit.name if unit else ""
    if kind == Kind.DAILY:
        return f"{scope}舆情日报（{period.human()}）"
    if kind == Kind.WEEKLY:
        return f"{scope}舆情周报（{period.name()}）"
    return f"{scope}{period.name()}舆情应对工作总结"


def compute_snapshot(
    kind: str, period: Period, unit: Unit | None, event: Event | None = None
) -> dict[str, Any]:
    """The figures of a report, as stored; pure reading, no state change."""
    return figures_mod.compute(kind, period, Scope.of(unit), event)


def generate_report(
    kind: str,
    period: Period | None,
    unit: Unit | None = None,
    *,
    event: Event | None = None,
    actor: Any = None,
    now: datetime | None = None,
    schedule_key: str | None = None,
) -> Report:
    """Compute the figures and save a new report. With `schedule_key`, a second call
    for the same key (another scheduler, a restart) returns the first report."""
    if kind not in Kind.values:
        raise ValidationError(f"未知的报告类型：{kind}")
    if kind == Kind.SPECIAL:
        if event is None:
            raise ValidationError("专报需要指定事件。")
        period = period or event_period(event)
    if period is None:
        raise ValidationError("请指定报告期间。")
    now = now or timezone.now()
    if schedule_key and (found := Report.objects.filter(schedule_key=schedule_key).first()):
        return found
    snapshot = compute_snapshot(kind, period, unit, event)
    report = Report(
        kind=kind,
        title=title_for(kind, period, unit, event),
        period_label=period.label,
        period_start=period.start,
        period_end=period.end,
        unit=unit,
        event=event,
        figures=snapshot,
        narrative={},
        generated_by=actor if getattr(actor, "is_authenticated", False) else None,
        generated_at=now,
        schedule_key=schedule_key,
    )
    try:
        with transaction.atomic():
            report.save()
            record(
                "reports.generate",
                report,
                actor=actor,
                after={"kind": kind, "period": period.label, "unit": unit.code if unit else None},
            )
    except IntegrityError:
        if schedule_key and (found := Report.objects.filter(schedule_key=schedule_key).first()):
            return found
        raise
    return report


def clean_narrative(text: str) -> str:
    """Sanitised HTML: plain text becomes paragraphs; markup keeps only basic tags."""
    text = (text or "").strip()[:MAX_NARRATIVE]
    if not text:
        return ""
    if "<" not in text:
        paras = [p.strip() for p in re.split(r"\n\s*\n|\r\n\s*\r\n", text) if p.strip()]
        return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paras)
    return nh3.clean(text, tags=_TAGS, attributes={}).strip()


def save_narrative(report: Report, sections: dict[str, str], *, version: int, actor: Any) -> Report:
    """Save the narrative sections of the report's kind; figures never change here.
    `version` is the one the editor started from (a concurrent edit is refused)."""
    allowed = {key for key, _label in NARRATIVE[report.kind]}
    cleaned = {k: clean_narrative(v) for k, v in sections.items() if k in allowed}
    with transaction.atomic():
        before = dict(report.narrative or {})
        updated = Report.objects.filter(pk=report.pk, version=version).update(
            narrative=cleaned, version=F("version") + 1
        )
        if not updated:
            raise ValidationError("报告已被他人修改，请刷新后再编辑。")
        record("reports.narrative", report, actor=actor, before=before, after=cleaned)
    report.refresh_from_db()
    return report


def render(report: Report, fmt: str) -> bytes:
    """The report as HTML (standalone), DOCX or PDF bytes, from the stored snapshot."""
    if fmt not in FORMATS:
        raise ValueError(f"不支持的格式：{fmt}（可用：html、docx、pdf）")
    import huiying.documents as documents
    from huiying.reports.layout import build

    doc = build(report)
    if fmt == "html":
        return str(documents.render_html(doc, standalone=True)).encode("utf-8")
    if fmt == "docx":
        return bytes(documents.render_docx(doc))
    return bytes(documents.render_pdf(doc))


def filename(report: Report, fmt: str) -> str:
    return f"report-{report.pk}-{report.kind}-{report.period_label.replace('/', '_')}.{fmt}"
