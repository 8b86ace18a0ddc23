"""Ledger pages through Django's test client: Chinese and English, strict CSP, and every
permission checked on the server."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from huiying.ledger import services
from huiying.ledger.assessments import Line, save_assessment
from huiying.ledger.models import Assessment, EvidenceFile, ProgressEntry, ResponsibilityTask
from huiying.ledger.occurrences import office_today
from tests.ledger.conftest import make_task

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def tasks(head_seat, zjj_seat, office, other_unit, jyj):
    today = office_today()
    overdue = make_task(zjj_seat, other_unit, created=today - timedelta(days=40),
                        deadline=today - timedelta(days=5), title="加装电梯政策解读材料发布")  # fmt: skip
    fresh = make_task(head_seat, office, created=today, deadline=today + timedelta(days=60),
                      title="新闻发言人业务培训", co_units=[other_unit])  # fmt: skip
    school = make_task(head_seat, jyj, created=today, deadline=today + timedelta(days=30),
                       title="秋季招生政策问答")  # fmt: skip
    return {"overdue": overdue, "fresh": fresh, "school": school}


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _assert_strict(response) -> None:
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    page = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline script"
    assert " style=" not in page and "<style" not in page


def test_index_shows_roster_list_overdue_first_in_chinese(client, monitor_user, tasks):
    client.force_login(monitor_user)
    response = client.get(reverse("ledger:index"))
    assert response.status_code == 200
    _assert_strict(response)
    page = _text(response)
    assert "领导小组" in page and "市委常委、宣传部部长" in page and "市住建局局长" in page
    order = [
        page.index(t)
        for t in ("加装电梯政策解读材料发布", "秋季招生政策问答", "新闻发言人业务培训")
    ]
    assert order == sorted(order)  # overdue first, then by due date
    assert page.count("overdue-flag") == 1 and "已超期 1 期" in page
    assert re.search(r'count-overdue">1<', page) and re.search(r'count-total">3<', page)
    assert "新增任务" not in page  # a monitor does not edit the list


def test_index_filters_by_unit_and_overdue(client, monitor_user, tasks, other_unit):
    client.force_login(monitor_user)
    page = _text(client.get(reverse("ledger:index"), {"unit": other_unit.pk}))
    assert "加装电梯政策解读材料发布" in page and "秋季招生政策问答" not in page
    page = _text(client.get(reverse("ledger:index"), {"state": "overdue"}))
    assert "加装电梯政策解读材料发布" in page and "新闻发言人业务培训" not in page


def test_pages_in_english(client, leader, tasks, other_unit):
    client.force_login(leader)
    client.cookies["django_language"] = "en"
    page = _text(client.get(reverse("ledger:index")))
    assert "Leading group" in page and "Responsibility list" in page and "Overdue" in page
    page = _text(client.get(reverse("ledger:task", args=[tasks["overdue"].pk])))
    assert "Progress ledger" in page and "Mark done" in page
    page = _text(client.get(reverse("ledger:assessment", args=["2026H1", other_unit.code])))
    assert "Save assessment" in page and "H1 2026" in page


def test_task_page_and_progress_with_evidence(client, zjj_head, tasks):
    client.force_login(zjj_head)
    task = tasks["overdue"]
    url = reverse("ledger:progress", args=[task.pk])
    good = SimpleUploadedFile("会议纪要.pdf", PDF, content_type="application/pdf")
    response = client.post(url, {"on": office_today().isoformat(), "text": "已召开政策解读专题会。",
                                 "files": [good]})  # fmt: skip
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    assert evidence.name == "会议纪要.pdf" and evidence.file.name.endswith(".pdf")
    page = client.get(reverse("ledger:task", args=[task.pk]))
    _assert_strict(page)
    assert "已召开政策解读专题会。" in _text(page) and "会议纪要.pdf" in _text(page)
    download = client.get(reverse("ledger:evidence_file", args=[task.pk, evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("报告.exe", b"MZ\x90\x00", "不支持的文件类型：报告.exe"),
        (
            "伪装.pdf",
            b"<html><script>alert(1)</script>",
            "文件 伪装.pdf 的内容与扩展名不符，已拒绝上传。",
        ),
        ("空.docx", b"", "空文件"),
    ],
)
def test_bad_evidence_is_refused_and_nothing_saved(client, zjj_head, tasks, name, content, message):
    client.force_login(zjj_head)
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("ledger:progress", args=[tasks["overdue"].pk]),
                           {"on": office_today().isoformat(), "text": "进展", "files": [upload]})  # fmt: skip
    assert response.status_code == 400
    assert message in _text(response)
    assert not ProgressEntry.objects.exists() and not EvidenceFile.objects.exists()


def test_oversized_evidence_is_refused(client, zjj_head, tasks, monkeypatch):
    monkeypatch.setattr("huiying.ledger.evidence.MAX_BYTES", 1024)
    client.force_login(zjj_head)
    big = SimpleUploadedFile("照片.png", b"\x89PNG\r\n\x1a\n" + b"0" * 2000)
    response = client.post(reverse("ledger:progress", args=[tasks["overdue"].pk]),
                           {"on": office_today().isoformat(), "text": "进展", "files": [big]})  # fmt: skip
    assert response.status_code == 400 and "单个文件不能超过" in _text(response)


def test_permissions_are_checked_on_the_server(client, monitor_user, zjj_head, tasks, office):
    complete = lambda t: reverse("ledger:complete", args=[t.pk])  # noqa: E731
    occ = {k: t.occurrences.get().pk for k, t in tasks.items()}
    # A monitor may look but not act.
    client.force_login(monitor_user)
    assert (
        client.post(
            complete(tasks["overdue"]), {"version": 1, "occurrence": occ["overdue"]}
        ).status_code
        == 403
    )
    assert client.get(reverse("ledger:task_new")).status_code == 403
    # 住建局 acts on what it leads or supports, not on 教育局's task, and cannot edit the list.
    client.force_login(zjj_head)
    assert (
        client.post(
            complete(tasks["school"]), {"version": 1, "occurrence": occ["school"]}
        ).status_code
        == 403
    )
    assert client.post(reverse("ledger:progress", args=[tasks["school"].pk]),
                       {"on": office_today().isoformat(), "text": "x"}).status_code == 403  # fmt: skip
    assert client.get(reverse("ledger:task_edit", args=[tasks["fresh"].pk])).status_code == 403
    response = client.post(complete(tasks["fresh"]), {"version": 1, "occurrence": occ["fresh"]})
    assert response.status_code == 302  # a co-unit may complete
    assert client.post(reverse("ledger:assessment", args=["2026H1", office.code]),
                       {"lines-TOTAL_FORMS": 0, "lines-INITIAL_FORMS": 0}).status_code == 403  # fmt: skip
    assert not Assessment.objects.exists()
    # Logged out: to the login page, files included.
    client.logout()
    assert client.get(reverse("ledger:index")).status_code == 302
    assert (
        client.get(reverse("ledger:evidence_file", args=[tasks["fresh"].pk, 1])).status_code == 302
    )


def test_second_editor_sees_a_conflict_on_the_page(client, office_head, tasks):
    client.force_login(office_head)
    task = tasks["fresh"]
    occ = task.occurrences.get()
    services.edit_task(task, title="新闻发言人业务培训（修订）", lead_leader=task.lead_leader,
                       lead_unit=task.lead_unit, deadline=task.deadline)  # fmt: skip
    response = client.post(reverse("ledger:complete", args=[task.pk]),
                           {"version": 1, "occurrence": occ.pk})  # fmt: skip
    assert response.status_code == 409
    assert "该任务已被他人修改，请刷新页面后重新操作。" in _text(response)
    occ.refresh_from_db()
    assert not occ.is_done


def test_office_creates_a_task_and_past_deadline_is_refused(client, office_head, head_seat, office):
    client.force_login(office_head)
    data = {"title": "政务新媒体季度自查", "lead_leader": head_seat.pk, "lead_unit": office.pk,
            "recurrence": "quarterly", "deadline": (office_today() - timedelta(days=1)).isoformat()}  # fmt: skip
    response = client.post(reverse("ledger:task_new"), data)
    assert response.status_code == 400 and "完成时限不能早于今天" in _text(response)
    data["deadline"] = (office_today() + timedelta(days=200)).isoformat()
    response = client.post(reverse("ledger:task_new"), data)
    task = ResponsibilityTask.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "ledger:task", args=[task.pk]
    )
    assert task.recurrence == "quarterly" and task.created_by == office_head


def _sheet(rows, version=""):
    data = {"lines-TOTAL_FORMS": len(rows), "lines-INITIAL_FORMS": 0, "version": version,
            "note": "总体较好"}  # fmt: skip
    for i, (criterion, top, score) in enumerate(rows):
        data |= {f"lines-{i}-criterion": criterion, f"lines-{i}-max_score": top,
                 f"lines-{i}-score": score, f"lines-{i}-evidence": ""}  # fmt: skip
    return data


def test_assessment_form_saves_refuses_and_confirms(client, leader, tasks, other_unit):
    client.force_login(leader)
    url = reverse("ledger:assessment", args=["2026H1", other_unit.code])
    page = client.get(url)
    assert page.status_code == 200
    _assert_strict(page)
    response = client.post(url, _sheet([("政策解读材料发布", "10", "11")]))
    assert response.status_code == 400 and "得分 11.0 高于分值 10.0" in _text(response)
    response = client.post(url, _sheet([("政策解读材料发布", "10", "8"), ("", "", "")]))
    assert response.status_code == 302
    a = Assessment.objects.get()
    assert a.total == 8 and a.lines.count() == 1
    stale = client.post(url, _sheet([("政策解读材料发布", "10", "9")], version=a.version + 5))
    assert stale.status_code == 409 and "该考核已被他人修改" in _text(stale)
    client.post(reverse("ledger:assessment_confirm", args=["2026H1", other_unit.code]),
                {"version": a.version})  # fmt: skip
    a.refresh_from_db()
    assert a.is_confirmed
    listing = _text(client.get(reverse("ledger:assessments"), {"period": "2026H1"}))
    assert "市住建局" in listing and "8.0 / 10.0" in listing and "已确认" in listing


def test_assessment_is_read_only_for_viewers(client, monitor_user, other_unit, leader):
    save_assessment(period="2026H1", unit=other_unit, lines=[Line("政策解读", "10", "7")])
    client.force_login(monitor_user)
    page = _text(client.get(reverse("ledger:assessment", args=["2026H1", other_unit.code])))
    assert "政策解读" in page and "保存考核" not in page
    assert client.get(reverse("ledger:assessment", args=["2026H9", "zjj"])).status_code == 404


def test_edit_page_and_files_of_another_task(client, office_head, tasks):
    client.force_login(office_head)
    page = client.get(reverse("ledger:task_edit", args=[tasks["fresh"].pk]))
    assert page.status_code == 200 and "新闻发言人业务培训" in _text(page)
    assert "recurrence" not in _text(page)  # fixed once the task exists
    entry = services.add_progress(
        tasks["fresh"], text="培训方案已印发。",
        files=[SimpleUploadedFile("方案.pdf", PDF)], actor=office_head,
    )  # fmt: skip
    file_id = entry.files.get().pk
    wrong = reverse("ledger:evidence_file", args=[tasks["school"].pk, file_id])
    assert client.get(wrong).status_code == 404
