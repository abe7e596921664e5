"""Reminders: once last month has ended plus REVIEW_REMINDER_DAYS, the secretaries of running projects without a
submitted review of it get one in-app reminder each (and one e-mail if they have an address) — however often it runs."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from dangjian.core.errors import NotPermitted
from dangjian.core.models import AuditLog, Notification
from dangjian.core.services import SYSTEM
from dangjian.projects.projects.models import State
from dangjian.projects.reviews import services, tasks
from dangjian.projects.reviews.models import ProjectReview
from tests.factories import account_with_role
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def reminders():
    return Notification.objects.filter(kind=services.REMINDER_KIND)


MARCH = dt.date(2022, 3, 1)
DUE = dt.date(2022, 4, 5)  # 2022-03-31 + 5 days


@pytest.fixture
def secretaries(company, logins):
    """The responsible secretary (李明, the BA secretary login, with an e-mail address) and a second BA secretary
    account without one."""
    first = logins["secretary"]
    first.email = "liming@example.com"
    first.save()
    second = account_with_role("secretary", company["branch_a"], username="r_sec2")
    return first, second


def test_not_before_the_grace_days(project, secretaries):
    assert services.reminders_send(today=DUE - dt.timedelta(days=1)) == 0
    assert not reminders().exists()


def test_grace_days_are_configurable(project, secretaries, settings):
    settings.REVIEW_REMINDER_DAYS = 1
    assert services.reminders_send(today=dt.date(2022, 4, 1)) == 2


def test_reminds_each_secretary_once_and_mails_those_with_an_address(
    project, secretaries, django_capture_on_commit_callbacks
):
    first, second = secretaries
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(today=DUE) == 2
    sent = {r.recipient: r for r in reminders()}
    assert set(sent) == {first, second}
    reminder = sent[first]
    assert reminder.about == project and reminder.key == f"reviews.due:{project.pk}:2022-03"
    assert reminder.read_at is None and reminder.emailed_at is not None
    assert reminder.link == f"/reviews/project/{project.pk}/2022/3/"
    assert project.code in reminder.text and "2022-03" in reminder.text
    # written in the site's language (Chinese), whatever language is active when the job runs
    assert "尚未提交" in reminder.text
    assert sent[second].emailed_at is None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["liming@example.com"]
    assert reminder.link in mail.outbox[0].body and mail.outbox[0].subject == reminder.subject
    audit = AuditLog.objects.get(object_type="core.notification")
    assert audit.actor_name == "system" and audit.after == {"month": "2022-03", "reminders": 2, "projects": 1}

    # again, the same day or later: nothing new, no second mail, no audit row
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(today=DUE) == 0
        assert services.reminders_send(today=DUE + dt.timedelta(days=10)) == 0
    assert reminders().count() == 2
    assert len(mail.outbox) == 1
    assert AuditLog.objects.filter(object_type="core.notification").count() == 1


def test_a_new_secretary_is_reminded_without_repeating_the_others(project, secretaries, company):
    services.reminders_send(today=DUE)
    account_with_role("secretary", company["branch_a"], username="r_sec3")
    assert services.reminders_send(today=DUE) == 1


def test_a_submitted_review_needs_no_reminder_but_a_draft_does(project, secretaries):
    review = ProjectReview.objects.create(project=project, month=MARCH, narrative="x")
    assert services.reminders_send(today=DUE) == 2
    reminders().delete()
    review.status = ProjectReview.Status.SUBMITTED
    review.save()
    assert services.reminders_send(today=DUE) == 0


@pytest.mark.parametrize("state", [State.PROPOSED, State.SUBMITTED, State.ACCEPTED, State.CANCELLED])
def test_projects_not_running_are_not_reminded(project, secretaries, state):
    project.state = state
    project.save()
    assert services.reminders_send(today=DUE) == 0


def test_months_outside_the_period_are_not_reminded(company, secretaries):
    ProjectFactory(
        owner=company["branch_a"],
        state=State.INSPECTED,
        starts_on=dt.date(2022, 4, 10),
        ends_on=dt.date(2022, 12, 31),
    )
    assert services.reminders_send(today=DUE) == 0  # March is before it started
    assert services.reminders_send(today=dt.date(2023, 2, 10)) == 0  # January 2023 is after it ended
    assert services.reminders_send(today=dt.date(2022, 5, 6)) == 2  # April is its first month


def test_only_the_system_sends_reminders(project, logins):
    with pytest.raises(NotPermitted):
        services.reminders_send(actor=logins["office"], today=DUE)
    assert services.reminders_send(actor=SYSTEM, today=dt.date(2022, 1, 2)) == 0


def test_other_branches_secretaries_are_not_reminded(project, secretaries, logins):
    services.reminders_send(today=DUE)
    assert not reminders().filter(recipient__in=[logins["other"], logins["office"]]).exists()


def test_command_and_task(project, secretaries):
    out = StringIO()
    call_command("remind_reviews", "--today", "2022-04-05", stdout=out)
    assert out.getvalue().strip() == "2 new reminder(s)."
    call_command("remind_reviews", "--today", "2022-04-05", "--queue", stdout=out)  # tasks run inline in tests
    assert reminders().count() == 2
    assert tasks.remind_reviews("2022-04-06").get() == 0
    assert reminders().count() == 2


def test_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("remind_reviews", "--today", "2022-13-01")


def test_the_reminder_is_inbox_work_done_when_anyone_submits_the_review(project, secretaries, logins, smelter_march):
    from decimal import Decimal

    from dangjian.core.notifications.selectors import inbox_count

    first, second = secretaries
    services.reminders_send(today=DUE)
    assert {r.action for r in reminders()} == {True}
    assert (inbox_count(user=first), inbox_count(user=second)) == (1, 1)
    entered = project.goals.get(order=2)
    draft = services.review_save(actor=second, project=project, month=MARCH, narrative="3月平稳")
    assert inbox_count(user=first) == 1  # a draft is not the review done
    services.review_save(
        actor=second, project=project, month=MARCH, actuals={entered.pk: Decimal("3")}, narrative="3月平稳", submit=True
    )
    assert draft.pk == ProjectReview.objects.get().pk
    assert (inbox_count(user=first), inbox_count(user=second)) == (0, 0)
    assert reminders().filter(done_at__isnull=True).count() == 0
