"""Figures other apps compute for reports: publications reviewed (huiying.reviews) and
ledger tasks (huiying.ledger). Either may be missing from an installation; the report
then says so instead of failing."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

from huiying.org.models import Unit
from huiying.reports.figures.base import Ctx, fig

REVIEW_LABELS = {
    "submitted": ("送审稿件", "件", "期间内至少送审一次的稿件数（Submission.at）"),
    "approved": ("终审通过", "件", "终审通过时间在期间内的稿件数（ReviewDecision 终审通过）"),
    "returned": ("退回修改", "件", "期间内至少被退回一次的稿件数"),
    "published": ("已发布", "件", "发布时间（published_at）在期间内的稿件数"),
    "review_hours_median": (
        "审核用时中位数",
        "小时",
        "期间内终审通过的稿件从首次送审到终审通过的小时数中位数",
    ),
    "review_hours_p90": ("审核用时第90百分位", "小时", "同上，第90百分位"),
}
LEVELS = {"1": "初审", "2": "复审", "3": "终审"}
LEDGER_LABELS = {
    "tasks": ("涉及任务", "项", "期间内有到期事项的责任任务数"),
    "due": ("到期事项", "项", "到期日（due_on）在期间内的任务事项数"),
    "done_on_time": ("按期完成", "项", "到期日前（含）完成的事项数"),
    "done_late": ("逾期完成", "项", "到期后、期末前完成的事项数"),
    "overdue": ("逾期未完成", "项", "期末仍未完成的到期事项数"),
    "on_time_rate": ("按期完成率", "%", "按期完成 / 到期事项"),
    "done_rate": ("完成率", "%", "（按期完成 + 逾期完成）/ 到期事项"),
    "overdue_backlog": ("往期积压", "项", "期间开始前到期、期末仍未完成的事项数"),
    "assessments_confirmed": ("已确认考核", "份", "期间内已确认的单位考核数"),
}


def _loader(module: str, name: str) -> Callable[..., Any] | None:
    try:
        return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]
    except (ImportError, AttributeError):
        return None


def _units(ctx: Ctx) -> Any:
    if ctx.scope.unit_ids is None:
        return None
    return Unit.objects.filter(pk__in=ctx.scope.unit_ids)


def _shown(value: Any, unit: str) -> tuple[Any, str]:
    if value is None:
        return None, "无数据"
    if unit == "%":
        pct = round(100 * float(value), 1)
        return pct, f"{pct:.1f}%"
    if isinstance(value, float) and not value.is_integer():
        return round(value, 1), f"{value:.1f}{unit}"
    return value, f"{int(value)}{unit}"


def _figures(
    result: Mapping[str, Any],
    labels: dict[str, tuple[str, str, str]],
    ctx: Ctx,
    source: str,
    href: str,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    where = f"{ctx.where}；由 {source} 计算"
    for key, (label, unit, how) in labels.items():
        if key in result:
            value, text = _shown(result[key], unit)
            out[label] = fig(value, text, f"{how}，{where}", href)
    levels = result.get("level_hours_median")
    if isinstance(levels, Mapping):
        for level, hours in sorted(levels.items()):
            name = LEVELS.get(str(level), str(level))
            value, text = _shown(hours, "小时")
            note = f"期间内{name}各项决定从稿件到达该级到作出决定的小时数中位数，{where}"
            out[f"{name}等待中位数"] = fig(value, text, note, href)
    return out


def _call(
    module: str,
    name: str,
    label: str,
    args: tuple[Any, ...],
    labels: dict[str, Any],
    ctx: Ctx,
    href: str,
) -> dict[str, Any]:
    func = _loader(module, name)
    source = f"{module}.{name}"
    if func is None:
        return {"available": False, "message": f"{label}数据不可用（{source} 尚未安装）。"}
    try:
        result = func(*args)
    except Exception as exc:
        return {"available": False, "message": f"{label}数据不可用（{source} 出错：{exc}）。"}
    if not isinstance(result, Mapping):
        return {"available": False, "message": f"{label}数据不可用（{source} 返回格式不符）。"}
    return {"available": True, "figures": _figures(result, labels, ctx, source, href)}


def review_figures(ctx: Ctx) -> dict[str, Any]:
    args = (ctx.start, ctx.end, _units(ctx))
    return _call(
        "huiying.reviews.figures",
        "review_figures",
        "稿件审核",
        args,
        REVIEW_LABELS,
        ctx,
        "/reviews/",
    )


def ledger_figures(ctx: Ctx) -> dict[str, Any]:
    # The ledger takes dates with both days included.
    args = (ctx.period.start, ctx.period.last_day, _units(ctx))
    return _call(
        "huiying.ledger.figures",
        "ledger_figures",
        "责任台账",
        args,
        LEDGER_LABELS,
        ctx,
        "/ledger/",
    )
