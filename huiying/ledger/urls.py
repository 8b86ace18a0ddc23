from django.urls import path

from huiying.ledger import assessment_views, views

app_name = "ledger"
urlpatterns = [
    path("", views.index, name="index"),
    path("tasks/new/", views.task_new, name="task_new"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/complete/", views.complete, name="complete"),
    path("tasks/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("tasks/<int:pk>/progress/", views.progress, name="progress"),
    path("tasks/<int:pk>/files/<int:file_id>/", views.evidence_file, name="evidence_file"),
    path("assessments/", assessment_views.assessment_list, name="assessments"),
    path(
        "assessments/<str:period>/<slug:unit>/",
        assessment_views.assessment_form,
        name="assessment",
    ),
    path(
        "assessments/<str:period>/<slug:unit>/confirm/",
        assessment_views.assessment_confirm,
        name="assessment_confirm",
    ),
]
