"""Per-unit tables: for each unit in scope, the same figures as the report's totals,
counted over that unit alone (its own records, not its sub-units')."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from huiying.org.models import Unit
from huiying.reports.figures.base import Ctx, Scope, count_fig
from huiying.reports.figures.cases import case_figures
from huiying.reports.figures.complaints import complaint_figures
from huiying.reports.figures.items import items_qs

COLUMNS = (
    ("items", "采集信息"),
    ("opened", "立案"),
    ("closed", "办结案件"),
    ("median_hours", "回应用时中位数"),
    ("within", "按时回应率"),
    ("received", "受理诉求"),
    ("complaints_closed", "办结诉求"),
    ("closure_rate", "诉求办结率"),
)


def unit_rows(ctx: Ctx) -> dict[str, Any]:
    units = Unit.objects.order_by("name", "pk")
    if ctx.scope.unit_ids is not None:
        units = units.filter(pk__in=ctx.scope.unit_ids)
    items = dict(
        items_qs(ctx)
        .values("source__unit_id")
        .annotate(n=Count("id"))
        .values_list("source__unit_id", "n")
    )
    rows = []
    for unit in units:
        one = Ctx(ctx.period, Scope(unit, (unit.pk,), unit.name, (unit.code,)), ctx.start, ctx.end)
        cases = case_figures(one)
        complaints = complaint_figures(one)
        n_items = items.get(unit.pk, 0)
        item_note = f"信息表（Item）中采集时间在{one.where}、信息源所属单位为{unit.name}的信息条数"
        cells = {
            "items": count_fig(
                n_items, item_note, one.href("/items/", "fetched_from", "fetched_to"), "条"
            ),
            "opened": cases["opened"],
            "closed": cases["closed"],
            "median_hours": cases["median_hours"],
            "within": cases["within"],
            "received": complaints["received"],
            "complaints_closed": complaints["closed"],
            "closure_rate": complaints["closure_rate"],
        }
        rows.append({"unit": unit.name, "code": unit.code, "cells": cells})
    return {"columns": [list(c) for c in COLUMNS], "rows": rows}
