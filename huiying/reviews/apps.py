from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "huiying.reviews"
    label = "reviews"
    verbose_name = "三审三校"
