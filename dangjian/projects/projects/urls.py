from django.urls import path

from dangjian.projects.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("export/", views.project_export, name="export"),
    path("stats/", views.project_stats, name="stats"),
    path("new/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/transition/", views.project_transition, name="transition"),
    path("<int:pk>/results/", views.project_results, name="results"),
    path("<int:pk>/rules/", views.rule_add, name="rule_add"),
    path("<int:pk>/rules/<int:rule_pk>/", views.rule_edit, name="rule_edit"),
    path("<int:pk>/rules/<int:rule_pk>/remove/", views.rule_remove, name="rule_remove"),
    path("<int:pk>/tasks/<int:task_pk>/", views.task_report, name="task_report"),
    path("<int:pk>/tasks/<int:task_pk>/evidence/", views.task_evidence, name="task_evidence"),
]
