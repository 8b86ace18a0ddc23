from django.urls import path

from huiying.items import views

app_name = "items"
urlpatterns = [
    path("", views.item_list, name="list"),
    path("<int:pk>/", views.item_detail, name="detail"),
]
