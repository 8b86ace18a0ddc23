from django.urls import path

from huiying.watch import views

app_name = "watch"
urlpatterns = [
    path("", views.rule_list, name="list"),
    path("add/", views.rule_add, name="add"),
    path("preview/", views.rule_preview, name="preview"),
    path("<int:pk>/", views.rule_detail, name="detail"),
    path("<int:pk>/edit/", views.rule_edit, name="edit"),
    path("<int:pk>/toggle/", views.rule_toggle, name="toggle"),
    path("<int:pk>/delete/", views.rule_delete, name="delete"),
    path("<int:pk>/reapply/", views.rule_reapply, name="reapply"),
]
