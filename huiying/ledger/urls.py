from django.urls import path

from huiying.ledger import views

app_name = "ledger"
urlpatterns = [
    path("", views.index, name="index"),
]
