"""Decoding Chinese pages the way they really arrive: GB and Big5, declared, undeclared
and declared wrongly."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from huiying.core.charset import decode, decode_body, sniff_declared_charset
from huiying.core.fetch_errors import FetchError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "fetch"
NOTICE = (FIXTURES / "notice_hans.txt").read_text(encoding="utf-8")  # has 喆 and 镕
REPORT = (FIXTURES / "report_hant.txt").read_text(encoding="utf-8")  # Traditional


def page(text: str, head: str = "") -> str:
    return f"<html><head>{head}<title>通知</title></head><body><p>{text}</p></body></html>"


def test_gb18030_feed_declared_in_xml_declaration() -> None:
    feed = (
        '<?xml version="1.0" encoding="GB18030"?>\n<rss version="2.0"><channel>'
        "<title>区政府网站 通知公告</title><item><title>关于开展燃气安全检查的通知</title>"
        "<description>网友留言：检查人员态度很好👍，希望定期开展。</description>"
        "</item></channel></rss>"
    )
    text, encoding = decode_body(feed.encode("gb18030"), "application/rss+xml")
    assert (text, encoding) == (feed, "gb18030")


def test_gb2312_declaration_with_characters_outside_gb2312() -> None:
    body = page(NOTICE, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    raw = body.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):  # the label alone would lose 喆 and 镕
        raw.decode("gb2312")
    result = decode(raw, "text/html")
    assert result.text == body
    assert (result.encoding, result.declared, result.how) == ("gb18030", "gb2312", "declared")
    assert "喆园小区" in result.text and "镕金路" in result.text


def test_big5_undeclared() -> None:
    body = page(REPORT)
    text, encoding = decode_body(body.encode("big5"), None)
    assert text == body
    assert encoding in ("big5hkscs", "cp950")


def test_big5_bytes_declared_as_gb2312_in_meta() -> None:
    body = page(REPORT, '<meta charset="gb2312">')
    raw = body.encode("big5")
    raw.decode("gb18030")  # the lie decodes without error, into nonsense: the score must catch it
    result = decode(raw, "text/html")
    assert result.text == body
    assert (result.declared, result.how) == ("gb2312", "detected")


@pytest.mark.parametrize("header", ["text/html; charset=utf-8", "text/html; charset=ISO-8859-1"])
def test_gb18030_bytes_with_wrong_header(header: str) -> None:
    body = page(NOTICE)
    result = decode(body.encode("gb18030"), header)
    assert result.text == body
    assert result.encoding == "gb18030"
    assert result.how == "detected"


def test_header_wrong_but_meta_right() -> None:
    body = page(REPORT, '<meta charset="big5">')
    result = decode(body.encode("big5"), "text/html; charset=gbk")
    assert result.text == body
    assert result.how == "declared"  # trusted the meta tag, the second declaration


def test_utf8_bom_wins_over_declaration() -> None:
    body = page(NOTICE, '<meta charset="gbk">')
    text, encoding = decode_body(codecs.BOM_UTF8 + body.encode("utf-8"), "text/html; charset=gbk")
    assert (text, encoding) == (body, "utf-8")  # BOM stripped


def test_utf16_with_bom() -> None:
    body = page(REPORT)
    text, encoding = decode_body(codecs.BOM_UTF16_LE + body.encode("utf-16-le"), None)
    assert (text, encoding) == (body, "utf-16-le")


@pytest.mark.parametrize("content_type", [None, "text/html; charset=big5"])
def test_traditional_text_in_utf8(content_type: str | None) -> None:
    body = page(REPORT)
    text, encoding = decode_body(body.encode("utf-8"), content_type)
    assert (text, encoding) == (body, "utf-8")


def test_hkscs_characters_pick_big5hkscs() -> None:
    line = "市民留言：呢度啲水浸咗成個禮拜，冇人理㗎。區公所回覆：已派員處理。"
    raw = page(line, '<meta charset="big5">').encode("big5hkscs")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("cp950")
    text, encoding = decode_body(raw, None)
    assert encoding == "big5hkscs"
    assert "冇人理㗎" in text


def test_euro_sign_needs_cp950() -> None:
    line = "本區垃圾清運合約金額約為€120萬，預計下月公開招標。" + REPORT
    raw = line.encode("cp950")
    text, encoding = decode_body(raw, "text/plain; charset=big5")
    assert (text, encoding) == (line, "cp950")


def test_plain_ascii_keeps_declared_label() -> None:
    text, encoding = decode_body(b"<p>12345 hotline</p>", "text/html; charset=gb2312")
    assert (text, encoding) == ("<p>12345 hotline</p>", "gb18030")


def test_truncated_gb_text_decodes_with_replacement() -> None:
    raw = NOTICE.encode("gb18030")[:-1]  # cut in the middle of the last character
    raw = raw.rstrip(b"\n") + "日".encode("gb18030")[:1]
    result = decode(raw, None)
    assert result.encoding == "gb18030"
    assert result.replaced == 1
    assert result.text.startswith("关于喆园小区等老旧小区加装电梯的通知")


def test_binary_noise_is_undecodable() -> None:
    noise = random.Random(7).randbytes(4000)
    with pytest.raises(FetchError) as caught:
        decode_body(noise, "text/html")
    assert caught.value.code == "undecodable"
    assert caught.value.message == "无法识别内容的文字编码，内容可能已损坏或不是文字。"


def test_empty_body() -> None:
    assert decode_body(b"", "text/html; charset=gbk") == ("", "utf-8")


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b'<meta charset="big5">', "text/html; charset=GBK", "gbk"),
        (b'<meta charset="big5">', "text/html", "big5"),
        (b"<META HTTP-EQUIV=\"Content-Type\" CONTENT='text/html; charset=GB2312'>", None, "gb2312"),
        (b'<?xml version="1.0" encoding="gb18030"?><rss/>', "application/xml", "gb18030"),
        (b"<p>no declaration</p>", "text/html", None),
    ],
)
def test_sniff_declared_charset(body: bytes, content_type: str | None, expected: str) -> None:
    assert sniff_declared_charset(body, content_type) == expected


def test_unlabelled_western_page_falls_back_to_cp1252() -> None:
    body = "<p>Café municipal — horaires d’été</p>"
    text, encoding = decode_body(body.encode("cp1252"), None)
    assert (text, encoding) == (body, "cp1252")
