"""Source pages. Thin: forms validate, huiying.sources.services changes state."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huiying.core.entries import ParseError
from huiying.org.permissions import has_perm
from huiying.sources import services
from huiying.sources.forms import ImportForm, SourceEditForm, SourceForm, apply_service_error
from huiying.sources.models import Source
from huiying.sources.services import IMPORT_KIND
from huiying.web.access import check_unit, require, units_of, visible_sources
from huiying.web.listing import with_duplicate_counts

HEALTH_FILTERS = {
    "failing": Q(enabled=True, consecutive_failures__gt=0),
    "ok": Q(enabled=True, consecutive_failures=0),
    "disabled": Q(enabled=False),
}


def with_health(sources: QuerySet[Source]) -> QuerySet[Source]:
    """Sources with `items_24h`: items fetched in the last 24 hours."""
    day_ago = timezone.now() - timedelta(hours=24)
    return sources.select_related("unit").annotate(
        items_24h=Count("items", filter=Q(items__fetched_at__gte=day_ago))
    )


def _source_for(request: HttpRequest, pk: int) -> Source:
    """The source, if the user's units include its unit (else 403)."""
    source = get_object_or_404(with_health(Source.objects.all()), pk=pk)
    check_unit(request.user, source.unit)
    return source


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = default
    return redirect(target)


def _list_page(
    request: HttpRequest, form: SourceForm | None = None, health: str = ""
) -> HttpResponse:
    can_manage = has_perm(request.user, "manage_sources")
    if can_manage and form is None:
        form = SourceForm(units=units_of(request.user))
    sources = with_health(visible_sources(request.user)).order_by("-consecutive_failures", "name")
    if health in HEALTH_FILTERS:  # the dashboard's sources figures link here
        sources = sources.filter(HEALTH_FILTERS[health])
    return render(
        request,
        "sources/list.html",
        {"sources": sources, "form": form if can_manage else None, "now": timezone.now()},
    )


@require_GET
@require("view_sources")
def source_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, health=request.GET.get("health", ""))


@require_POST
@require("manage_sources")
def source_add(request: HttpRequest) -> HttpResponse:
    form = SourceForm(request.POST, units=units_of(request.user))
    if form.is_valid():
        try:
            source = services.create_source(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已添加信息源“%(name)s”。") % {"name": source.name})
            return redirect(reverse("sources:list") + f"#source-{source.pk}")
    return _list_page(request, form)


@require_GET
@require("view_sources")
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _source_for(request, pk))


def _detail_page(
    request: HttpRequest, source: Source, import_form: ImportForm | None = None, report: Any = None
) -> HttpResponse:
    is_import = source.kind in IMPORT_KIND
    if is_import and import_form is None and has_perm(request.user, "import_items"):
        import_form = ImportForm()
    sources = visible_sources(request.user)
    newest = list(source.items.select_related("source").order_by("-id")[:30])
    return render(
        request,
        "sources/detail.html",
        {
            "source": source,
            "items": with_duplicate_counts(newest, sources),
            "item_count": source.items.count(),
            "is_import": is_import,
            "import_form": import_form,
            "report": report,
            "now": timezone.now(),
        },
    )


@require_http_methods(["GET", "POST"])
@require("manage_sources")
def source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    source = _source_for(request, pk)
    units = units_of(request.user)
    initial = {
        name: getattr(source, name) for name in ("name", "kind", "url", "poll_interval", "enabled")
    }
    initial["unit"] = source.unit
    form = SourceEditForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.update_source(source, actor=request.user, **changes)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request, _("已保存信息源“%(name)s”。") % {"name": form.cleaned_data["name"]}
            )
            return redirect("sources:detail", pk=source.pk)
    return render(request, "sources/edit.html", {"source": source, "form": form})


@require_POST
@require("manage_sources")
def source_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    source = _source_for(request, pk)
    services.update_source(source, actor=request.user, enabled=not source.enabled)
    if source.enabled:
        messages.info(request, _("已停用信息源“%(name)s”。") % {"name": source.name})
    else:
        messages.success(request, _("已启用信息源“%(name)s”。") % {"name": source.name})
    return _row_or_back(request, source.pk)


@require_POST
@require("refresh_source")
def source_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    source = _source_for(request, pk)
    # Synchronous on purpose: a refresh is bounded by the fetch time-outs.
    outcome = services.refresh_source(source.pk, actor=request.user)
    text = f"{source.name}：{outcome.summary()}"
    if outcome.ok:
        messages.success(request, text)
    elif outcome.busy:
        messages.warning(request, text)
    else:
        messages.error(request, text)
    return _row_or_back(request, source.pk)


def _row_or_back(request: HttpRequest, pk: int) -> HttpResponse:
    """For HTMX, the source's fresh table row plus the messages; otherwise a redirect."""
    if not _is_htmx(request):
        return _back(request, default="sources:list")
    source = with_health(Source.objects.all()).get(pk=pk)
    context = {"source": source, "now": timezone.now(), "back": reverse("sources:list")}
    return render(request, "sources/_row_swap.html", context)


@require_POST
@require("import_items")
def source_import(request: HttpRequest, pk: int) -> HttpResponse:
    source = _source_for(request, pk)
    if source.kind not in IMPORT_KIND:
        raise PermissionDenied(_("只有导入类信息源可以上传文件。"))
    form = ImportForm(request.POST, request.FILES)
    report = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = services.import_file(source, upload.read(), upload.name, actor=request.user)
        except ParseError as exc:
            form.add_error("file", exc.message)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            level = messages.WARNING if report.errors else messages.SUCCESS
            messages.add_message(request, level, report.summary())
            form = ImportForm()
            source = _source_for(request, pk)
    return _detail_page(request, source, import_form=form, report=report)
