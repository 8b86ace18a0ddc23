from django.urls import path
from django.views.i18n import JavaScriptCatalog

from huiying.reviews import export_views, review_views, term_views, views

app_name = "reviews"
urlpatterns = [
    path("", views.queue, name="queue"),
    # The editor's texts in the user's language (djangojs catalogue of this app).
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["huiying.reviews"]), name="jsi18n"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("preview/", views.preview, name="preview"),
    path("<int:pk>/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/review/", review_views.review, name="review"),
    path("<int:pk>/record/", review_views.record, name="record"),
    path("<int:pk>/publish/", review_views.publish, name="publish"),
    path("<int:pk>/export.<str:fmt>", export_views.export, name="export"),
    path("terms/", term_views.index, name="terms"),
    path("terms/add/", term_views.add_term, name="term_add"),
    path("terms/<int:pk>/delete/", term_views.delete_term, name="term_delete"),
    path("terms/flagged/add/", term_views.add_flagged, name="flagged_add"),
    path("terms/flagged/<int:pk>/delete/", term_views.delete_flagged, name="flagged_delete"),
    path("terms/seed/", term_views.seed, name="terms_seed"),
    path("rules/", term_views.reviewer_rules, name="rules"),
    path("rules/set/", term_views.set_rule, name="rule_set"),
    path("rules/<int:pk>/delete/", term_views.delete_rule, name="rule_delete"),
]
