"""JSON responses, errors in Chinese and English, and token authentication for API views.

Every API view is built by `api_view({method: (scope, handler)})`. It is CSRF-exempt
because it authenticates by the bearer token alone: a session cookie never grants
anything here, so a forged cross-site request has nothing to ride on.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from huiying.api.tokens import authenticate, touch

Handler = Callable[..., HttpResponse]


class Formatted:
    """A lazily translated message with its parameters, formatted when shown."""

    def __init__(self, message: Any, params: dict[str, Any]) -> None:
        self.message, self.params = message, params

    def __str__(self) -> str:
        if not self.params:
            return str(self.message)
        return str(self.message) % {
            k: str(v) if isinstance(v, Promise) else v for k, v in self.params.items()
        }


def both(message: Any) -> tuple[str, str]:
    """A lazily translated message in Chinese and in English."""
    with translation.override("zh-hans"):
        zh = str(message)
    with translation.override("en"):
        en = str(message)
    return zh, en


def _text(error: ValidationError) -> Any:
    message = error.message
    return message % error.params if error.params else message


def field_errors(exc: ValidationError, index: int | None = None) -> list[dict[str, Any]]:
    """A service's ValidationError as the API's list of field errors."""
    pairs: list[tuple[str | None, ValidationError]] = []
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            pairs.extend((None if field == "__all__" else field, e) for e in errors)
    else:
        pairs.extend((None, e) for e in exc.error_list)
    out = []
    for field, error in pairs:
        with translation.override("zh-hans"):
            zh = str(_text(error))
        with translation.override("en"):
            en = str(_text(error))
        entry: dict[str, Any] = {"field": field, "message": zh, "message_en": en}
        if index is not None:
            entry["index"] = index
        out.append(entry)
    return out


class ApiError(Exception):
    """An error answer: HTTP status, a code, a message, and optional field errors."""

    def __init__(
        self,
        status: int,
        code: str,
        message: Any,
        fields: list[dict[str, Any]] | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(code)
        self.status, self.code, self.message, self.fields = status, code, message, fields
        self.params = params or {}

    def response(self) -> JsonResponse:
        zh, en = both(Formatted(self.message, self.params) if self.params else self.message)
        body: dict[str, Any] = {"code": self.code, "message": zh, "message_en": en}
        if self.fields:
            body["fields"] = self.fields
        response = JsonResponse({"error": body}, status=self.status, json_dumps_params=_JSON)
        if self.status == 401:
            kind = "invalid_token" if self.code == "invalid_token" else "invalid_request"
            response["WWW-Authenticate"] = f'Bearer realm="huiying", error="{kind}"'
        return response


_JSON = {"ensure_ascii": False}


def ok(body: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, safe=False, json_dumps_params=_JSON)


def _token_of(request: HttpRequest, scope: str) -> Any:
    header = request.headers.get("Authorization", "")
    kind, _sep, raw = header.partition(" ")
    if kind.lower() != "bearer" or not raw.strip():
        raise ApiError(
            401, "unauthorized", _("缺少访问令牌：请在 Authorization 头中提供 Bearer 令牌。")
        )
    token = authenticate(raw.strip())
    if token is None:
        raise ApiError(401, "invalid_token", _("访问令牌无效或已吊销。"))
    if not token.allows(scope):
        raise ApiError(403, "scope", _("该令牌没有“%(scope)s”权限。"), params={"scope": scope})
    touch(token, timezone.now())
    return token


def api_view(handlers: dict[str, tuple[str | None, Handler]]) -> Handler:
    """One URL's view: per HTTP method the scope it needs (None: public) and its handler."""

    @csrf_exempt
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        entry = handlers.get(request.method or "")
        try:
            if entry is None:
                raise ApiError(405, "method", _("不支持此请求方法。"))
            scope, handler = entry
            request.api_token = _token_of(request, scope) if scope else None
            return handler(request, **kwargs)
        except ApiError as error:
            response = error.response()
            if error.status == 405:
                response["Allow"] = ", ".join(sorted(handlers))
            return response

    view.api_methods = frozenset(handlers)
    return wraps(next(iter(handlers.values()))[1])(view)
