"""A synthetic half-year summary used by the export tests (invented figures, no real data)."""

from __future__ import annotations

import datetime

from huiying.documents import (
    Document,
    Figure,
    Heading,
    Image,
    Paragraph,
    RichText,
    Table,
    chart_png,
)

CASES = Figure(
    value="128",
    note="立案时间在2026-01-01至2026-06-30之间的处置数",
    href="/cases/?opened_from=2026-01-01&opened_to=2026-06-30",
)
CLOSURE = Figure(
    value="91.7%",
    note="办结数除以受理数，受理时间在2026-01-01至2026-06-30之间",
    href="/complaints/?received_from=2026-01-01&received_to=2026-06-30&status=closed",
)
MEDIAN = Figure(value="3.5小时", note="首次公开回应时间的中位数，按事件分级前的全部处置计算")
UNIT_A = Figure(value="46", note="主办单位为区应急管理局的处置数", href="/cases/?unit=12")

HEADINGS = ["一、总体情况", "（一）舆情处置", "1. 回应时效", "二、下一步工作"]


def sample_document(*, with_chart: bool = True, extra_pages: int = 0) -> Document:
    blocks: list = [
        Heading(HEADINGS[0], 1),
        Paragraph(
            [
                "上半年共处置网络舆情",
                CASES,
                "件，群众诉求办结率达",
                CLOSURE,
                "，较去年同期有所提高。",
            ]
        ),
        Heading(HEADINGS[1], 2),
        Paragraph(["首次公开回应时间中位数为", MEDIAN, "。"], style="lead"),
        Heading(HEADINGS[2], 3),
        Table(
            header=["主办单位", "处置数", "办结率"],
            rows=[["区应急管理局", UNIT_A, "95.0%"], ["區市場監管局", "31", CLOSURE]],
            caption="表1 各单位处置情况",
        ),
        Paragraph(["“回应要快、口径要准。”"], style="quote"),
    ]
    if with_chart:
        png = chart_png(
            "bar",
            ["一月", "二月", "三月", "四月", "五月", "六月"],
            {"处置数": [18, 22, 25, 20, 24, 19], "办结数": [17, 20, 23, 19, 22, 17]},
            title="各月舆情处置情况",
        )
        blocks.append(Image(png=png, caption="图1 各月舆情处置情况", width_cm=15))
    blocks.append(
        RichText(
            "<h2>（二）典型做法</h2><p>坚持<strong>分级处置</strong>，详见"
            '<a href="https://example.gov.cn/notice">工作通知</a>。</p>'
            "<ul><li>建立台账</li><li>定期通报<ol><li>每周一次</li></ol></li></ul>"
            '<script>alert(1)</script><p onclick="x()">无脚本</p>'
        )
    )
    filler = (
        "各单位按照统一部署，认真落实舆情监测、研判、处置、回应各环节责任，"
        "做到早发现、早报告、早处置，切实维护良好网络生态。"
    )
    for page in range(extra_pages):
        blocks.append(Heading(f"（{page + 3}）补充说明", 2))
        blocks.extend(Paragraph([filler * 2]) for _ in range(5))
    blocks.append(Heading(HEADINGS[3], 1))
    blocks.append(Paragraph(["继续完善工作机制，提升回应质量。"]))
    return Document(
        title="关于2026年上半年网络舆情处置工作情况的报告",
        subtitle="（供内部参考）",
        issuer="某某区委网信办",
        date=datetime.date(2026, 11, 25),
        doc_number="区网信〔2026〕12号",
        recipients="区委办公室",
        blocks=blocks,
    )
