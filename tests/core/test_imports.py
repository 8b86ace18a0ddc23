from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from huiying.core.entries import ParseError
from huiying.core.imports import COMPLAINT_COLUMNS, POST_COLUMNS, ImportResult, read_import

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "parse"
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2024, 4, 28, 10, 0, tzinfo=SHANGHAI)


def read(data: bytes, kind: str = "posts", **kwargs: object) -> ImportResult:
    return read_import(data, kind=kind, now=NOW, tz=SHANGHAI, **kwargs)  # type: ignore[arg-type]


def test_complaint_export_in_gb18030_with_chinese_header() -> None:
    data = (FIXTURES / "complaints_gb18030.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the fixture really is not UTF-8
    result = read(data, "complaints")
    assert (result.fmt, result.encoding) == ("csv", "gb18030")

    (line1, noise), (line2, lights) = result.entries
    # line numbers as the user sees them: title row 1, header row 2
    assert (line1, line2) == (3, 5)  # the first complaint spans lines 3–4
    assert noise.guid == "12345热线:QH240427001"
    assert noise.title == "幸福里小区夜间施工噪音扰民"
    assert noise.text.split("\n") == [
        "来电人反映：幸福里小区改造工地每天晚上十点以后还在切割钢筋，噪音很大。",
        "老人孩子无法休息，希望有关部门尽快处理。",
    ]
    assert noise.published_at == datetime(2024, 4, 27, 21, 35, tzinfo=SHANGHAI)
    assert noise.extra == {
        "category": "城乡建设",
        "channel": "12345热线",
        "status": "已办结",
        "reply": "经核实，施工单位已调整作业时间，夜间22时后停止高噪声作业。",
        "replied_at": "2024-04-28T09:10:00+08:00",
    }
    # caller name and phone columns are never read
    assert noise.author == ""
    assert "王先生" not in repr(noise) and "138" not in repr(noise)

    assert lights.guid == "网站留言:QH240426015"
    assert "𠮷先生" in lights.text  # a four-byte GB18030 character, not in GBK
    # a date cell Excel wrote out as its serial number
    assert lights.published_at == datetime(2024, 4, 26, 16, 30, tzinfo=SHANGHAI)

    assert [(e.line, e.message) for e in result.errors] == [
        (6, "缺少内容（content）。"),
        (7, "受理时间“2024年13月5日”无法识别，请写成 2024-04-27 07:05 这样的格式。"),
        (8, "受理时间“2099-01-01 08:00”晚于当前时间，请检查是否有误。"),
    ]


def test_posts_jsonl_with_two_bad_lines() -> None:
    result = read((FIXTURES / "posts.jsonl").read_bytes())
    assert result.fmt == "jsonl"
    assert [line for line, _ in result.entries] == [1, 2, 3, 7]
    assert [(e.line, e.message) for e in result.errors] == [
        (5, "不是有效的 JSON（第 52 个字符附近：缺少逗号）。"),
        (6, "缺少内容（text/content）。"),
    ]
    weibo, forum, trad, video = (entry for _, entry in result.entries)

    assert weibo.url == "https://weibo.example.com/5012"  # share tracking removed
    assert weibo.guid == "wb-5012"
    assert weibo.author == "清河小散"
    assert weibo.extra == {"source": "微博"}
    assert weibo.published_at == datetime(2024, 4, 27, 8, 12, tzinfo=SHANGHAI)

    # Chinese keys, a numeric id, HTML in the body, a URL without scheme, "昨天 21:40"
    assert forum.guid == "5013"
    assert forum.title == "东岸步道晚上太黑了"
    assert forum.text == "东岸步道晚上一盏灯都没有，\n上周有老人摔倒。"
    assert "<script" not in forum.html and "track()" not in forum.text
    assert forum.url == "http://www.example-forum.cn/t/5013"
    assert forum.published_at == datetime(2024, 4, 27, 21, 40, tzinfo=SHANGHAI)

    assert trad.text.startswith("縣城老舊小區")  # kept as written; folding is later
    assert trad.published_at == datetime(2024, 4, 28, 7, 0, tzinfo=SHANGHAI)

    assert video.text.startswith("抖音用户发布视频")  # "content" is an alias of "text"
    assert video.url == "https://www.example-video.com/video/7361"


def test_utf8_csv_with_bom_and_english_header() -> None:
    csv_text = (
        "id,title,content,url,source,author,published_at\r\n"
        'n1,停水通知,"城区部分路段4月29日停水。",https://gov.example.cn/n1,县政府网,,2024/4/27 9:00\r\n'
        "n2,,没有标题也可以,,,,\r\n"
    )
    result = read(b"\xef\xbb\xbf" + csv_text.encode("utf-8"))
    assert result.encoding == "utf-8-sig"
    assert result.errors == []
    (_, first), (_, second) = result.entries
    assert first.title == "停水通知" and first.url == "https://gov.example.cn/n1"
    assert first.published_at == datetime(2024, 4, 27, 9, 0, tzinfo=SHANGHAI)
    assert second.text == "没有标题也可以" and second.published_at is None


def test_big5_csv_from_a_traditional_chinese_excel() -> None:
    csv_text = (
        "編號,標題,內容,受理時間,類別,渠道,狀態\r\n"
        "TW001,河濱步道照明不足,河濱步道晚上很暗，希望增設路燈。,2024/4/26 20:15,市政設施,網站留言,處理中\r\n"
    )
    result = read(csv_text.encode("big5"), "complaints")
    assert result.encoding == "cp950"
    ((_, entry),) = result.entries
    assert entry.text == "河濱步道晚上很暗，希望增設路燈。"
    assert entry.guid == "網站留言:TW001"


def test_tab_separated_utf16_from_excel_unicode_text() -> None:
    tsv = "编号\t内容\t发布时间\r\nx1\t县医院新门诊楼启用\t2024-04-26\r\n"
    result = read(tsv.encode("utf-16"))
    assert result.encoding == "utf-16"
    ((_, entry),) = result.entries
    assert (entry.guid, entry.text) == ("x1", "县医院新门诊楼启用")


def test_bad_rows_never_stop_the_good_ones() -> None:
    lines = [
        json.dumps({"id": "a", "text": "第一条"}),
        "not json at all",
        "[1, 2]",
        json.dumps({"text": "没有编号"}),
        json.dumps({"id": "b", "text": "链接坏了", "url": "ftp//nowhere"}),
        json.dumps({"id": "c", "text": "最后一条", "published_at": "刚刚"}),
    ]
    result = read("\n".join(lines).encode())
    assert [entry.guid for _, entry in result.entries] == ["a", "c"]
    assert [e.line for e in result.errors] == [2, 3, 4, 5]
    assert result.errors[1].message == "这一行应是一个 JSON 对象（{…}）。"
    assert result.errors[2].message == "缺少编号（id）。"
    assert "不是有效的网址" in result.errors[3].message


def test_missing_required_column_is_a_file_error() -> None:
    with pytest.raises(ParseError) as caught:
        read("标题,发布时间\n停水,2024-04-27\n".encode())
    assert caught.value.code == "missing_columns"
    assert "编号（id）" in caught.value.message and "内容" in caught.value.message


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"", "empty"), (b"\xef\xbb\xbf \r\n", "empty"), (b'[{"id": 1}]', "json_array")],
)
def test_whole_file_problems(data: bytes, code: str) -> None:
    with pytest.raises(ParseError) as caught:
        read(data)
    assert caught.value.code == code


def test_format_can_be_forced() -> None:
    result = read(b'{"id": 1, "text": "x"}\n', fmt="jsonl")
    assert result.fmt == "jsonl" and len(result.entries) == 1


def test_every_column_alias_is_documented() -> None:
    doc = (ROOT / "docs" / "import-format.md").read_text(encoding="utf-8")
    missing = [
        alias
        for columns in (POST_COLUMNS, COMPLAINT_COLUMNS)
        for aliases in columns.values()
        for alias in aliases
        if f"`{alias}`" not in doc
    ]
    assert not missing, f"undocumented column names: {missing}"
