from django.urls import path

from huiying.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/merge/", views.event_merge, name="merge"),
    path("<int:pk>/split/", views.event_split, name="split"),
    path("<int:pk>/move/", views.event_move, name="move"),
]
