"""Token authentication, scopes and unit scope of the JSON API."""

from __future__ import annotations

import pytest

from huiying.api.models import ApiToken
from huiying.api.tokens import create_token, digest, revoke_token
from huiying.complaints.models import Complaint
from tests.api.conftest import ApiClient, record

pytestmark = pytest.mark.django_db


def _error(response) -> dict:
    return response.json()["error"]


def test_missing_token_is_401_with_a_bearer_challenge(office):
    response = ApiClient(None).get("/api/complaints")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    error = _error(response)
    assert error["code"] == "unauthorized"
    assert error["message"] == "缺少访问令牌：请在 Authorization 头中提供 Bearer 令牌。"
    assert error["message_en"].startswith("Missing access token")


def test_unknown_and_revoked_tokens_are_401(office, hotline_token):
    assert ApiClient("hy_not-a-real-token").get("/api/complaints").status_code == 401
    assert ApiClient("something-else").post("/api/complaints", record()).status_code == 401
    revoke_token(ApiToken.objects.get(name="12345平台"))
    response = ApiClient(hotline_token).get("/api/complaints")
    assert response.status_code == 401 and _error(response)["code"] == "invalid_token"


def test_a_session_login_does_not_open_the_api(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/api/complaints").status_code == 401
    assert (
        client.post("/api/complaints", record(), content_type="application/json").status_code == 401
    )
    assert not Complaint.objects.exists()


def test_wrong_scope_is_403(office):
    _token, secret = create_token(name="只读门户", unit=office, scopes=["complaints:read"])
    reader = ApiClient(secret)
    response = reader.post("/api/complaints", record())
    assert response.status_code == 403
    assert _error(response)["message"] == "该令牌没有“complaints:write”权限。"
    assert (
        _error(response)["message_en"] == "This token does not have the “complaints:write” scope."
    )
    assert reader.get("/api/complaints").status_code == 200
    _token, secret = create_token(name="案件看板", unit=office, scopes=["cases:read"])
    assert ApiClient(secret).get("/api/complaints").status_code == 403


def test_another_units_complaint_is_403(hotline, board, jyj):
    assert hotline.post("/api/complaints", record("X1", unit="jyj")).status_code == 201
    response = board.get("/api/complaints/12345热线/X1")
    assert response.status_code == 403 and _error(response)["code"] == "unit"
    assert (
        board.post("/api/complaints/12345热线/X1/reopen", {"reason": "不满意"}).status_code == 403
    )
    assert board.get("/api/complaints").json()["complaints"] == []
    # Nor may the bureau's token push a complaint to another unit.
    response = board.post("/api/complaints", record("X2", unit="jyj"))
    assert response.status_code == 403
    assert not Complaint.objects.filter(external_id="X2").exists()


def test_only_a_digest_of_the_token_is_stored(office):
    token, secret = create_token(name="门户网站", unit=office, scopes=["complaints:read"])
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith("hy_") and len(secret) > 40
    assert stored.token_hash == digest(secret) != secret
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())


def test_last_use_is_recorded(hotline):
    hotline.get("/api/complaints")
    assert ApiToken.objects.get(name="12345平台").last_used_at is not None


def test_wrong_method_is_405_with_allow(hotline):
    response = hotline.client.delete("/api/complaints", headers=hotline._headers())
    assert response.status_code == 405 and response["Allow"] == "GET, POST"
