"""Time a half-year report for the whole office on a generated dataset (issue #6:
under 30 s with 1,000,000 items and 10,000 cases on SQLite).

    .venv/bin/python bench/make_dataset.py --data /tmp/huiying-bench --items 1000000 --cases 10000
    .venv/bin/python bench/reports.py --data /tmp/huiying-bench [--period 2026-H1] [--unit CODE]

Prints the time of each stage — figures (all the report's queries), saving the report,
DOCX, PDF — and, as a baseline measured in the same run on the same data, the bare
COUNT queries of the four headline figures (items, events, cases, complaints in the
period): the ratio says how much the full report costs over just counting.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LIMIT_S = 30.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="data folder made by make_dataset.py")
    parser.add_argument("--period", default="", help="e.g. 2026-H1; default: the last full half")
    parser.add_argument("--unit", default="", help="unit code; default: the whole office")
    return parser.parse_args()


def timed(label: str, fn: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - started
    print(f"  {label:<28}{elapsed:8.2f} s")
    return elapsed, result


def main() -> None:
    args = parse_args()
    os.environ["HUIYING_DATA_DIR"] = str(Path(args.data).resolve())
    os.environ.pop("DATABASE_URL", None)  # SQLite in the data folder, as measured
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huiying.settings")
    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from django.conf import settings
    from django.utils import timezone

    from huiying.cases.models import Case
    from huiying.complaints.models import Complaint
    from huiying.events.models import Event
    from huiying.items.models import Item
    from huiying.org.models import Unit
    from huiying.reports.figures.period import default_for, parse
    from huiying.reports.services import compute_snapshot, generate_report, render

    period = (
        parse("half-year", args.period)
        if args.period
        else default_for("half-year", timezone.localdate())
    )
    unit = Unit.objects.get(code=args.unit) if args.unit else None
    start, end = period.bounds(str(settings.TIME_ZONE))
    print(
        f"data: {settings.DATABASES['default']['NAME']}\n"
        f"  {Item.objects.count():,} items, {Case.objects.count():,} cases, "
        f"{Complaint.objects.count():,} complaints, {Event.objects.count():,} events\n"
        f"period {period.label} ({period.human()}), scope: {unit.name if unit else '全办'}"
    )

    def baseline() -> list[int]:
        return [
            Item.objects.filter(fetched_at__gte=start, fetched_at__lt=end).count(),
            Event.objects.filter(first_seen__gte=start, first_seen__lt=end).count(),
            Case.objects.filter(opened_at__gte=start, opened_at__lt=end).count(),
            Complaint.objects.filter(received_at__gte=start, received_at__lt=end).count(),
        ]

    print("baseline (bare counts):")
    base_s, counts = timed("4 COUNT queries", baseline)
    print(f"  → items {counts[0]:,}, events {counts[1]:,}, cases {counts[2]:,}, "
          f"complaints {counts[3]:,}")  # fmt: skip
    print("report:")
    figures_s, snap = timed("figures", lambda: compute_snapshot("half-year", period, unit))
    assert snap["items"]["value"] == counts[0], "figures disagree with the bare count"
    save_s, report = timed("generate + save", lambda: generate_report("half-year", period, unit))
    docx_s, docx = timed("DOCX", lambda: render(report, "docx"))
    pdf_s, pdf = timed("PDF", lambda: render(report, "pdf"))
    # An upper bound: the figures are computed twice (alone, then inside generate_report).
    total = figures_s + save_s + docx_s + pdf_s
    print(f"  DOCX {len(docx) / 1024:.0f} KiB, PDF {len(pdf) / 1024:.0f} KiB")
    print(f"half-year report, figures + DOCX + PDF: {total:.2f} s "
          f"(limit {LIMIT_S:.0f} s: {'OK' if total < LIMIT_S else 'TOO SLOW'})")  # fmt: skip
    print(f"ratio to the bare counts: figures {figures_s / base_s:.1f}×, "
          f"whole report {total / base_s:.1f}×")  # fmt: skip


if __name__ == "__main__":
    main()
