from django.urls import path

from dangjian.core.views import audit, imports, notifications, tasks

app_name = "core"
urlpatterns = [
    # audit log (audit administrator)
    path("audit/", audit.audit_list, name="audit"),
    path("audit/export/", audit.audit_export, name="audit_export"),
    # background tasks that failed after their last retry (system administrator)
    path("tasks/", tasks.task_failures, name="tasks"),
    path("tasks/<int:pk>/rerun/", tasks.task_rerun, name="task_rerun"),
    # spreadsheet imports (upload → background check → preview → confirm → background commit)
    path("imports/", imports.import_list, name="imports"),
    path("imports/new/<slug:kind>/", imports.import_new, name="import_new"),
    path("imports/template/<slug:kind>.<str:fmt>", imports.import_template, name="import_template"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    # the user's own notifications (reminders and notices of every app)
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification_read"),
]
