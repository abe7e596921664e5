from django.urls import path

from dangjian.affairs.recruitment import views

app_name = "recruitment"
urlpatterns = [
    path("", views.board, name="board"),
    path("open/", views.file_open, name="file_open"),
    path("files/<int:pk>/", views.file, name="file"),
    path("files/<int:pk>/stop/", views.file_stop, name="file_stop"),
    path("files/<int:pk>/extend/", views.file_extend, name="file_extend"),
    path("files/<int:pk>/<str:doc>.pdf", views.file_pdf, name="file_pdf"),
    path("plans/", views.plans, name="plans"),
    path("steps/", views.catalogue, name="steps"),
    path("export/", views.export, name="export"),
]
