"""Watch rules (监测专题), the items they matched, and the index's vocabulary."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huiying.items.models import Item
from huiying.org.models import Unit
from huiying.sources.models import Source


class WatchRule(models.Model):
    """A unit's watch topic: a query in the rule language (docs/watch-rules.md) over
    the items of the unit's sources, optionally only some sources or a time window."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="watch_rules", verbose_name=_("所属单位")
    )
    name = models.CharField(_("名称"), max_length=100)
    query = models.TextField(_("规则"))
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="watch_rules",
        verbose_name=_("限定信息源"),
        help_text=_("不选则监测本单位的全部信息源"),
    )
    active_from = models.DateTimeField(_("生效时间"), null=True, blank=True)
    active_until = models.DateTimeField(_("失效时间"), null=True, blank=True)
    enabled = models.BooleanField(_("启用"), default=True)
    # Staff to tell about this topic's matters (used by alerts): staff accounts only.
    notify = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="watch_rules_notified",
        verbose_name=_("通知人员"),
    )
    # Bumped by every change that can alter what the rule matches: matchers cached per
    # process are keyed by (id, version).
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("创建人"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("修改人"),
    )

    class Meta:
        ordering = ["unit__name", "name"]
        verbose_name = _("监测专题")
        verbose_name_plural = _("监测专题")
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="watchrule_unique_unit_name")
        ]

    def __str__(self) -> str:
        return self.name


class RuleMatch(models.Model):
    """One item a rule matched. `item_at` is the item's own time (published, else
    fetched), copied here so "matches of a rule per day" is one index range."""

    rule = models.ForeignKey(
        WatchRule, on_delete=models.CASCADE, related_name="matches", verbose_name=_("监测专题")
    )
    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="rule_matches", verbose_name=_("信息")
    )
    item_at = models.DateTimeField(_("信息时间"))
    matched_at = models.DateTimeField(_("匹配时间"))

    class Meta:
        verbose_name = _("专题命中")
        verbose_name_plural = _("专题命中")
        constraints = [
            models.UniqueConstraint(fields=["rule", "item"], name="rulematch_unique_rule_item")
        ]
        indexes = [models.Index(fields=["rule", "item_at"], name="rulematch_rule_item_at")]

    def __str__(self) -> str:
        return f"{self.rule_id}:{self.item_id}"


class IndexWord(models.Model):
    """Every distinct word in `Item.tokens`, so that a rule word can be widened to the
    indexed words that contain it (安全 → 食品安全, 不安全) before asking the search
    index; see huiying.watch.prefilter. Only ever grows."""

    word = models.CharField(max_length=100, primary_key=True)

    class Meta:
        verbose_name = _("索引词")
        verbose_name_plural = _("索引词")

    def __str__(self) -> str:
        return self.word
