from django.urls import path

from huiying.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.alert_list, name="list"),
    path("channels/", views.channel_list, name="channels"),
    path("channels/new/", views.channel_edit, name="channel_new"),
    path("channels/<int:pk>/", views.channel_edit, name="channel_edit"),
    path("event/<int:event_id>/tier", views.tier_panel, name="tier_panel"),
    path("event/<int:event_id>/tier/set", views.tier_set, name="tier_set"),
]
