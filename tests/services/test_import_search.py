"""Imports through the real storage path, and search on whichever database runs the suite."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from huiying.items.models import Item
from huiying.items.search import search_items
from huiying.sources.models import SourceKind
from huiying.sources.services import create_source, import_file
from tests.services.feeds import STORIES

pytestmark = pytest.mark.django_db


def _posts_jsonl() -> bytes:
    rows = [
        {
            "id": f"p{i}",
            "title": title,
            "text": body,
            "url": f"https://bbs.example.cn/t/{i}?utm_source=wx",
            "source": "青川论坛",
            "published_at": "2026-11-24 09:1" + str(i),
        }
        for i, (title, body) in enumerate(STORIES)
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(1, '{"id": "broken", "title": "缺少正文"')  # bad JSON on line 2
    lines.append(
        json.dumps({"id": "p9", "title": "没有内容字段"}, ensure_ascii=False)
    )  # missing text
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def posts_source(office):
    return create_source(name="论坛导入", kind=SourceKind.POSTS_IMPORT, url="", unit=office)


def test_import_keeps_good_rows_reports_bad_ones_and_is_idempotent(posts_source):
    report = import_file(posts_source, _posts_jsonl(), "posts.jsonl")
    assert report.stored.new == len(STORIES)
    assert sorted(e.line for e in report.errors) == [2, len(STORIES) + 2]
    assert all(e.message for e in report.errors)
    item = Item.objects.get(guid__endswith="p0")
    assert "utm_source" not in item.url
    again = import_file(posts_source, _posts_jsonl(), "posts.jsonl")
    assert again.stored.new == 0
    assert Item.objects.count() == len(STORIES)


def test_import_command_reports_line_numbers(posts_source, tmp_path, capsys):
    path = tmp_path / "posts.jsonl"
    path.write_bytes(_posts_jsonl())
    with pytest.raises(CommandError):
        call_command("import", str(path), "--source", posts_source.name)
    err = capsys.readouterr().err
    assert "第 2 行" in err
    assert Item.objects.count() == len(STORIES)


def test_complaint_export_in_gb18030_csv(office):
    source = create_source(
        name="12345热线导出", kind=SourceKind.COMPLAINTS_IMPORT, url="", unit=office
    )
    csv_text = (
        "编号,标题,内容,受理时间,类别,渠道,状态,答复内容,答复时间\n"
        "GD2026001,江滨路积水,江滨路与滨河大道路口每逢下雨积水严重，恳请尽快疏通排水管网。,2026-11-20 08:30,市政设施,12345热线,已办结,已安排疏通。,2026-11-21 17:00\n"
        "GD2026002,小区电梯停运,鼓楼区青石社区3号楼电梯停运一周无人维修。,2026-11-22 10:05,物业管理,市长信箱,办理中,,\n"
    )
    report = import_file(source, csv_text.encode("gb18030"), "export.csv")
    assert report.stored.new == 2, report.errors
    item = Item.objects.get(title="江滨路积水")
    assert item.extra["category"] == "市政设施"
    assert item.extra["reply"] == "已安排疏通。"
    assert "排水管网" in item.text


def test_search_finds_words_phrases_and_traditional_text(posts_source):
    import_file(posts_source, _posts_jsonl(), "posts.jsonl")
    result = search_items("加装电梯")
    assert [h.item.title for h in result.hits] == [STORIES[0][0]]
    assert "<mark>" in result.hits[0].title_html or "<mark>" in result.hits[0].snippet_html

    # Two words, both must occur.
    assert {h.item.title for h in search_items("积水 车辆").hits} == {STORIES[1][0]}
    assert search_items("积水 电梯").hits == []
    # A Traditional query finds the Simplified text (matching runs on folded text).
    assert [h.item.title for h in search_items("食堂 檢查").hits] == [STORIES[2][0]]
    # Exclusion and phrase.
    assert search_items("食堂 -整改").hits == []
    assert len(search_items('"限期整改"').hits) == 1
    assert search_items('"整改限期"').hits == []


def test_search_highlights_traditional_original(office):
    source = create_source(name="港澳转载", kind=SourceKind.POSTS_IMPORT, url="", unit=office)
    row = {
        "id": "t1",
        "title": "鼓樓區加裝電梯進展",
        "text": "鼓樓區第二批老舊小區加裝電梯工程已經開工。",
    }
    import_file(source, (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"), "t.jsonl")
    hits = search_items("加装电梯").hits
    assert len(hits) == 1
    assert "<mark>加裝電梯</mark>" in hits[0].title_html
    assert hits[0].item.script == "hant"


def test_complaints_with_identical_text_are_each_kept(office):
    from huiying.complaints.models import Complaint

    source = create_source(name="12345导出", kind=SourceKind.COMPLAINTS_IMPORT, url="", unit=office)
    rows = [
        {
            "id": f"GD{i}",
            "title": "噪音扰民",
            "content": "工地夜间施工噪音很大，影响休息。",
            "received_at": "2026-11-20 08:30",
            "channel": "12345热线",
        }
        for i in range(3)
    ]
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode("utf-8")
    report = import_file(source, data, "export.jsonl")
    assert report.stored.new == 3
    # Every record becomes a complaint to handle (有诉必理), even with the same words.
    assert Complaint.objects.count() == 3
    assert import_file(source, data, "export.jsonl").stored.new == 0
    assert Complaint.objects.count() == 3
