"""Tiering events and raising alerts. `evaluate_events` runs in the pipeline right after
events are updated; `set_tier` is a person raising or lowering a tier. Both write the
tier history and the audit log; alerts only queue deliveries (delivery.py sends them).

Who is told (DOMAIN.md §2): 一般 is logged only; 较大 pages the supervising leaders;
重大 the supervising leaders and the office's channels; 特别重大 the principal leaders
and every channel, at once. People who asked to be told about a watch rule that matched
the event's items are paged too from 较大 up.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huiying.alerts.models import (
    Alert,
    Channel,
    Delivery,
    DeliveryStatus,
    EventTier,
    TierChange,
    TierPolicy,
)
from huiying.audit.services import record
from huiying.core.clock.escalation import QuietHours
from huiying.core.notify.retry import RateLimit, allows, next_allowed_at
from huiying.core.text import fold
from huiying.core.tiers import Tier, TierFigures, evaluate_tier, find_harm_words
from huiying.events.models import Event
from huiying.items.models import Item
from huiying.org.models import Role
from huiying.watch.models import WatchRule

RATE_LIMIT = RateLimit(max_notices=6, window_s=3600, exempt_top_tier=True)
QUIET_HOURS = QuietHours()  # 22:00–07:30 office time
HARM_SCAN_ITEMS = 500  # newest items scanned for harm words; older ones were scanned before


def office_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def event_figures(
    event: Event, *, known: Iterable[str] = (), after_item_id: int = 0
) -> tuple[TierFigures, int]:
    """What tiering sees of an event, and the newest item id read. Harm words are
    `known` plus those in items newer than `after_item_id` (at most the newest
    HARM_SCAN_ITEMS of them). National-level sources are not known yet (sources carry
    no such flag), so that metric stays 0."""
    rows = (
        Item.objects.filter(event_membership__event=event, pk__gt=after_item_id)
        .order_by("-id")
        .values_list("pk", "title", "text")[:HARM_SCAN_ITEMS]
    )
    harm = set(known)
    newest = after_item_id
    for pk, title, text in rows:
        newest = max(newest, pk)
        harm |= find_harm_words(fold(f"{title}\n{text}"))
    figures = TierFigures(
        items=event.item_count,
        per_hour=event.per_hour_now,
        sources=event.source_count,
        negative_share=event.negative_share,
        harm_words=frozenset(harm),
    )
    return figures, newest


def figures_data(figures: TierFigures) -> dict[str, Any]:
    return {
        "items": figures.items,
        "per_hour": round(figures.per_hour, 2),
        "sources": figures.sources,
        "negative_share": round(figures.negative_share, 3),
        "national_sources": figures.national_sources,
        "harm_words": sorted(figures.harm_words),
    }


def evaluate_events(events: Iterable[Event], now: datetime) -> list[Alert]:
    """Tier each event; where the tier rose above the stored one, record it and raise
    one alert (never twice for the same rise). Returns the alerts created."""
    thresholds = TierPolicy.current().parsed()
    created: list[Alert] = []
    for event in events:
        if event.merged_into_id is not None:
            continue  # its items now count in the event it was merged into
        with transaction.atomic():
            alert = _evaluate_one(event, now, thresholds)
        if alert is not None:
            created.append(alert)
    return created


def _evaluate_one(event: Event, now: datetime, thresholds: Any) -> Alert | None:
    state = EventTier.objects.select_for_update().filter(event=event).first()
    if state is not None and state.manual:
        return None  # a person's tier stands until a person changes it
    if state is None:
        state = EventTier(event=event, decided_at=now, tier=Tier.GENERAL)
        before = None
    else:
        before = state.tier
    figures, newest = event_figures(
        event, known=state.harm_words, after_item_id=state.scanned_item_id
    )
    state.harm_words = sorted(figures.harm_words)
    state.scanned_item_id = newest
    decision = evaluate_tier(figures, thresholds)
    if before is not None and decision.tier <= before:
        # Automatic tiers do not fall; a person lowers them.
        state.save(update_fields=["harm_words", "scanned_item_id"])
        return None
    state.tier = int(decision.tier)
    state.reasons = list(decision.reasons)
    state.decided_at = now
    state.save()
    data = figures_data(figures)
    TierChange.objects.create(
        event=event,
        from_tier=before,
        to_tier=state.tier,
        reasons=state.reasons,
        figures=data,
        at=now,
    )
    record(
        "alerts.tier_change",
        event,
        before={"tier": Tier(before).label} if before else None,
        after={"tier": decision.tier.label, "reasons": state.reasons, "figures": data},
    )
    if decision.tier == Tier.GENERAL:
        return None  # logged, in the daily brief; nobody is paged
    return raise_alert(event, decision.tier, "；".join(decision.reasons), now)


def raise_alert(event: Event, tier: Tier, reason: str, now: datetime) -> Alert | None:
    """One alert for this event at this tier, with its deliveries; None if it was
    already raised (the same rise never pages twice)."""
    alert, created = Alert.objects.get_or_create(
        dedup_key=f"{event.pk}:tier:{int(tier)}",
        defaults={"event": event, "tier": int(tier), "reason": reason, "created_at": now},
    )
    if not created:
        return None
    for user in audience(event, tier):
        _queue(alert, now, recipient=user)
    for channel in channels_for(tier):
        _queue(alert, now, channel=channel)
    record(
        "alerts.alert",
        alert,
        after={"event": event.pk, "tier": tier.label, "reason": reason},
    )
    return alert


def audience(event: Event, tier: Tier) -> list[Any]:
    """The people a rise to `tier` pages in the app, each once."""
    if tier < Tier.SIGNIFICANT:
        return []
    roles = [Role.SUPERVISING_LEADER]
    if tier >= Tier.EXTRAORDINARY:
        roles = [Role.PRINCIPAL_LEADER]
    users = get_user_model().objects.filter(is_active=True)
    item_ids = Item.objects.filter(event_membership__event=event).values("pk")
    rules = WatchRule.objects.filter(matches__item__in=item_ids).values("pk")
    watchers = users.filter(watch_rules_notified__in=rules).values("pk")
    return list(users.filter(Q(profile__role__in=roles) | Q(pk__in=watchers)).order_by("pk"))


def channels_for(tier: Tier) -> list[Channel]:
    if tier < Tier.MAJOR:
        return []
    channels = Channel.objects.filter(enabled=True)
    if tier < Tier.EXTRAORDINARY:
        channels = channels.filter(Q(unit__isnull=True) | Q(unit__is_office=True))
    return list(channels.order_by("pk"))


def _queue(alert: Alert, now: datetime, *, recipient: Any = None, channel: Any = None) -> Delivery:
    """A delivery, due now or deferred past quiet hours and the recipient's rate limit.
    In-app deliveries that may go now are sent at once."""
    top = alert.tier >= Tier.EXTRAORDINARY
    due = now
    if not top:
        window = QUIET_HOURS.window(now, office_tz())
        if window is not None:
            due = window[1]
    target = {"recipient": recipient} if recipient is not None else {"channel": channel}
    counted = Delivery.objects.filter(
        scheduled_at__gt=due - timedelta(seconds=RATE_LIMIT.window_s), **target
    ).exclude(status=DeliveryStatus.FAILED)
    times = list(counted.values_list("scheduled_at", flat=True))
    if not allows(times, due, RATE_LIMIT, top_tier=top):
        due = next_allowed_at(times, due, RATE_LIMIT)
    if due > now:
        status, sent_at = DeliveryStatus.DEFERRED, None
    elif recipient is not None:
        status, sent_at = DeliveryStatus.SENT, now
    else:
        status, sent_at = DeliveryStatus.PENDING, None
    return Delivery.objects.create(
        alert=alert,
        status=status,
        scheduled_at=due,
        next_attempt_at=None if status == DeliveryStatus.SENT else due,
        sent_at=sent_at,
        **target,
    )


def set_tier(
    event: Event, tier: Tier | int, reason: str, actor: Any, *, now: datetime
) -> EventTier:
    """A person raises or lowers an event's tier, with a reason. The tier then stays
    until a person changes it again; a raise alerts as an automatic one would."""
    tier = Tier(int(tier))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("调整级别需要填写理由。"), code="required")
    with transaction.atomic():
        state = EventTier.objects.select_for_update().filter(event=event).first()
        before = state.tier if state is not None else None
        if state is None:
            state = EventTier(event=event, tier=tier, decided_at=now)
        state.tier = int(tier)
        state.reasons = [reason]
        state.manual = True
        state.manual_reason = reason
        state.set_by = actor
        state.decided_at = now
        state.save()
        TierChange.objects.create(
            event=event, from_tier=before, to_tier=int(tier), reasons=[reason], at=now, actor=actor
        )
        record(
            "alerts.tier_set",
            event,
            actor=actor,
            before={"tier": Tier(before).label} if before else None,
            after={"tier": tier.label, "reason": reason},
        )
        if tier > Tier.GENERAL and (before is None or tier > before):
            raise_alert(event, tier, f"人工定级：{reason}", now)
    return state
