"""Complaint pages through Django's test client on the real database."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from huiying.complaints.assignment import create_rule
from huiying.complaints.models import AssignmentRule, Complaint, Status
from huiying.complaints.services import reply
from huiying.org.services import create_staff_user
from tests.complaints.conftest import receive

pytestmark = pytest.mark.django_db


def _page(client, name, *args, **params) -> str:
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def inbox(other_unit, jyj):
    now = timezone.now()
    return {
        "late": receive(
            "P1", title="路灯坏了一个月", category="城乡建设", received_at=now - timedelta(days=30),
            unit=other_unit,
        ),
        "fresh": receive(
            "P2", title="小区电梯困人", category="城乡建设", received_at=now, unit=other_unit
        ),
        "school": receive("P3", title="校门口拥堵", category="教育", received_at=now, unit=jyj),
        "new": receive("P4", title="公交末班车提前", category="交通", received_at=now),
    }  # fmt: skip


def test_a_department_sees_only_its_own_complaints(client, zjj_head, inbox):
    client.force_login(zjj_head)
    page = _page(client, "complaints:inbox")
    assert "路灯坏了一个月" in page and "小区电梯困人" in page
    assert "校门口拥堵" not in page and "公交末班车提前" not in page
    assert client.get(reverse("complaints:detail", args=[inbox["school"].pk])).status_code == 403
    response = client.post(
        reverse("complaints:assign", args=[inbox["new"].pk]),
        {"unit": inbox["school"].unit_id, "version": 1},
    )
    assert response.status_code == 403
    assert Complaint.objects.get(pk=inbox["new"].pk).status == Status.RECEIVED


def test_the_lead_office_sees_everything_including_unassigned(client, monitor_user, inbox):
    client.force_login(monitor_user)
    page = _page(client, "complaints:inbox")
    for title in ("路灯坏了一个月", "小区电梯困人", "校门口拥堵", "公交末班车提前"):
        assert title in page


def test_filters_and_working_time_countdown(client, admin_user, inbox):
    client.force_login(admin_user)
    late = _page(client, "complaints:inbox", overdue="on")
    assert "路灯坏了一个月" in late and "小区电梯困人" not in late
    assert "已超时" in late
    fresh = _page(client, "complaints:inbox", category="城乡建设", status="assigned")
    assert "小区电梯困人" in fresh and "校门口拥堵" not in fresh and "剩余" in fresh
    unassigned = _page(client, "complaints:inbox", unit="none")
    assert "公交末班车提前" in unassigned and "校门口拥堵" not in unassigned
    assert "校门口拥堵" not in _page(client, "complaints:inbox", status="replied")


def test_assign_reply_close_through_the_page_with_audit_trail(
    client, monitor_user, other_unit, inbox
):
    complaint = inbox["new"]
    client.force_login(monitor_user)
    url = reverse("complaints:detail", args=[complaint.pk])
    response = client.post(
        reverse("complaints:assign", args=[complaint.pk]), {"unit": other_unit.pk, "version": 1}
    )
    assert response.status_code == 302 and response["Location"] == url
    client.post(
        reverse("complaints:reply", args=[complaint.pk]),
        {"reply": "已协调公交公司恢复原发车时间。", "version": 2},
    )
    client.post(reverse("complaints:close", args=[complaint.pk]), {"version": 3})
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.status, stored.unit, stored.replied_by) == ("closed", other_unit, monitor_user)
    page = _page(client, "complaints:detail", complaint.pk)
    assert "已协调公交公司恢复原发车时间。" in page
    for step in ("收到诉求", "分派", "答复", "办结", "未分派 → 市住建局", "已答复 → 已办结"):
        assert step in page
    assert "monitor" in page  # who did it


def test_a_stale_form_shows_the_message_and_changes_nothing(client, monitor_user, inbox):
    complaint = inbox["fresh"]
    client.force_login(monitor_user)
    reply(complaint, "已联系物业检修电梯。")  # someone else answered first
    response = client.post(
        reverse("complaints:reply", args=[complaint.pk]), {"reply": "我的答复", "version": 1}
    )
    assert response.status_code == 400
    assert "该诉求已被他人修改，请刷新后重试。" in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).reply == "已联系物业检修电梯。"


def test_a_refused_transition_is_explained(client, monitor_user, inbox):
    client.force_login(monitor_user)
    response = client.post(reverse("complaints:close", args=[inbox["new"].pk]), {"version": 1})
    assert response.status_code == 400
    assert "该诉求尚未答复，不能办结。" in html.unescape(response.content.decode())


def test_editors_see_but_cannot_act(client, office, inbox):
    editor = create_staff_user(
        username="bj", password="pw-bianji-123", role="editor", units=[office]
    )
    client.force_login(editor)
    assert client.get(reverse("complaints:detail", args=[inbox["new"].pk])).status_code == 200
    response = client.post(
        reverse("complaints:reopen", args=[inbox["new"].pk]), {"reason": "x", "version": 1}
    )
    assert response.status_code == 403


def test_rules_page_is_for_admins(client, admin_user, monitor_user, other_unit):
    client.force_login(monitor_user)
    assert client.get(reverse("complaints:rules")).status_code == 403
    client.force_login(admin_user)
    response = client.post(
        reverse("complaints:rules"),
        {
            "name": "噪音",
            "unit": other_unit.pk,
            "keywords": "噪音，施工",
            "priority": 5,
            "enabled": "on",
        },
    )
    assert response.status_code == 302
    rule = AssignmentRule.objects.get(name="噪音")
    assert (rule.keywords, rule.unit, rule.priority) == ("噪音、施工", other_unit, 5)
    empty = client.post(
        reverse("complaints:rules"), {"name": "空规则", "unit": other_unit.pk, "priority": 1}
    )
    assert "请至少填写类别或关键词中的一项。" in html.unescape(empty.content.decode())
    client.post(reverse("complaints:rule_delete", args=[rule.pk]))
    assert not AssignmentRule.objects.exists()


def test_rule_edit_page(client, admin_user, other_unit, jyj):
    rule = create_rule(name="学校", unit=jyj, keywords="学校")
    client.force_login(admin_user)
    assert client.get(reverse("complaints:rule_edit", args=[rule.pk])).status_code == 200
    client.post(
        reverse("complaints:rule_edit", args=[rule.pk]),
        {"name": "学校", "unit": other_unit.pk, "keywords": "学校 校车", "priority": 3},
    )
    rule.refresh_from_db()
    assert (rule.unit, rule.keywords, rule.enabled) == (other_unit, "学校、校车", False)


def test_inbox_in_english(client, admin_user, inbox):
    client.force_login(admin_user)
    client.cookies["django_language"] = "en"
    page = _page(client, "complaints:inbox", overdue="on")
    assert "Complaints" in page and "Overdue by" in page and "Reply due" in page
