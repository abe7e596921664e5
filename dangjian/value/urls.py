from django.urls import path

from dangjian.value import views

app_name = "value"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("board/", views.board, name="board"),
    path("board/rows/", views.board_rows, name="board_rows"),
    path("board/export/", views.board_export, name="board_export"),
    path("lock/", views.day_lock, name="lock"),
    path("entry/", views.entry, name="entry"),
    path("records/<int:pk>/", views.record_detail, name="record"),
    path("records/<int:pk>/confirm/", views.record_confirm, name="record_confirm"),
    path("setup/", views.setup, name="setup"),
    path("winners/", views.winners, name="winners"),
    path("units/<int:pk>/", views.team, name="team"),
    path("monthly/", views.monthly, name="monthly"),
    path("monthly/export/", views.monthly_export, name="monthly_export"),
]
