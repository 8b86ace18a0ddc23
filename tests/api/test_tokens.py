"""Creating tokens: the command prints the token once; the page shows it once."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from huiying.api.models import ApiToken
from huiying.audit.models import AuditEntry
from tests.api.conftest import ApiClient, record

pytestmark = pytest.mark.django_db


def test_apitoken_command_creates_a_working_token(office):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "apitoken", "create", "12345平台", "--unit", "office",
        "--scope", "complaints:write", "--scope", "complaints:read", stdout=out, stderr=err,
    )  # fmt: skip
    secret = out.getvalue().strip()
    assert secret.startswith("hy_") and "只显示这一次" in err.getvalue()
    assert ApiClient(secret).post("/api/complaints", record()).status_code == 201
    listing = io.StringIO()
    call_command("apitoken", "list", stdout=listing)
    assert "12345平台" in listing.getvalue() and secret not in listing.getvalue()
    assert AuditEntry.objects.filter(action="api_token.create").count() == 1
    call_command("apitoken", "revoke", "12345平台", stdout=io.StringIO())
    assert ApiClient(secret).get("/api/complaints").status_code == 401


def test_apitoken_command_refuses_unknown_units_and_duplicate_names(office):
    with pytest.raises(CommandError, match="未知单位代码：nowhere"):
        call_command(
            "apitoken", "create", "门户", "--unit", "nowhere", "--scope", "complaints:read"
        )
    call_command(
        "apitoken", "create", "门户", "--unit", "office", "--scope", "complaints:read",
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    with pytest.raises(CommandError, match="已有名为“门户”的令牌。"):
        call_command("apitoken", "create", "门户", "--unit", "office", "--scope", "complaints:read")


def test_the_tokens_page_shows_a_new_token_once(client, admin_user, monitor_user, office):
    client.force_login(monitor_user)
    assert client.get("/api/tokens/").status_code == 403
    client.force_login(admin_user)
    response = client.post(
        "/api/tokens/", {"name": "门户网站", "unit": office.pk, "scopes": ["complaints:read"]}
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(name="门户网站")
    page = response.content.decode()
    secret = page.split('class="token-secret">')[1].split("<")[0]
    assert (
        secret.startswith(token.prefix)
        and ApiClient(secret).get("/api/complaints").status_code == 200
    )
    assert secret not in client.get("/api/tokens/").content.decode()
    client.post(f"/api/tokens/{token.pk}/revoke/")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
