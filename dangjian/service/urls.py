from django.urls import path

from dangjian.service.views import office, requests

app_name = "service"
urlpatterns = [
    path("", requests.my_requests, name="mine"),
    path("new/", requests.request_submit, name="submit"),
    path("queue/", requests.handler_queue, name="queue"),
    path("<int:pk>/", requests.request_detail, name="detail"),
    path("<int:pk>/step/", requests.request_transition, name="transition"),
    path("<int:pk>/files/<int:attachment_pk>/", requests.attachment, name="attachment"),
    path("t/<str:token>/", requests.request_track, name="track"),
    path("dashboard/", office.dashboard, name="dashboard"),
    path("export/", office.export, name="export"),
    path("board/", office.board, name="board"),
    path("settings/", office.settings_page, name="settings"),
    path("settings/days/<int:pk>/delete/", office.calendar_day_delete, name="calendar_day_delete"),
]
