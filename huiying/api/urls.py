from django.urls import path

from huiying.api import pages, views

app_name = "api"
urlpatterns = [
    path("openapi.json", views.openapi_view, name="openapi"),
    path("complaints", views.complaints_view, name="complaints"),
    path("complaints/<str:channel>/<str:external_id>", views.complaint_view, name="complaint"),
    path(
        "complaints/<str:channel>/<str:external_id>/reopen",
        views.reopen_view,
        name="complaint_reopen",
    ),
    # HTML page for administrators, not part of the JSON API.
    path("tokens/", pages.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", pages.token_revoke, name="token_revoke"),
]
