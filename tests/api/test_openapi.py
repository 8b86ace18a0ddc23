"""The OpenAPI document describes exactly the API that is served."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from huiying.api import pages
from huiying.api.openapi import document
from huiying.api.views import complaint_json
from tests.complaints.conftest import receive

pytestmark = pytest.mark.django_db


def _api_routes() -> list[tuple[str, object]]:
    """(OpenAPI path, view) for every URL pattern under /api/."""
    found = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith("api/"):
                found.append(("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route), pattern.callback))

    walk(get_resolver().url_patterns, "")
    return found


def test_every_api_route_and_method_is_documented():
    doc = document()
    routes = _api_routes()
    json_routes = [(path, view) for path, view in routes if view.__module__ != pages.__name__]
    assert len(json_routes) == 4
    for path, view in json_routes:
        methods = getattr(view, "api_methods", None)
        assert methods, f"{path} is not built with api_view()"
        assert path in doc["paths"], f"{path} is served but not in the OpenAPI document"
        assert set(doc["paths"][path]) == {m.lower() for m in methods}, path
    # …and the document promises nothing that is not served.
    assert set(doc["paths"]) == {path for path, _view in json_routes}
    # The only other routes under /api/ are the administrators' HTML pages.
    assert {path for path, view in routes if view.__module__ == pages.__name__} == {
        "/api/tokens/",
        "/api/tokens/{pk}/revoke/",
    }


def test_every_reference_resolves_and_every_operation_answers_errors_in_one_shape():
    doc = document()
    refs = re.findall(r"'\$ref': '#/components/schemas/(\w+)'", repr(doc))
    assert refs and set(refs) <= set(doc["components"]["schemas"])
    assert doc["openapi"] == "3.1.0"
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            assert operation["operationId"] and operation["responses"], (path, method)
            if operation["security"]:
                assert {"401", "403"} <= set(operation["responses"]), (path, method)


def test_the_complaint_schema_matches_what_is_served(other_unit):
    served = complaint_json(receive("S1", unit=other_unit))
    schema = document()["components"]["schemas"]["Complaint"]
    assert set(served) == set(schema["properties"]) == set(schema["required"])


def test_the_document_is_served_without_a_token(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["paths"].keys() == document()["paths"].keys()
    assert "cases" not in response.content.decode().lower().replace("cases:read", "")
