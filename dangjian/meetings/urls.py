from django.urls import path

from dangjian.meetings.views import compliance, meetings, standard

app_name = "meetings"
urlpatterns = [
    path("", meetings.meeting_list, name="list"),
    path("new/", meetings.meeting_create, name="create"),
    path("<int:pk>/", meetings.meeting_detail, name="detail"),
    path("<int:pk>/edit/", meetings.meeting_edit, name="edit"),
    path("<int:pk>/delete/", meetings.meeting_delete, name="delete"),
    path("<int:pk>/record.pdf", meetings.meeting_pdf, name="pdf"),
    path("<int:pk>/attachments/", meetings.attachment_add, name="attachment_add"),
    path("<int:pk>/attachments/<int:attachment_pk>/", meetings.attachment_download, name="attachment"),
    path("<int:pk>/actions/<int:action_pk>/done/", meetings.follow_up_done, name="follow_up_done"),
    path("org/<int:pk>/calendar/", compliance.calendar, name="calendar"),
    path("compliance/", compliance.matrix, name="matrix"),
    path("rules/", compliance.rules, name="rules"),
    path("standard/", standard.standard_catalogues, name="standard"),
    path("reminders/<int:pk>/read/", compliance.reminder_read, name="reminder_read"),
]
