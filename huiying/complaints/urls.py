from django.urls import path

from huiying.complaints import rule_views, views

app_name = "complaints"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.detail, name="detail"),
    path("notices/<int:pk>/read/", views.read_notice, name="read_notice"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/due/", views.set_due, name="set_due"),
    path("rules/", rule_views.rule_list, name="rules"),
    path("rules/<int:pk>/edit/", rule_views.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/delete/", rule_views.rule_delete, name="rule_delete"),
]
