"""Access tokens of the systems that call the JSON API (a 12345 platform, a portal)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huiying.org.models import Unit


class Scope(models.TextChoices):
    COMPLAINTS_WRITE = "complaints:write", _("推送诉求、重新打开诉求")
    COMPLAINTS_READ = "complaints:read", _("读取诉求办理情况")
    # Reserved for the cases API; grants nothing yet.
    CASES_READ = "cases:read", _("读取处置案件（预留）")


class ApiToken(models.Model):
    """One integration's token. Only a SHA-256 digest of the token is stored: the token
    itself is shown once, when it is created, and cannot be recovered."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("所属单位")
    )
    scopes = models.JSONField(_("权限范围"), default=list)
    token_hash = models.CharField(max_length=64, unique=True)
    # The first characters of the token, so a person can tell tokens apart.
    prefix = models.CharField(_("令牌前缀"), max_length=12)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("创建人"),
    )
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return self.name

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def allows(self, scope: str) -> bool:
        return scope in self.scopes
