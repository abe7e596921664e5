from django.urls import path

from dangjian.projects.acceptance import views

app_name = "acceptance"
urlpatterns = [
    path("", views.panel_list, name="list"),
    path("new/", views.panel_create, name="create"),
    path("<int:pk>/", views.panel_detail, name="detail"),
    path("<int:pk>/configure/", views.panel_configure, name="configure"),
    path("<int:pk>/members/", views.member_add, name="member_add"),
    path("<int:pk>/members/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/submit/", views.panel_submit, name="submit"),
    path("<int:pk>/sheet/", views.sheet, name="sheet"),
    path("<int:pk>/sheet/score/", views.score, name="score"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results/export/", views.export, name="export"),
    path("<int:pk>/results/awards/", views.awards, name="awards"),
    path("<int:pk>/results/lock/", views.lock, name="lock"),
    path("<int:pk>/results/<int:project_pk>/certificate.pdf", views.certificate, name="certificate"),
]
