from django.urls import path

from huiying.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.my_cases, name="mine"),
    path("open/", views.open_case, name="open"),
    path("notices/<int:pk>/read/", views.read_notice, name="read_notice"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/evidence/<int:evidence_id>/", views.evidence_file, name="evidence_file"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
