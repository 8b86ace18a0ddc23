"""Access checks for views: login plus a permission verb from huiying.org.permissions.

Views never decide access themselves; they call these, which call the permission module.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

from huiying.org.models import Unit
from huiying.org.permissions import can_act_on_unit, has_perm, visible_units
from huiying.sources.models import Source

View = Callable[..., HttpResponse]

# Item pages show HTML that came from other sites: even sanitised, it gets no scripts,
# no frames, no plugins. Images may come from the source site (sent with no referrer).
ITEM_PAGE_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' https: http:",
        "object-src 'none'",
        "frame-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def require(verb: str) -> Callable[[View], View]:
    """Login required, then the role must grant `verb`; otherwise 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return _to_login(request)
            if not has_perm(request.user, verb):
                raise PermissionDenied(_("您的角色没有此项权限。"))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _to_login(request: HttpRequest) -> HttpResponse:
    if request.headers.get("HX-Request") == "true":
        # An expired session inside an HTMX swap: send the whole page to the login form,
        # back to where the user was, instead of swapping the login page into a row.
        current = request.headers.get("HX-Current-URL", "")
        back = urlsplit(current).path or request.get_full_path()
        response = HttpResponse(status=204)
        response["HX-Redirect"] = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': back})}"
        return response
    return redirect_to_login(request.get_full_path())


def strict_csp(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = ITEM_PAGE_CSP
        return response

    return wrapped


def units_of(user: Any) -> QuerySet[Unit]:
    return visible_units(user)


def visible_sources(user: Any) -> QuerySet[Source]:
    """Sources of the user's units; every source for roles spanning the office."""
    return Source.objects.filter(unit__in=visible_units(user))


def check_unit(user: Any, unit: Unit | None) -> None:
    if not can_act_on_unit(user, unit):
        raise PermissionDenied(_("该信息源不属于您所在的单位。"))
