from django.urls import path

from dangjian.projects.boards import views

app_name = "boards"
urlpatterns = [
    path("", views.board_home, name="home"),
    path("org/<str:code>/", views.org_board, name="org"),
    path("org/<str:code>/data/", views.org_board_data, name="org_data"),
    path("project/<int:pk>/kiosk/", views.project_kiosk, name="kiosk"),
    path("project/<int:pk>/kiosk/data/", views.project_kiosk_data, name="kiosk_data"),
    path("compilations/", views.compilation_list, name="compilations"),
    path("compilations/<int:pk>/", views.compilation_detail, name="compilation"),
    path("compilations/<int:pk>/<str:kind>/", views.compilation_download, name="compilation_file"),
]
