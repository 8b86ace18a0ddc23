"""Events (事件): the concrete matters items are grouped into, each item's place in one,
and the corrections people made. How grouping works: docs/events.md."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huiying.items.models import Item


class Event(models.Model):
    """One matter. Its figures count all its items (every unit's) and are refreshed
    whenever an item joins or a person corrects it; heat, items per hour and trend are
    as of `updated_at` (pages recompute them for the moment they are shown)."""

    # "<process token>:<clusterer id>": clusterer ids are sequence numbers local to the
    # process that made the event, so the token keeps keys from two processes apart.
    key = models.CharField(max_length=64, unique=True)
    title = models.CharField(_("标题"), max_length=1000, blank=True)
    title_item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    keywords = models.JSONField(_("关键词"), default=list, blank=True)
    places = models.JSONField(_("地点"), default=list, blank=True)
    first_seen = models.DateTimeField(_("首次出现"), null=True, blank=True)
    last_seen = models.DateTimeField(_("最近出现"), null=True, blank=True, db_index=True)
    item_count = models.PositiveIntegerField(_("信息条数"), default=0)
    source_count = models.PositiveIntegerField(_("信息源数"), default=0)
    negative_count = models.PositiveIntegerField(_("负面条数"), default=0)
    heat = models.FloatField(_("热度"), default=0.0)
    per_hour_now = models.FloatField(_("当前每小时条数"), default=0.0)
    trend = models.FloatField(_("趋势"), default=0.0)
    # Set when a person merged this event into another: old links lead there.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("已并入"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        ordering = ["-last_seen", "-id"]
        verbose_name = _("事件")
        verbose_name_plural = _("事件")

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"

    @property
    def negative_share(self) -> float:
        return self.negative_count / self.item_count if self.item_count else 0.0


class EventMembership(models.Model):
    """The event an item is in. Written once when the item is stored; only a person's
    correction changes it (`pinned` marks such placements). `item_at` is the item's
    time (published, else fetched; never later than fetched), copied here so an event's
    items per hour are one index range."""

    item = models.OneToOneField(
        Item, on_delete=models.CASCADE, related_name="event_membership", verbose_name=_("信息")
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("事件")
    )
    item_at = models.DateTimeField(_("信息时间"), db_index=True)
    pinned = models.BooleanField(_("人工归入"), default=False)

    class Meta:
        verbose_name = _("事件成员")
        verbose_name_plural = _("事件成员")
        indexes = [models.Index(fields=["event", "item_at"], name="eventmember_event_at")]

    def __str__(self) -> str:
        return f"{self.item_id}→{self.event_id}"


class CorrectionKind(models.TextChoices):
    MERGE = "merge", _("合并")
    SPLIT = "split", _("拆分")
    MOVE = "move", _("移动")


class EventCorrection(models.Model):
    """A person's correction, in database terms: `data` is `correction_to_dict` of a
    Merge/Split/Move whose event ids are Event.pk and item keys Item.pk (as strings).
    Every process replays corrections in order of `after_item_id` (the newest item id
    when it was made) among the items it replays, so later grouping keeps them."""

    kind = models.CharField(_("类型"), max_length=8, choices=CorrectionKind.choices)
    data = models.JSONField(_("内容"))
    event = models.ForeignKey(
        Event,
        null=True,
        on_delete=models.SET_NULL,
        related_name="corrections",
        verbose_name=_("结果事件"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"))
    after_item_id = models.BigIntegerField(_("当时最新信息编号"))

    class Meta:
        ordering = ["after_item_id", "id"]
        verbose_name = _("事件更正")
        verbose_name_plural = _("事件更正")

    def __str__(self) -> str:
        return f"{self.kind} {self.data}"


def item_time(published_at: datetime | None, fetched_at: datetime) -> datetime:
    """An item's time for events: published, else fetched; a publication time in the
    future (a wrong clock at the source) counts as the time it was fetched."""
    if published_at is None or published_at > fetched_at:
        return fetched_at
    return published_at
