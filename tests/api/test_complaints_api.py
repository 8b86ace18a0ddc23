"""Pushing complaints in and reading their status and reply out, as a 12345 platform."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from huiying.audit.models import AuditEntry
from huiying.audit.services import verify_chain
from huiying.complaints import services
from huiying.complaints.assignment import create_rule
from huiying.complaints.models import Complaint
from tests.api.conftest import record

pytestmark = pytest.mark.django_db

ANSWER = "经核查，施工单位已调整作业时间，夜间十点后停止高噪音作业。"


def test_push_read_back_reply_and_reopen(hotline, other_unit):
    create_rule(name="城乡建设", unit=other_unit, category="城乡建设")
    created = hotline.post("/api/complaints", record())
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "assigned" and body["unit"] == {"code": "zjj", "name": "市住建局"}
    assert body["received_at"] == "2025-09-22T10:00:00+08:00"
    assert body["due_at"] == "2025-09-28T10:00:00+08:00"  # 补班 Sunday counts
    assert body["reply"] == "" and body["replied_at"] is None

    again = hotline.post("/api/complaints", record(content="重复推送"))
    assert again.status_code == 200 and again.json()["external_id"] == "QH250922001"
    assert Complaint.objects.count() == 1

    complaint = Complaint.objects.get()
    services.reply(complaint, ANSWER)
    read = hotline.get("/api/complaints/12345热线/QH250922001")
    assert read.status_code == 200
    assert read.json()["status"] == "replied" and read.json()["reply"] == ANSWER
    assert read.json()["replied_at"] is not None and read.json()["closed_at"] is None
    services.close(complaint)
    closed = hotline.get("/api/complaints/" + quote("12345热线") + "/QH250922001").json()
    assert closed["status"] == "closed" and closed["closed_at"] is not None

    reopened = hotline.post(
        "/api/complaints/12345热线/QH250922001/reopen", {"reason": "噪音依旧，问题没有解决。"}
    )
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "reopened" and reopened.json()["reopened_count"] == 1
    entry = AuditEntry.objects.filter(action="complaint.reopen").get()
    assert entry.actor is None and entry.after["via"] == "api:12345平台"
    assert entry.after["reason"] == "噪音依旧，问题没有解决。"

    refused = hotline.post("/api/complaints/12345热线/QH250922001/reopen", {"reason": "再次"})
    assert refused.status_code == 409
    assert refused.json()["error"]["message"] == "该诉求已经重新打开，正在办理。"
    assert refused.json()["error"]["message_en"] == (
        "This complaint has already been reopened and is being handled."
    )
    assert verify_chain()[0]


def test_reopen_needs_a_reason_and_an_answer(hotline):
    hotline.post("/api/complaints", record("R1"))
    no_reason = hotline.post("/api/complaints/12345热线/R1/reopen", {})
    assert no_reason.status_code == 400
    assert no_reason.json()["error"]["fields"][0]["field"] == "reason"
    not_answered = hotline.post("/api/complaints/12345热线/R1/reopen", {"reason": "不满意"})
    assert not_answered.status_code == 409
    assert not_answered.json()["error"]["message"] == "该诉求尚未答复，不能重新打开。"
    assert not_answered.json()["error"]["message_en"] == (
        "This complaint has not been answered yet, so it cannot be reopened."
    )
    assert hotline.get("/api/complaints/12345热线/nope").status_code == 404


def test_batch_push_is_all_or_nothing(hotline):
    rows = [record("B1"), record("B2", content=""), record("B3", received_at="昨天下午")]
    response = hotline.post("/api/complaints", {"complaints": rows})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"] == "请求数据有误，未保存任何记录。"
    fields = {(f["index"], f["field"]): (f["message"], f["message_en"]) for f in error["fields"]}
    assert fields[(1, "content")] == ("缺少内容。", "Content is missing.")
    assert fields[(2, "received_at")][0].startswith("受理时间无法识别")
    assert not Complaint.objects.exists()

    ok = hotline.post("/api/complaints", [record("B1"), record("B2"), record("B3", id="ignored")])
    assert ok.status_code == 201
    assert ok.json()["created"] == 3 and ok.json()["existing"] == 0
    again = hotline.post("/api/complaints", {"complaints": [record("B1"), record("B4")]})
    assert again.status_code == 201 and (again.json()["created"], again.json()["existing"]) == (
        1,
        1,
    )
    assert hotline.post("/api/complaints", [record("B1")]).status_code == 200


def test_service_checks_reach_the_caller_in_both_languages(hotline):
    response = hotline.post("/api/complaints", record("2025/01"))
    assert response.status_code == 400
    [field] = response.json()["error"]["fields"]
    assert field == {
        "index": 0,
        "field": "external_id",
        "message": "渠道编号不能包含“/”。",
        "message_en": "Channel ID may not contain “/”.",
    }
    future = hotline.post("/api/complaints", record("F1", received_at="2099-01-01T08:00:00+08:00"))
    assert future.json()["error"]["fields"][0]["message"] == "时间晚于当前时间，请检查是否有误。"
    assert hotline.post("/api/complaints", record("U1", unit="nowhere")).status_code == 400
    for body in (b"{not json", b"42", b"[]"):
        assert hotline.post("/api/complaints", raw=body).status_code == 400
    wrong_type = hotline.post("/api/complaints", record("T1", title=["不是", "字符串"]))
    assert wrong_type.json()["error"]["fields"][0]["message"] == "title 应为字符串。"
    assert not Complaint.objects.exists()


def test_personal_details_in_a_payload_are_ignored(hotline):
    row = record(
        "P1",
        name="某某某",
        phone="13900000000",
        id_card="110101199001011234",
        来电人="某某某",
        联系电话="13900000000",
    )
    assert hotline.post("/api/complaints", row).status_code == 201
    everything = json.dumps(
        [list(Complaint.objects.values()), list(AuditEntry.objects.values())],
        default=str,
        ensure_ascii=False,
    )
    for detail in ("某某某", "13900000000", "110101199001011234"):
        assert detail not in everything
    assert "13900000000" not in hotline.get("/api/complaints/12345热线/P1").content.decode()


def test_numeric_ids_and_paragraph_arrays(hotline):
    row = record(content=["第一段：路灯坏了。", "第二段：一个月没人修。"])
    row.pop("external_id")
    row["id"] = 5013
    assert hotline.post("/api/complaints", row).status_code == 201
    complaint = Complaint.objects.get(external_id="5013")
    assert complaint.content == "第一段：路灯坏了。\n第二段：一个月没人修。"


def test_a_departments_board_lands_in_that_department(board, other_unit):
    assert board.post("/api/complaints", record("Z1")).json()["unit"]["code"] == "zjj"
    assert Complaint.objects.get(external_id="Z1").api_token.name == "住建局留言板"


def test_changes_since_are_paged_in_update_order(hotline, other_unit):
    for n in range(5):
        hotline.post("/api/complaints", record(f"L{n}"))
    first = hotline.get("/api/complaints", {"limit": 2})
    assert first.status_code == 200
    page = first.json()
    assert [c["external_id"] for c in page["complaints"]] == ["L0", "L1"]
    seen = [c["external_id"] for c in page["complaints"]]
    while page["next_cursor"]:
        page = hotline.get("/api/complaints", {"limit": 2, "cursor": page["next_cursor"]}).json()
        seen += [c["external_id"] for c in page["complaints"]]
    assert seen == ["L0", "L1", "L2", "L3", "L4"]

    mark = Complaint.objects.get(external_id="L4").updated_at.isoformat()
    services.assign(Complaint.objects.get(external_id="L1"), other_unit)
    changed = hotline.get("/api/complaints", {"updated_since": mark}).json()
    assert [c["external_id"] for c in changed["complaints"]] == ["L1"]
    assert changed["complaints"][0]["status"] == "assigned" and changed["next_cursor"] is None

    assert hotline.get("/api/complaints", {"updated_since": "上周"}).status_code == 400
    assert hotline.get("/api/complaints", {"limit": 0}).status_code == 400
    assert hotline.get("/api/complaints", {"cursor": "!!"}).status_code == 400
