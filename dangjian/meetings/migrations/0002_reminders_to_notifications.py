"""Meeting reminders become notifications (core.Notification, kind "meetings.due"), one delivery path for every
reminder and notice; the next migration drops the old table."""

from django.conf import settings
from django.db import migrations
from django.utils import translation

KIND = "meetings.due"
BATCH = 1000


def _content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def forward(apps, schema_editor):
    ComplianceReminder = apps.get_model("meetings", "ComplianceReminder")
    Notification = apps.get_model("core", "Notification")
    if not ComplianceReminder.objects.exists():
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = translation.gettext("Meeting due")
    org_type = _content_type(apps, "org", "partyorg")
    rows = []
    for r in ComplianceReminder.objects.order_by("pk").iterator(chunk_size=BATCH):
        rows.append(
            Notification(
                recipient_id=r.user_id,
                kind=KIND,
                subject=subject,
                text=r.text,
                link=r.link,
                content_type=org_type,
                object_id=r.org_id,
                key=f"{KIND}:{r.org_id}:{r.meeting_type}:{r.period}",
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
    ComplianceReminder = apps.get_model("meetings", "ComplianceReminder")
    Notification = apps.get_model("core", "Notification")
    rows = []
    for n in Notification.objects.filter(kind=KIND).order_by("pk").iterator(chunk_size=BATCH):
        _kind, org_id, meeting_type, period = n.key.split(":", 3)
        rows.append(
            ComplianceReminder(
                user_id=n.recipient_id,
                org_id=int(org_id),
                meeting_type=meeting_type,
                period=period,
                text=n.text[:300],
                link=n.link[:200],
                created_at=n.created_at,
                read_at=n.read_at,
                emailed_at=n.emailed_at,
            )
        )
    ComplianceReminder.objects.bulk_create(rows, batch_size=BATCH)
    Notification.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("core", "0005_notification"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
