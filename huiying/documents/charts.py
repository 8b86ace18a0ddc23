"""Charts as PNG for reports: matplotlib's Agg backend with a CJK font so labels never show tofu."""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Sequence

from matplotlib import font_manager, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as MplFigure

# Fonts with full CJK coverage, in order of preference (print-quality first).
CJK_FONT_CANDIDATES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "Sarasa Gothic SC",
    "Droid Sans Fallback",
)
KINDS = ("bar", "barh", "line", "pie")
# Fixed palette so the same data always gives the same picture.
PALETTE = ("#c23531", "#2f4554", "#61a0a8", "#d48265", "#91c7ae", "#749f83", "#ca8622", "#bda29a")


# rc_context swaps matplotlib's process-wide rcParams; charts drawn from several request
# threads at once must not see each other's settings.
_RC_LOCK = threading.Lock()


class ChartFontError(RuntimeError):
    """No font able to draw Chinese is installed."""


@functools.lru_cache(maxsize=8)
def find_cjk_font(candidates: tuple[str, ...] = CJK_FONT_CANDIDATES) -> str:
    """The first installed font family from `candidates`; ChartFontError if none is."""
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    for name in candidates:
        if name in installed:
            return name
    raise ChartFontError(
        "未找到可显示中文的字体，图表中的中文会显示为方框。请安装文泉驿微米黑"
        "（fonts-wqy-microhei）或思源黑体（fonts-noto-cjk）。 / "
        "No CJK-capable font found, Chinese labels would render as boxes. Install "
        "fonts-wqy-microhei or fonts-noto-cjk. Tried: " + ", ".join(candidates)
    )


def _check(kind: str, labels: Sequence[str], series: dict[str, list[float]]) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown chart kind {kind!r}; expected one of {', '.join(KINDS)}")
    if not series:
        raise ValueError("a chart needs at least one series")
    for name, values in series.items():
        if len(values) != len(labels):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(labels)} labels")
    if kind == "pie" and len(series) != 1:
        raise ValueError("a pie chart takes exactly one series")


def _draw(ax: object, kind: str, labels: list[str], series: dict[str, list[float]]) -> None:
    from matplotlib.axes import Axes

    assert isinstance(ax, Axes)
    positions = list(range(len(labels)))
    count = len(series)
    if kind == "pie":
        (values,) = series.values()
        ax.pie(
            values,
            labels=labels,
            colors=[PALETTE[i % len(PALETTE)] for i in positions],
            autopct="%1.1f%%",
            startangle=90,
            counterclock=False,
        )
        ax.set_aspect("equal")
        return
    if kind == "line":
        for index, (name, values) in enumerate(series.items()):
            ax.plot(labels, values, marker="o", label=name, color=PALETTE[index % len(PALETTE)])
        ax.grid(axis="y", alpha=0.3)
    else:
        width = 0.8 / count
        for index, (name, values) in enumerate(series.items()):
            offsets = [p - 0.4 + width * (index + 0.5) for p in positions]
            draw = ax.barh if kind == "barh" else ax.bar
            bars = draw(offsets, values, width, label=name, color=PALETTE[index % len(PALETTE)])
            ax.bar_label(bars, fmt="%g", fontsize=8, padding=2)
        if kind == "barh":
            ax.set_yticks(positions, labels)
            ax.invert_yaxis()  # first label on top, as it reads in a table
            ax.grid(axis="x", alpha=0.3)
        else:
            ax.set_xticks(positions, labels)
            ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    if count > 1:
        ax.legend(frameon=False)


def chart_png(
    kind: str,
    labels: list[str],
    series: dict[str, list[float]],
    *,
    title: str = "",
    width_in: float = 6.4,
    height_in: float = 3.2,
    dpi: int = 150,
) -> bytes:
    """A PNG of width_in×dpi by height_in×dpi pixels; identical input gives identical bytes.

    kind: "bar" | "barh" | "line" | "pie". `series` maps a legend name to one value per label.
    """
    _check(kind, labels, series)
    font = find_cjk_font()
    # rc_context restores rcParams afterwards, so the font choice stays local to this call.
    with (
        _RC_LOCK,
        rc_context(
            {
                "font.family": "sans-serif",
                "font.sans-serif": [font, "DejaVu Sans"],
                "axes.unicode_minus": False,  # CJK fonts often lack U+2212
                "svg.hashsalt": "huiying",
            }
        ),
    ):
        figure = MplFigure(figsize=(width_in, height_in), dpi=dpi, layout="constrained")
        FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        _draw(ax, kind, labels, series)
        if title:
            ax.set_title(title)
        buffer = io.BytesIO()
        # No "Software" chunk: the bytes then depend only on the input, not the library build.
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()
