"""Units (departments), people's roles in them, and the leading-group roster."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MONITOR = "monitor", _("监测员")
    EDITOR = "editor", _("编辑")
    DEPT_HEAD = "dept_head", _("部门负责人")
    SUPERVISING_LEADER = "supervising_leader", _("分管领导")
    PRINCIPAL_LEADER = "principal_leader", _("主要领导")
    ADMIN = "admin", _("管理员")


# Roles whose scope is the whole office rather than their own units.
ROLES_SPANNING_ALL = frozenset({Role.PRINCIPAL_LEADER, Role.ADMIN})


class Unit(models.Model):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("上级单位"),
    )
    is_office = models.BooleanField(_("牵头办公室"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    """A staff member's role and units. Staff accounts only: complainants and authors
    of public items are never users and never profiled."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(_("显示名称"), max_length=100, blank=True)
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, default=Role.MONITOR)
    units = models.ManyToManyField(
        Unit, blank=True, related_name="members", verbose_name=_("所属单位")
    )

    class Meta:
        verbose_name = _("人员角色")
        verbose_name_plural = _("人员角色")

    def __str__(self) -> str:
        return self.display_name or self.user.get_username()

    @property
    def spans_all_units(self) -> bool:
        return self.role in ROLES_SPANNING_ALL


class LeadingGroupMember(models.Model):
    """领导小组 roster: a position and who holds it."""

    class Position(models.TextChoices):
        HEAD = "head", _("组长")
        DEPUTY = "deputy", _("副组长")
        MEMBER = "member", _("成员")
        OFFICE_DIRECTOR = "office_director", _("办公室主任")

    position = models.CharField(_("职务"), max_length=32, choices=Position.choices)
    title = models.CharField(
        _("职务名称"), max_length=100, help_text=_("例如：市委常委、宣传部部长")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("人员"),
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name=_("单位"))
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("领导小组成员")
        verbose_name_plural = _("领导小组")

    def __str__(self) -> str:
        return f"{self.get_position_display()} {self.title}"
