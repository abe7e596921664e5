"""The data migrations that move meeting reminders, review reminders and request notices into notifications: every
old row becomes one notification of its kind, with its text, link, dates, object and dedupe key — and back."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("meetings", "0001_initial"), ("reviews", "0001_initial"), ("service", "0002_notices")]
AFTER = [
    ("meetings", "0003_delete_compliancereminder"),
    ("reviews", "0003_delete_reviewreminder"),
    ("service", "0004_delete_servicenotice"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([*targets, ("core", "0005_notification")]).apps


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_old_reminders_and_notices_become_notifications_and_back(company):
    from tests.factories import UserFactory
    from tests.projects.factories import ProjectFactory

    user = UserFactory(username="mig_user")
    project = ProjectFactory(owner=company["branch_a"])
    request = _request(company)

    try:
        apps = migrate(BEFORE)
        created = timezone.now() - dt.timedelta(days=3)
        read = created + dt.timedelta(hours=1)
        apps.get_model("meetings", "ComplianceReminder").objects.create(
            user_id=user.pk,
            org_id=company["branch_a"].pk,
            meeting_type="themed_day",
            period="2026-06",
            text="主题党日未开",
            link="/meetings/calendar/1/",
            created_at=created,
            emailed_at=created,
        )
        apps.get_model("reviews", "ReviewReminder").objects.create(
            user_id=user.pk,
            project_id=project.pk,
            month=dt.date(2022, 3, 1),
            text="月度评估未交",
            link="/reviews/x/",
            created_at=created,
            read_at=read,
        )
        apps.get_model("service", "ServiceNotice").objects.create(
            user_id=user.pk, request_id=request.pk, text="新诉求", created_at=created
        )

        apps = migrate(AFTER)
        Notification = apps.get_model("core", "Notification")
        rows = {n.kind: n for n in Notification.objects.filter(recipient_id=user.pk)}
        assert set(rows) == {"meetings.due", "reviews.due", "service.notice"}
        meeting = rows["meetings.due"]
        assert (meeting.text, meeting.link, meeting.object_id) == (
            "主题党日未开",
            "/meetings/calendar/1/",
            company["branch_a"].pk,
        )
        assert meeting.key == f"meetings.due:{company['branch_a'].pk}:themed_day:2026-06"
        assert meeting.created_at == created and meeting.emailed_at == created and meeting.read_at is None
        assert meeting.content_type.model == "partyorg" and meeting.subject  # written in the site's language
        review = rows["reviews.due"]
        assert review.key == f"reviews.due:{project.pk}:2022-03" and review.read_at == read
        assert review.content_type.model == "project" and review.object_id == project.pk
        notice = rows["service.notice"]
        assert notice.link == f"/service/{request.pk}/" and notice.object_id == request.pk
        assert request.number in notice.subject
        assert notice.emailed_at is not None  # never e-mailed before, and not now for old notices

        apps = migrate(BEFORE)
        assert apps.get_model("meetings", "ComplianceReminder").objects.get().period == "2026-06"
        assert apps.get_model("reviews", "ReviewReminder").objects.get().month == dt.date(2022, 3, 1)
        assert apps.get_model("service", "ServiceNotice").objects.get().text == "新诉求"
        assert not apps.get_model("core", "Notification").objects.filter(recipient_id=user.pk).exists()
    finally:
        # Every app back to its latest migration: going back to BEFORE also unapplied the apps that depend on these
        # (e.g. recruitment on meetings), which AFTER alone would leave missing for the tests that follow.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def _request(company):
    """A bare request row (the table is not touched by these migrations)."""
    from dangjian.service.models import ServiceRequest
    from tests.factories import PersonFactory

    return ServiceRequest.objects.create(
        category="production",
        title="更衣室热水",
        description="热水不够",
        submitter=PersonFactory(branch=company["branch_a"]),
        handling_org=company["branch_a"],
        submitted_on=dt.date(2026, 1, 5),
        accept_due=dt.date(2026, 1, 6),
        resolve_due=dt.date(2026, 1, 12),
    )
