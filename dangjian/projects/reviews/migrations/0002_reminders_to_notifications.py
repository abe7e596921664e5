"""Review reminders become notifications (core.Notification, kind "reviews.due"), one delivery path for every
reminder and notice; the next migration drops the old table."""

import datetime as dt

from django.conf import settings
from django.db import migrations
from django.utils import translation

KIND = "reviews.due"
BATCH = 1000


def forward(apps, schema_editor):
    ReviewReminder = apps.get_model("reviews", "ReviewReminder")
    Notification = apps.get_model("core", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ReviewReminder.objects.exists():
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = translation.gettext("Monthly review due")
    project_type = ContentType.objects.get_or_create(app_label="projects", model="project")[0]
    rows = []
    for r in ReviewReminder.objects.order_by("pk").iterator(chunk_size=BATCH):
        rows.append(
            Notification(
                recipient_id=r.user_id,
                kind=KIND,
                subject=subject,
                text=r.text,
                link=r.link,
                content_type=project_type,
                object_id=r.project_id,
                key=f"{KIND}:{r.project_id}:{r.month:%Y-%m}",
                created_at=r.created_at,
                read_at=r.read_at,
                emailed_at=r.emailed_at,
            )
        )
        if len(rows) >= BATCH:
            Notification.objects.bulk_create(rows)
            rows = []
    Notification.objects.bulk_create(rows)


def backward(apps, schema_editor):
    ReviewReminder = apps.get_model("reviews", "ReviewReminder")
    Notification = apps.get_model("core", "Notification")
    rows = []
    for n in Notification.objects.filter(kind=KIND).order_by("pk").iterator(chunk_size=BATCH):
        _kind, project_id, month = n.key.split(":", 2)
        rows.append(
            ReviewReminder(
                user_id=n.recipient_id,
                project_id=int(project_id),
                month=dt.date.fromisoformat(f"{month}-01"),
                text=n.text[:300],
                link=n.link[:200],
                created_at=n.created_at,
                read_at=n.read_at,
                emailed_at=n.emailed_at,
            )
        )
    ReviewReminder.objects.bulk_create(rows, batch_size=BATCH)
    Notification.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("core", "0005_notification"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
