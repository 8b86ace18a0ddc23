from django.urls import path

from huiying.reports import schedules, views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.generate, name="generate"),
    path("schedules/", schedules.schedules, name="schedules"),
    path("schedules/<int:pk>/", schedules.schedules, name="schedule_edit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/narrative/", views.narrative, name="narrative"),
    path("<int:pk>/download/<str:fmt>/", views.download, name="download"),
    path("<int:pk>/chart/<int:index>.png", views.chart, name="chart"),
]
