"""The home page: the dashboard (huiying.web.dashboard counts; this only renders)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from huiying.web.access import require, strict_csp
from huiying.web.dashboard import dashboard


@require_GET
@require("view_items")
@strict_csp
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", dashboard(request.user, timezone.now()))
