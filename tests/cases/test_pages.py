"""The case pages as a person uses them: open a case, act on it, see clocks and trail."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from huiying.cases import services
from huiying.cases.models import Case
from huiying.core.tiers import Tier
from tests.cases.conftest import reviewed_statement

pytestmark = pytest.mark.django_db


def _case(owner, unit, hours_ago=1.0, tier=Tier.SIGNIFICANT, title="城南菜市场食品安全问题"):
    opened = timezone.now() - timedelta(hours=hours_ago)
    return services.open_case(title=title, tier=tier, unit=unit, owner=owner, now=opened)


def test_open_case_form(client, other_unit, editor):
    client.force_login(editor)
    page = client.get(reverse("cases:open"))
    assert page.status_code == 200 and "立案" in page.content.decode()
    response = client.post(
        reverse("cases:open"),
        {
            "title": "河道污染网民投诉",
            "tier": "2",
            "origin": "manual",
            "unit": other_unit.pk,
            "owner": editor.pk,
            "summary": "多名网民反映城东河道发黑发臭。",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert case.opened_at is not None and case.clocks.count() == 2
    refused = client.post(
        reverse("cases:open"),
        {
            "title": "无事件编号",
            "tier": "2",
            "origin": "event",
            "unit": other_unit.pk,
            "owner": editor.pk,
        },
    )
    assert refused.status_code == 400 and "须指明所属事件" in refused.content.decode()


def test_my_cases_late_first_with_countdowns(client, other_unit, editor):
    _case(editor, other_unit, hours_ago=1, title="按时案件")
    _case(editor, other_unit, hours_ago=13, title="超时案件")  # 较大: 12 h first response
    client.force_login(editor)
    body = client.get(reverse("cases:mine")).content.decode()
    assert body.index("超时案件") < body.index("按时案件")
    assert "已超时" in body and "剩余" in body


def test_case_page_actions_and_refusals(client, other_unit, people):
    editor, supervisor = people["editor"], people["supervisor"]
    case = _case(editor, other_unit)
    client.force_login(editor)
    url = reverse("cases:detail", args=[case.pk])
    assert "审计记录" in client.get(url).content.decode()

    def post(action, data, version=None):
        current = Case.objects.get(pk=case.pk).version
        return client.post(
            reverse("cases:act", args=[case.pk, action]),
            {"version": current if version is None else version, **data},
        )

    assert post("flash", {}).status_code == 302
    refused = post("advance", {"to_step": "respond"})
    assert refused.status_code == 400
    stale = post("follow_up", {"note": "旧页面提交"}, version=1)
    assert "该案件已被他人修改，请刷新后重试。" in stale.content.decode()
    # The old one-leader approval is gone: 通稿 goes through the review flow (三审三校).
    assert post("statement", {"text": "关于城南菜市场的情况通报"}).status_code == 404
    assert "起草通稿（送三审三校）" in client.get(url).content.decode()
    assert (
        post(
            "evidence",
            {"name": "现场照片", "file": SimpleUploadedFile("p.txt", "照片说明".encode())},
        ).status_code
        == 302
    )
    assert post("advance", {"to_step": "statement", "note": "跳过会商"}).status_code == 302
    reviewed_statement(
        Case.objects.get(pk=case.pk),
        "关于城南菜市场的情况通报",
        author=editor,
        first=people["first"],
        head=people["head"],
        leader=supervisor,
        start=timezone.now() - timedelta(hours=4),
    )
    published = timezone.localtime(timezone.now() - timedelta(minutes=5))
    assert (
        post(
            "publish",
            {
                "channel": "wechat",
                "url": "https://mp.example.cn/s/1",
                "published_at": published.strftime("%Y-%m-%dT%H:%M"),
            },
        ).status_code
        == 302
    )
    body = client.get(url).content.decode()
    assert (
        "舆情快报" in body
        and "终审通过" in body
        and "审核记录" in body
        and "政务微信公众号" in body
    )
    assert "登记发布" in body and "已按时完成" in body
    stored = Case.objects.get(pk=case.pk)
    assert stored.step == "respond" and stored.first_response_at is not None
    evidence = stored.evidence.get()
    download = client.get(reverse("cases:evidence_file", args=[case.pk, evidence.pk]))
    assert (
        download.status_code == 200 and b"".join(download.streaming_content) == "照片说明".encode()
    )


def test_english_page(client, other_unit, editor):
    case = _case(editor, other_unit)
    client.force_login(editor)
    body = client.get(
        reverse("cases:detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Audit record" in body and "Flash report" in body


def test_english_page_translates_clock_names_and_refusals(client, other_unit, editor):
    case = _case(editor, other_unit)
    client.force_login(editor)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    clocks = re.search(r'<ul class="plain clocks">(.*?)</ul>', body, re.S).group(1)
    assert "First public response" in clocks and "首次公开回应" not in clocks
    refused = client.post(
        reverse("cases:act", args=[case.pk, "advance"]),
        {"version": case.version, "to_step": "respond"},
    ).content.decode()
    assert "案件不能从" not in refused
    stale = client.post(
        reverse("cases:act", args=[case.pk, "follow_up"]), {"version": 99, "note": "旧页面"}
    ).content.decode()
    assert "该案件已被他人修改" not in stale and "reload" in stale
    opened = client.post(
        reverse("cases:open"),
        {
            "title": "无事件",
            "tier": "2",
            "origin": "alert",
            "unit": other_unit.pk,
            "owner": editor.pk,
        },
    ).content.decode()
    assert "A case opened from an alert must name the alert." in opened
