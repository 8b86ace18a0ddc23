from django.urls import path

from huiying.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.list, name="list"),
]
