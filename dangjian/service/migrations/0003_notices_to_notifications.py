"""Request notices become notifications (core.Notification, kind "service.notice": the event of an old notice was not
kept), one delivery path for every reminder and notice; the next migration drops the old table. The old notices
were never e-mailed and stay so (they count as e-mailed when they were created)."""

from django.conf import settings
from django.db import migrations
from django.utils import translation

KIND = "service.notice"
BATCH = 1000


def _number(pk, submitted_on) -> str:
    """The request's number as ServiceRequest.number gives it when this was written (a property, not a column)."""
    return f"S{submitted_on.year}-{pk:05d}"


def forward(apps, schema_editor):
    ServiceNotice = apps.get_model("service", "ServiceNotice")
    Notification = apps.get_model("core", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ServiceNotice.objects.exists():
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = translation.gettext("Employee concern %(number)s")
    request_type = ContentType.objects.get_or_create(app_label="service", model="servicerequest")[0]
    rows = []
    notices = ServiceNotice.objects.order_by("pk").values(
        "user_id", "request_id", "request__submitted_on", "text", "created_at", "read_at"
    )
    for n in notices.iterator(chunk_size=BATCH):
        rows.append(
            Notification(
                recipient_id=n["user_id"],
                kind=KIND,
                subject=subject % {"number": _number(n["request_id"], n["request__submitted_on"])},
                text=n["text"],
                link=f"/service/{n['request_id']}/",  # the request's page when this was written
                content_type=request_type,
                object_id=n["request_id"],
                created_at=n["created_at"],
                read_at=n["read_at"],
                emailed_at=n["created_at"],
            )
        )
        if len(rows) >= BATCH:
            Notification.objects.bulk_create(rows)
            rows = []
    Notification.objects.bulk_create(rows)


def backward(apps, schema_editor):
    ServiceNotice = apps.get_model("service", "ServiceNotice")
    Notification = apps.get_model("core", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    request_type = ContentType.objects.filter(app_label="service", model="servicerequest").first()
    kept = Notification.objects.filter(kind__startswith="service.", content_type=request_type)
    rows = [
        ServiceNotice(
            user_id=n.recipient_id,
            request_id=n.object_id,
            text=n.text[:300],
            created_at=n.created_at,
            read_at=n.read_at,
        )
        for n in kept.order_by("pk").iterator(chunk_size=BATCH)
    ]
    ServiceNotice.objects.bulk_create(rows, batch_size=BATCH)
    kept.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("service", "0002_notices"),
        ("core", "0005_notification"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
