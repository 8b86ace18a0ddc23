from django.urls import path

from huiying.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.queue, name="queue"),
]
