"""The editor's toolbar and messages come from the app's JavaScript catalogue, so English
pages get English tooltips and the Chinese stays the source."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_catalogue_translates_the_editor_texts(client):
    client.cookies["django_language"] = "en"
    english = client.get(reverse("reviews:jsi18n")).content.decode()
    assert (
        "Heading 2" in english and "Only PNG, JPEG, GIF and WebP images are supported." in english
    )
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get(reverse("reviews:jsi18n")).content.decode()
    assert "Heading 2" not in chinese


def test_edit_page_loads_the_catalogue_before_the_editor(client, author, other_unit):
    client.force_login(author)
    page = client.get(reverse("reviews:new")).content.decode()
    assert page.index(reverse("reviews:jsi18n")) < page.index("reviews/editor.js")
