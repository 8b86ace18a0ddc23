"""The report pages: generate in the UI, figures as links, narrative saved, downloads."""

from __future__ import annotations

from html import escape

import pytest
from django.urls import reverse

from huiying.org.services import create_staff_user
from huiying.reports.models import Report
from tests.reports.readback import docx_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_in(client, world):
    client.force_login(world.user)
    return client


def test_generate_view_edit_and_download(client_in, world):
    response = client_in.post(
        reverse("reports:generate"), {"kind": "half-year", "period": "2026-H1", "unit": ""}
    )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    page = client_in.get(response["Location"])
    html = page.content.decode()
    assert "script-src 'self'" in page["Content-Security-Policy"]
    items = report.figures["items"]
    assert f'href="{escape(items["href"])}"' in html and items["text"] in html
    assert "三、处置与回应" in html
    saved = client_in.post(
        reverse("reports:narrative", args=[report.pk]),
        {"version": report.version, "overview": "上半年总体平稳。\n\n群众关切集中在城建领域。"},
    )
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.narrative["overview"] == "<p>上半年总体平稳。</p><p>群众关切集中在城建领域。</p>"
    docx = client_in.get(reverse("reports:download", args=[report.pk, "docx"]))
    assert docx["Content-Disposition"].startswith("attachment;")
    _headings, text = docx_text(docx.content)
    assert "群众关切集中在城建领域" in text
    pdf = client_in.get(reverse("reports:download", args=[report.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    chart = client_in.get(reverse("reports:chart", args=[report.pk, 0]))
    assert chart["Content-Type"] == "image/png" and chart.content.startswith(b"\x89PNG")
    assert client_in.get(reverse("reports:list")).content.decode().count(report.title) >= 1


def test_a_stale_narrative_edit_is_refused(client_in, world):
    client_in.post(reverse("reports:generate"), {"kind": "daily", "period": "2026-06-15"})
    report = Report.objects.get()
    client_in.post(reverse("reports:narrative", args=[report.pk]), {"version": 1, "overview": "甲"})
    client_in.post(reverse("reports:narrative", args=[report.pk]), {"version": 1, "overview": "乙"})
    report.refresh_from_db()
    assert report.narrative["overview"] == "<p>甲</p>"


def test_bad_period_shows_a_chinese_error(client_in):
    response = client_in.post(reverse("reports:generate"), {"kind": "weekly", "period": "2026"})
    assert response.status_code == 400
    assert "该类报告的期间应为周" in response.content.decode()


def test_a_unit_member_reports_on_own_unit_only(client, world):
    user = create_staff_user(
        username="zjj_head", password="pw-zjj-2026", role="dept_head", units=[world.units["zjj"]]
    )
    client.force_login(user)
    other = client.post(
        reverse("reports:generate"),
        {"kind": "daily", "period": "2026-06-15", "unit": world.units["office"].pk},
    )
    assert other.status_code == 400  # not a choice for this user
    whole = client.post(reverse("reports:generate"), {"kind": "daily", "period": "2026-06-15"})
    assert whole.status_code == 403
    own = client.post(
        reverse("reports:generate"),
        {"kind": "daily", "period": "2026-06-15", "unit": world.units["zjj"].pk},
    )
    assert own.status_code == 302


def test_a_schedule_is_set_in_the_ui_with_the_configured_default_time(client_in, world, settings):
    from huiying.audit.models import AuditEntry
    from huiying.reports.models import ReportSchedule

    settings.HUIYING_DAILY_BRIEF_AT = "07:45"
    page = client_in.get(reverse("reports:schedules"))
    assert 'value="07:45"' in page.content.decode()
    response = client_in.post(
        reverse("reports:schedules"),
        {
            "kind": "daily",
            "unit": "",
            "at": "07:45",
            "enabled": "on",
            "recipients": [world.user.pk],
        },
    )
    assert response.status_code == 302
    schedule = ReportSchedule.objects.get()
    assert schedule.at.strftime("%H:%M") == "07:45"
    assert list(schedule.recipients.all()) == [world.user]
    assert AuditEntry.objects.filter(action="reports.schedule").count() == 1
