"""Charts: valid PNGs of the requested size, Chinese labels drawn with a real CJK glyph."""

from __future__ import annotations

import io
import struct
import warnings

import pytest
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from huiying.documents import ChartFontError, chart_png
from huiying.documents.charts import find_cjk_font

LABELS = ["一级（重大）", "二级", "三级", "四級（一般）"]
SERIES = {"事件数": [2.0, 7.0, 15.0, 31.0], "已回应": [2.0, 6.0, 12.0, 20.0]}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def missing_glyph_warnings(draw) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        draw()
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


@pytest.mark.parametrize("kind", ["bar", "barh", "line", "pie"])
def test_each_kind_is_a_png_of_the_right_size_without_missing_glyphs(kind):
    series = {"事件数": SERIES["事件数"]} if kind == "pie" else SERIES
    result: list[bytes] = []
    missing = missing_glyph_warnings(
        lambda: result.append(chart_png(kind, LABELS, series, title="各级事件数量（上半年）"))
    )
    assert missing == []
    assert png_size(result[0]) == (960, 480)  # 6.4 × 3.2 in at 150 dpi


def test_the_glyph_check_catches_a_font_without_chinese():
    """Control: the same check fails when matplotlib has only a Latin font, so the test above
    would notice tofu."""

    def draw_with_latin_font():
        with rc_context({"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]}):
            figure = Figure()
            FigureCanvasAgg(figure)
            figure.add_subplot().set_title("各级事件数量")
            figure.savefig(io.BytesIO(), format="png")

    assert missing_glyph_warnings(draw_with_latin_font)


def test_same_input_gives_identical_bytes_and_size_follows_arguments():
    first = chart_png("line", LABELS, SERIES, title="趋势", width_in=8, height_in=4)
    assert first == chart_png("line", LABELS, SERIES, title="趋势", width_in=8, height_in=4)
    assert png_size(first) == (1200, 600)
    assert b"Software" not in first[:200]


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="unknown chart kind"):
        chart_png("radar", LABELS, SERIES)
    with pytest.raises(ValueError, match="3 values for 4 labels"):
        chart_png("bar", LABELS, {"事件数": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match="exactly one series"):
        chart_png("pie", LABELS, SERIES)


def test_missing_cjk_font_is_a_clear_error_in_both_languages():
    with pytest.raises(ChartFontError) as error:
        find_cjk_font(("No Such Font A", "不存在的字体"))
    message = str(error.value)
    assert "未找到可显示中文的字体" in message and "No CJK-capable font found" in message
