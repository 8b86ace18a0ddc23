"""Alert pages: the alert list, the channels page (administrators) and an event's tier
panel. Thin: huiying.alerts.services changes state; huiying.web.access decides access."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huiying.alerts import services
from huiying.alerts.delivery import channel_config
from huiying.alerts.models import TIER_CHOICES, Alert, Channel, Delivery, EventTier, TierChange
from huiying.events.models import Event, EventMembership
from huiying.items.views import sees_all_sources
from huiying.org.permissions import has_perm
from huiying.web.access import require, visible_sources

PAGE_SIZE = 50


def _visible_events(user: Any) -> Any:
    """Events with at least one item the user may see; None when that is every event."""
    if sees_all_sources(user):
        return None
    members = EventMembership.objects.filter(item__source__in=visible_sources(user))
    return members.values("event")


def _event_for(request: HttpRequest, event_id: int) -> Event:
    event = get_object_or_404(Event, pk=event_id)
    visible = _visible_events(request.user)
    if visible is not None and not visible.filter(event=event).exists():
        raise Http404
    return event


@require_GET
@require("view_alerts")
def alert_list(request: HttpRequest) -> HttpResponse:
    from huiying.cases.models import Case, Step

    alerts = Alert.objects.select_related("event").prefetch_related(
        Prefetch(
            "deliveries",
            queryset=Delivery.objects.select_related("channel", "recipient__profile"),
        ),
        # The case in progress for each alert: the list links to it instead of 开立处置.
        Prefetch(
            "cases",
            queryset=Case.objects.exclude(step=Step.CLOSED).order_by("-id"),
            to_attr="open_cases",
        ),
    )
    visible = _visible_events(request.user)
    if visible is not None:
        alerts = alerts.filter(event__in=visible)
    page = Paginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "alerts/list.html", {"page": page, "now": timezone.now()})


class ChannelForm(forms.ModelForm):
    config_text = forms.CharField(
        label=gettext_lazy("配置（JSON）"), widget=forms.Textarea(attrs={"rows": 6})
    )

    class Meta:
        model = Channel
        fields = ["name", "kind", "enabled", "unit"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["config_text"].initial = json.dumps(
                self.instance.config, ensure_ascii=False, indent=2
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            config = json.loads(data.get("config_text") or "{}")
        except json.JSONDecodeError as exc:
            raise ValidationError(_("配置不是有效的 JSON：%(e)s") % {"e": exc.msg}) from exc
        if not isinstance(config, dict):
            raise ValidationError(_("配置应为 JSON 对象。"))
        self.instance.config = config
        self.instance.kind = data.get("kind", "")
        try:
            channel_config(self.instance)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        return data


@require_GET
@require("manage_channels")
def channel_list(request: HttpRequest) -> HttpResponse:
    channels = Channel.objects.select_related("unit")
    return render(request, "alerts/channels.html", {"channels": channels})


@require_http_methods(["GET", "POST"])
@require("manage_channels")
def channel_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    channel = get_object_or_404(Channel, pk=pk) if pk else Channel()
    form = ChannelForm(request.POST or None, instance=channel)
    if request.method == "POST" and form.is_valid():
        before = {"name": channel.name, "kind": channel.kind} if pk else None
        saved = form.save()
        from huiying.audit.services import record

        record(
            "alerts.channel_saved",
            saved,
            actor=request.user,
            before=before,
            after={"name": saved.name, "kind": saved.kind, "enabled": saved.enabled},
        )
        messages.success(request, _("已保存通知渠道。"))
        return redirect("alerts:channels")
    return render(request, "alerts/channel_edit.html", {"form": form, "channel": channel})


class TierForm(forms.Form):
    tier = forms.TypedChoiceField(label=gettext_lazy("级别"), choices=TIER_CHOICES, coerce=int)
    reason = forms.CharField(label=gettext_lazy("理由"), max_length=500)


def _panel_context(request: HttpRequest, event: Event, form: TierForm | None = None) -> Any:
    state = EventTier.objects.filter(event=event).select_related("set_by").first()
    return {
        "event": event,
        "state": state,
        "history": TierChange.objects.filter(event=event).select_related("actor")[:50],
        "form": form or TierForm(initial={"tier": state.tier if state else 1}),
        "can_set": has_perm(request.user, "handle_cases"),
    }


@require_GET
@require("view_alerts")
def tier_panel(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_for(request, event_id)
    return render(request, "alerts/_tier_panel.html", _panel_context(request, event))


@require_POST
@require("handle_cases")
def tier_set(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_for(request, event_id)
    form = TierForm(request.POST)
    if form.is_valid():
        try:
            services.set_tier(
                event,
                form.cleaned_data["tier"],
                form.cleaned_data["reason"],
                request.user,
                now=timezone.now(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已调整事件级别。"))
            back = request.POST.get("next", "")
            if back and url_has_allowed_host_and_scheme(back, {request.get_host()}):
                return redirect(back)  # the page the panel was included in
            return redirect("alerts:tier_panel", event_id=event.pk)
    context = _panel_context(request, event, form)
    context["back"] = request.POST.get("next", "")  # keep where the panel was shown
    return render(request, "alerts/_tier_panel.html", context, status=400)
