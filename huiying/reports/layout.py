"""A report as a huiying.documents.Document: the stored figure snapshot and narrative
laid out as an official report (headings 一、二、…), with charts. The same Document
is rendered to HTML, DOCX and PDF, so every format shows the same figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from huiying.core.tiers import Tier

NARRATIVE = {
    "daily": (("overview", "总体情况"), ("analysis", "研判意见")),
    "weekly": (("overview", "总体情况"), ("analysis", "研判分析"), ("next_steps", "下一步工作")),
    "half-year": (("overview", "总体情况"), ("analysis", "研判分析"), ("next_steps", "下一步工作")),
    "annual": (("overview", "总体情况"), ("analysis", "研判分析"), ("next_steps", "下一步工作")),
    "special": (("overview", "事件概述"), ("analysis", "研判与建议")),
}
NUMERALS = "一二三四五六七八九十"


def absolute(href: str) -> str:
    """Links in files leave the app: make them absolute when the site URL is known."""
    base = str(getattr(settings, "HUIYING_SITE_URL", "") or "").rstrip("/")
    return f"{base}{href}" if href.startswith("/") and base else href


class Builder:
    """Collects blocks; numbers top-level headings in the Chinese official style."""

    def __init__(self, doc_module: Any, narrative: dict[str, str]) -> None:
        self.d = doc_module
        self.blocks: list[Any] = []
        self.narrative = narrative
        self.n = 0

    def figure(self, f: dict[str, Any]) -> Any:
        return self.d.Figure(f["text"], f["note"], absolute(f.get("href", "")))

    def heading(self, text: str) -> None:
        self.blocks.append(self.d.Heading(f"{NUMERALS[self.n]}、{text}", 1))
        self.n += 1

    def sub(self, text: str) -> None:
        self.blocks.append(self.d.Heading(text, 2))

    def para(self, *parts: Any) -> None:
        self.blocks.append(
            self.d.Paragraph([self.figure(p) if isinstance(p, dict) else p for p in parts])
        )

    def table(self, header: list[str], rows: list[list[Any]], caption: str = "") -> None:
        cells = [[self.figure(c) if isinstance(c, dict) else str(c) for c in r] for r in rows]
        self.blocks.append(self.d.Table(header, cells, caption))

    def chart(
        self, kind: str, labels: list[str], series: dict[str, list[float]], title: str
    ) -> None:
        png = self.d.chart_png(kind, labels, series, title=title)
        self.blocks.append(self.d.Image(png, caption=title))

    def narrative_section(self, key: str, title: str) -> None:
        """The people's text; an empty section is left out, except the opening one,
        under which the headline figures follow."""
        html = self.narrative.get(key, "").strip()
        if not html and key != "overview":
            return
        self.heading(title)
        if html:
            self.blocks.append(self.d.RichText(html))


def _tier_rows(b: Builder, events: dict[str, Any]) -> None:
    b.table(
        ["级别", "事件数"],
        [[t.label, events[f"tier_{t.value}"]] for t in Tier] + [["合计", events["total"]]],
        "新发现事件按级别分布",
    )


def _external(b: Builder, title: str, data: dict[str, Any]) -> None:
    b.heading(title)
    if not data.get("available"):
        b.para(data.get("message", "数据不可用"))
        return
    rows = [[key, f] for key, f in data["figures"].items()]
    b.table(["指标", "数值"], rows)


def periodic(b: Builder, snap: dict[str, Any]) -> None:
    ev, cs, cp = snap["events"], snap["cases"], snap["complaints"]
    b.narrative_section("overview", "总体情况")
    b.para(
        "本期共采集信息",
        snap["items"],
        "，新发现事件",
        ev["total"],
        "，其中较大",
        ev["tier_2"],
        "、重大",
        ev["tier_3"],
        "、特别重大",
        ev["tier_4"],
        "；",
        "立案处置",
        cs["opened"],
        "，办结",
        cs["closed"],
        "；受理诉求",
        cp["received"],
        "，办结率",
        cp["closure_rate"],
        "。",
    )
    b.heading("监测情况")
    b.para("采集信息", snap["items"], "，新发现事件", ev["total"], "。")
    _tier_rows(b, ev)
    trend = snap.get("trend")
    if trend:
        b.chart("line", trend["labels"], trend["series"], "采集信息走势")
    b.chart(
        "bar",
        [t.label for t in Tier],
        {"事件数": [float(ev[f"tier_{t.value}"]["value"]) for t in Tier]},
        "新发现事件级别分布",
    )
    b.heading("处置与回应")
    b.para(
        "立案",
        cs["opened"],
        "，办结",
        cs["closed"],
        "，已公开回应",
        cs["responded"],
        "；首次公开回应用时中位数",
        cs["median_hours"],
        "，第90百分位",
        cs["p90_hours"],
        "；按时回应率",
        cs["within"],
        "。",
    )
    b.table(
        ["级别", "按时回应率"],
        [[t.label, cs[f"within_{t.value}"]] for t in Tier] + [["全部", cs["within"]]],
        "各级别按时回应率（首次公开回应不晚于回应时限）",
    )
    b.heading("诉求办理")
    b.para(
        "受理诉求",
        cp["received"],
        "，已答复",
        cp["replied"],
        "，已办结",
        cp["closed"],
        "，办结率",
        cp["closure_rate"],
        "，重新打开率",
        cp["reopen_rate"],
        "。",
    )
    if "reviews" in snap:
        _external(b, "稿件审核", snap["reviews"])
    if "ledger" in snap:
        _external(b, "责任台账", snap["ledger"])
    units = snap.get("units")
    if units:
        b.heading("分单位情况")
        header = ["单位", *[label for _key, label in units["columns"]]]
        rows = [[r["unit"], *[r["cells"][k] for k, _l in units["columns"]]] for r in units["rows"]]
        b.table(header, rows, "分单位统计")
        rates = [r["cells"]["closure_rate"]["value"] or 0.0 for r in units["rows"]]
        if rows:
            b.chart(
                "bar",
                [r["unit"] for r in units["rows"]],
                {"诉求办结率(%)": rates},
                "各单位诉求办结率",
            )
    b.narrative_section("analysis", "研判分析")
    b.narrative_section("next_steps", "下一步工作")


def daily(b: Builder, snap: dict[str, Any]) -> None:
    ev, cs, cp = snap["events"], snap["cases"], snap["complaints"]
    b.narrative_section("overview", "总体情况")
    b.para(
        "采集信息",
        snap["items"],
        "，新发现事件",
        ev["total"],
        "，立案",
        cs["opened"],
        "，办结",
        cs["closed"],
        "，受理诉求",
        cp["received"],
        "。",
    )
    b.heading("新发和升级事件")
    b.sub("新发现事件")
    b.table(
        ["事件", "级别", "累计信息"],
        [[r["title"], r["tier"], r["items"]] for r in snap["new_events"]],
    )
    b.sub("级别上升事件")
    b.table(
        ["事件", "原级别", "新级别", "时间"],
        [[r["title"], r["from"] or "—", r["tier"], _hm(r["at"])] for r in snap["rising_events"]],
    )
    b.heading("在办案件与时限")
    b.table(
        ["案件", "级别", "主管单位", "时限"],
        [[r["title"], r["tier"], r["unit"], _clocks(r["clocks"])] for r in snap["open_cases"]],
    )
    b.heading("待答复诉求")
    b.table(
        ["诉求", "承办单位", "答复时限"],
        [
            [r["title"], r["unit"], _hm(r["due"]) + ("（已超时）" if r["late"] else "")]
            for r in snap["complaints_due"]
        ],
    )
    b.narrative_section("analysis", "研判意见")


def special(b: Builder, snap: dict[str, Any]) -> None:
    sp = snap["special"]
    f = sp["figures"]
    b.narrative_section("overview", "事件概述")
    b.heading("传播态势")
    b.para(
        "期间相关信息",
        f["items"],
        "，来自",
        f["sources"],
        "信息源，负面占比",
        f["negative_share"],
        "。",
    )
    tl = sp["timeline"]
    b.chart("line", tl["labels"], tl["series"], "相关信息走势")
    b.heading("级别变化")
    b.table(
        ["时间", "原级别", "新级别", "依据"],
        [[_hm(h["at"]), h["from"] or "—", h["to"], h["reasons"]] for h in sp["tier_history"]],
    )
    b.heading("处置过程")
    if not sp["cases"]:
        b.para("该事件尚未立案处置。")
    for case in sp["cases"]:
        b.sub(f"{case['title']}（{case['tier']}）")
        b.table(
            ["环节", "时间", "说明"], [[s["step"], _hm(s["at"]), s["note"]] for s in case["steps"]]
        )
        if case["statement"]:
            b.para("通稿：", case["statement"])
    b.narrative_section("analysis", "研判与建议")


def _hm(iso: str) -> str:
    moment = datetime.fromisoformat(iso).astimezone(ZoneInfo(str(settings.TIME_ZONE)))
    return f"{moment:%Y-%m-%d %H:%M}"


def _clocks(clocks: list[dict[str, Any]]) -> str:
    return (
        "；".join(
            f"{c['label']} {_hm(c['deadline'])}{'（已超时）' if c['late'] else ''}" for c in clocks
        )
        or "—"
    )


LAYOUTS: dict[str, Callable[[Builder, dict[str, Any]], None]] = {
    "daily": daily,
    "weekly": periodic,
    "half-year": periodic,
    "annual": periodic,
    "special": special,
}


def build(report: Any) -> Any:
    """The Document of a saved report (huiying.reports.models.Report)."""
    import huiying.documents as d

    b = Builder(d, dict(report.narrative or {}))
    LAYOUTS[report.kind](b, report.figures)
    from huiying.org.models import Unit

    office = Unit.objects.filter(is_office=True).order_by("pk").first()
    issuer = office.name if office else ""
    subtitle = f"{report.figures['period']['human']}　{report.figures['scope']['name']}"
    return d.Document(
        report.title,
        b.blocks,
        subtitle=subtitle,
        issuer=issuer,
        date=report.generated_at.date(),
        doc_number=f"第{report.pk}号",
    )
