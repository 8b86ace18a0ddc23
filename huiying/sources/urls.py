from django.urls import path

from huiying.sources import views

app_name = "sources"
urlpatterns = [
    path("", views.source_list, name="list"),
    path("add/", views.source_add, name="add"),
    path("<int:pk>/", views.source_detail, name="detail"),
    path("<int:pk>/edit/", views.source_edit, name="edit"),
    path("<int:pk>/toggle/", views.source_toggle, name="toggle"),
    path("<int:pk>/refresh/", views.source_refresh, name="refresh"),
    path("<int:pk>/import/", views.source_import, name="import"),
]
