"""The API tokens page (接口令牌), for administrators: HTML, session login and CSRF as
every other page; not part of the JSON API."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from huiying.api import tokens
from huiying.api.models import ApiToken, Scope
from huiying.org.models import Unit
from huiying.sources.forms import apply_service_error
from huiying.web.access import require


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=100)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("所属单位"), queryset=Unit.objects.order_by("name"), empty_label=None
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("权限范围"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


@require_http_methods(["GET", "POST"])
@require("manage_api_tokens")
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = tokens.create_token(**form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            # Shown on this response only: the secret is not stored and cannot be shown again.
            created = {"token": token, "secret": secret}
            form = TokenForm()
    context = {
        "tokens": ApiToken.objects.select_related("unit").order_by("revoked_at", "name"),
        "form": form,
        "created": created,
    }
    response = render(request, "api/tokens.html", context, status=400 if form.errors else 200)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@require("manage_api_tokens")
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk)
    try:
        tokens.revoke_token(token, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("令牌“%(name)s”已吊销。") % {"name": token.name})
    return redirect("api:tokens")
