"""Items: what a source said, stored once, with its folded tokens and fingerprint."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from huiying.sources.models import Source


class Script(models.TextChoices):
    HANS = "hans", _("简体")
    HANT = "hant", _("繁体")
    MIXED = "mixed", _("简繁混合")
    NONE = "none", _("无")


class Sentiment(models.TextChoices):
    POS = "pos", _("正面")
    NEG = "neg", _("负面")
    NEU = "neu", _("中性")


class Item(models.Model):
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="items", verbose_name=_("信息源")
    )
    guid = models.CharField(_("条目标识"), max_length=1000)
    url = models.CharField(_("链接"), max_length=2000, blank=True, db_index=True)
    title = models.CharField(_("标题"), max_length=1000, blank=True)
    text = models.TextField(_("正文"))
    html = models.TextField(_("正文（网页）"), blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    fetched_at = models.DateTimeField(_("采集时间"), db_index=True)
    # Citation only: never searchable as a list of people, never aggregated per person.
    author = models.CharField(_("作者（引用）"), max_length=200, blank=True)
    script = models.CharField(_("字形"), max_length=8, choices=Script.choices, default=Script.NONE)
    # sha256 of the folded title+text: the same content under another URL is not stored twice.
    content_hash = models.CharField(max_length=64, unique=True)
    # Space-joined segmented words of the folded title+text: what search indexes.
    tokens = models.TextField(blank=True)
    fingerprint = models.BinaryField(null=True, blank=True)
    # Near-duplicate family: the id of the family's first item (null for that first item).
    dup_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        verbose_name=_("相似文章"),
    )
    extra = models.JSONField(_("附加字段"), default=dict, blank=True)
    # Scored when stored (huiying.events.sentiment); the score is in [-1, 1].
    sentiment_label = models.CharField(
        _("情感"), max_length=3, choices=Sentiment.choices, default=Sentiment.NEU
    )
    sentiment_score = models.FloatField(_("情感分值"), default=0.0)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("信息")
        verbose_name_plural = _("信息")
        constraints = [
            models.UniqueConstraint(fields=["source", "guid"], name="item_unique_source_guid")
        ]
        indexes = [models.Index(fields=["source", "-fetched_at"])]

    def __str__(self) -> str:
        return self.title or self.text[:40]

    @property
    def when(self):  # type: ignore[no-untyped-def]
        return self.published_at or self.fetched_at


class Sighting(models.Model):
    """The same content seen again under another source or URL: kept as a citation so
    an event can count its distinct sources, without storing the item twice."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="sightings")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="sightings")
    url = models.CharField(max_length=2000, blank=True)
    guid = models.CharField(max_length=1000)
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "guid"], name="sighting_unique_source_guid")
        ]
