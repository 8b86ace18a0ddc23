"""考核: scoring a unit for a period against the responsibility list. One assessment per
unit per period, editable until confirmed; the only code that changes them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiying.audit.services import record
from huiying.ledger.models import Assessment, AssessmentLine, ResponsibilityTask
from huiying.ledger.periods import AssessmentPeriod, parse_period
from huiying.ledger.services import _user, error, resolve_unit
from huiying.org.models import Unit

STALE = _("该考核已被他人修改，请刷新页面后重新操作。")
MAX_LINES = 50


@dataclass(frozen=True, slots=True)
class Line:
    criterion: str
    max_score: Decimal | str | float
    score: Decimal | str | float
    evidence: str = ""


def period_or_error(code: str) -> AssessmentPeriod:
    period = parse_period(code)
    if period is None:
        raise error(_("无法识别的考核周期：%(code)s（例如 2026H1 表示2026年上半年）。"),
                    "period", "period", {"code": code})  # fmt: skip
    return period


def _decimal(value: Any, n: int) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise error(_("第 %(n)d 项：分数“%(value)s”不是数字。"), "number", "lines",
                    {"n": n, "value": value}) from None  # fmt: skip
    if not number.is_finite() or number < 0 or number >= 10000:
        raise error(_("第 %(n)d 项：分数必须在 0 到 9999 之间。"), "range", "lines", {"n": n})
    return number.quantize(Decimal("0.1"))


def _clean_lines(lines: Sequence[Line]) -> list[Line]:
    if not lines:
        raise error(_("请至少填写一项考核内容。"), "required", "lines")
    if len(lines) > MAX_LINES:
        raise error(_("考核内容不能超过 %(limit)d 项。"), "too_many", "lines", {"limit": MAX_LINES})
    out = []
    for n, line in enumerate(lines, start=1):
        criterion = (line.criterion or "").strip()
        if not criterion:
            raise error(_("第 %(n)d 项：请填写考核内容。"), "required", "lines", {"n": n})
        top, score = _decimal(line.max_score, n), _decimal(line.score, n)
        if top == 0:
            raise error(_("第 %(n)d 项：分值必须大于 0。"), "max_zero", "lines", {"n": n})
        if score > top:
            raise error(_("第 %(n)d 项“%(criterion)s”：得分 %(score)s 高于分值 %(max)s。"),
                        "score_above_max", "lines",
                        {"n": n, "criterion": criterion[:40], "score": score, "max": top})  # fmt: skip
        out.append(Line(criterion[:300], top, score, (line.evidence or "").strip()[:500]))
    return out


def snapshot(a: Assessment) -> dict[str, Any]:
    return {
        "period": a.period,
        "unit": a.unit.code,
        "total": str(a.total),
        "max_total": str(a.max_total),
        "lines": [[x.criterion, str(x.max_score), str(x.score)] for x in a.lines.all()],
        "confirmed": a.is_confirmed,
        "version": a.version,
    }


@transaction.atomic
def save_assessment(
    *,
    period: str,
    unit: Unit | str,
    lines: Sequence[Line],
    note: str = "",
    expected_version: int | None = None,
    actor: Any = None,
    now: datetime | None = None,
) -> Assessment:
    """Create the unit's assessment for the period (expected_version None) or replace
    its lines (expected_version = the version the assessor saw)."""
    now = now or timezone.now()
    p = period_or_error(period)
    unit = resolve_unit(unit, "unit")
    clean = _clean_lines(lines)
    total = sum((x.score for x in clean), Decimal(0))
    max_total = sum((x.max_score for x in clean), Decimal(0))
    note = (note or "").strip()[:5000]
    existing = Assessment.objects.filter(period=p.code, unit=unit).first()
    if existing is None:
        if expected_version is not None:
            raise error(STALE, "stale")
        try:
            with transaction.atomic():
                assessment = Assessment.objects.create(
                    period=p.code, period_start=p.start, period_end=p.end, unit=unit,
                    note=note, total=total, max_total=max_total, assessor=_user(actor),
                    assessed_at=now,
                )  # fmt: skip
        except IntegrityError:  # someone created it a moment ago
            raise error(STALE, "stale") from None
        before = None
    else:
        if existing.is_confirmed:
            raise error(_("%(unit)s %(period)s的考核已确认，不能再修改。"), "confirmed", None,
                        {"unit": unit.name, "period": p.label})  # fmt: skip
        if expected_version is None:
            raise error(_("%(unit)s %(period)s已有考核，请在原考核上修改。"), "exists", None,
                        {"unit": unit.name, "period": p.label})  # fmt: skip
        before = snapshot(existing)
        changed = Assessment.objects.filter(
            pk=existing.pk, version=expected_version, confirmed_at__isnull=True
        ).update(version=F("version") + 1, note=note, total=total, max_total=max_total,
                 assessor=_user(actor), assessed_at=now)  # fmt: skip
        if not changed:
            raise error(STALE, "stale")
        assessment = Assessment.objects.get(pk=existing.pk)
        assessment.lines.all().delete()
    AssessmentLine.objects.bulk_create(
        AssessmentLine(assessment=assessment, criterion=x.criterion, max_score=x.max_score,
                       score=x.score, evidence=x.evidence, order=i)
        for i, x in enumerate(clean)
    )  # fmt: skip
    record("ledger.assessment.save", assessment, actor=actor, before=before,
           after=snapshot(assessment))  # fmt: skip
    return assessment


@transaction.atomic
def confirm_assessment(
    assessment: Assessment,
    *,
    expected_version: int | None = None,
    actor: Any = None,
    now: datetime | None = None,
) -> Assessment:
    """Fix the scores; after this the assessment can no longer be edited."""
    if assessment.is_confirmed:
        raise error(_("该考核已经确认。"), "confirmed")
    expected = assessment.version if expected_version is None else expected_version
    changed = Assessment.objects.filter(
        pk=assessment.pk, version=expected, confirmed_at__isnull=True
    ).update(version=F("version") + 1, confirmed_at=now or timezone.now(),
             confirmed_by=_user(actor))  # fmt: skip
    if not changed:
        raise error(STALE, "stale")
    assessment.refresh_from_db()
    record("ledger.assessment.confirm", assessment, actor=actor, after=snapshot(assessment))
    return assessment


def suggested_lines(unit: Unit, period: AssessmentPeriod) -> list[Line]:
    """A starting list for the form: one line per task the unit leads or supports that
    falls due in the period, 10 points each, score left for the assessor."""
    tasks = (
        ResponsibilityTask.objects.filter(Q(lead_unit=unit) | Q(co_units=unit))
        .filter(occurrences__due_on__gte=period.start, occurrences__due_on__lte=period.end)
        .distinct()
        .order_by("deadline", "id")
    )
    return [Line(task.title, Decimal(10), "", "") for task in tasks[:MAX_LINES]]
