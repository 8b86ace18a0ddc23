from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("huiying.web.urls")),
    path("sources/", include("huiying.sources.urls")),
    path("items/", include("huiying.items.urls")),
    path("watch/", include("huiying.watch.urls")),
    path("events/", include("huiying.events.urls")),
    path("complaints/", include("huiying.complaints.urls")),
    path("cases/", include("huiying.cases.urls")),
    path("alerts/", include("huiying.alerts.urls")),
    path("api/", include("huiying.api.urls")),
    path("reviews/", include("huiying.reviews.urls")),
    path("ledger/", include("huiying.ledger.urls")),
    path("reports/", include("huiying.reports.urls")),
]
