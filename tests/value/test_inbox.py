"""A team's record missing: from VALUE_MISSING_HOUR the team leader of each team without the previous shift day's
record gets one work notification (keyed by team and day, so the hourly job never repeats it), closed when the
record is saved by anyone — the entry page, the push API or an import; and the team leader's home has 今日填报."""

import datetime as dt
import zoneinfo

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from dangjian.core.errors import NotPermitted
from dangjian.core.models import AuditLog, Notification
from dangjian.core.notifications.selectors import inbox_count, inbox_list
from dangjian.core.services import SYSTEM
from dangjian.value import services, tasks
from dangjian.value.inbox import missing_records_notify
from tests.api.conftest import ApiClient
from tests.factories import PersonFactory, account_with_role
from tests.value.conftest import DAY, record_row

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NEXT_MORNING = DAY + dt.timedelta(days=1)


def at(hour: int, minute: int = 0, day: dt.date = NEXT_MORNING) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def leader_ca(accounting):
    """The team leader of crew CA (their person works in it), over branch_a as the demo's team leader is."""
    person = PersonFactory(branch=accounting["branch_a"], unit=accounting["units"]["CA"].unit, name="赵班长")
    return account_with_role("team_leader", accounting["branch_a"], person=person, username="tl_ca")


def test_before_the_hour_nobody_is_asked_after_it_the_team_leader_once(accounting, leader_ca):
    ca = accounting["units"]["CA"]
    assert missing_records_notify(now=at(9, 59)) == 0
    assert missing_records_notify(now=at(10, 0)) == 1
    (item,) = inbox_list(user=leader_ca)
    assert (item.kind, item.action, item.about, item.key) == ("value.missing", True, ca, f"value.missing:{ca.pk}:{DAY}")
    assert item.link == f"/value/entry/?unit={ca.pk}&date={DAY.isoformat()}"
    assert "CA班" in item.subject and DAY.isoformat() in item.text
    # The next hourly runs send nothing again, and no team without a leader account asks anyone.
    assert missing_records_notify(now=at(11, 40)) == 0
    assert Notification.objects.filter(kind="value.missing").count() == 1
    assert AuditLog.objects.filter(object_type="core.notification").count() == 1
    with pytest.raises(NotPermitted):
        missing_records_notify(actor=leader_ca, now=at(11))


@override_settings(VALUE_MISSING_HOUR=8)
def test_the_hour_is_a_setting(accounting, leader_ca):
    assert missing_records_notify(now=at(8, 5)) == 1


def test_a_team_with_its_record_is_not_asked_for(accounting, leader_ca):
    services.records_write(actor=SYSTEM, rows=[record_row("CA", day=DAY, AL="1")], source="api")
    assert missing_records_notify(now=at(12)) == 0


def test_the_entry_page_closes_it_whoever_saves_the_record(client, accounting, leader_ca, secretary_a):
    missing_records_notify(now=at(10))
    ca = accounting["units"]["CA"]
    client.force_login(secretary_a)
    saved = client.post(
        reverse("value:entry"), {"unit": ca.pk, "date": DAY.isoformat(), "shift": "B", "hours": "96", "AL": "13"}
    )
    assert saved.status_code == 302
    assert inbox_count(user=leader_ca) == 0
    assert Notification.objects.get(kind="value.missing").state == Notification.State.DONE
    # Done stays done: the next run does not ask again for the same team and day.
    assert missing_records_notify(now=at(12)) == 0


def test_the_push_api_closes_it(client, accounting, leader_ca):
    missing_records_notify(now=at(10))
    api = ApiClient(client, account_with_role("integration", accounting["root"], username="mes"))
    body = {
        "unit": "CA",
        "date": DAY.isoformat(),
        "shift": "A",
        "hours": "96",
        "items": [{"item": "AL", "quantity": "1"}],
    }
    assert api.post("/value/records", body).status_code == 201
    assert inbox_count(user=leader_ca) == 0


def test_an_import_closes_it_and_another_day_s_record_does_not(accounting, leader_ca):
    missing_records_notify(now=at(10))
    other = DAY - dt.timedelta(days=3)
    services.records_write(actor=SYSTEM, rows=[record_row("CA", day=other, AL="1")], source="import")
    assert inbox_count(user=leader_ca) == 1
    services.records_write(actor=SYSTEM, rows=[record_row("CA", day=DAY, AL="1")], source="import")
    assert inbox_count(user=leader_ca) == 0


def test_the_periodic_task_runs_the_job(accounting, leader_ca):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with override_settings(VALUE_MISSING_HOUR=0):
        assert tasks.missing_records_notify.call_local() == 1
        assert tasks.missing_records_notify.call_local() == 0
    (item,) = inbox_list(user=leader_ca)
    assert item.key.endswith(yesterday.isoformat())


def test_team_leader_home_has_today_s_entry_for_their_own_team(
    client, accounting, leader_ca, django_assert_max_num_queries
):
    ca = accounting["units"]["CA"]
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    client.force_login(leader_ca)
    client.get(reverse("home"))
    with django_assert_max_num_queries(25):
        response = client.get(reverse("home"))
    (section,) = [s for s in response.context["sections"] if s["template"] == "value/_home.html"]
    assert section["value_team"] == ca and section["value_team_day"] == yesterday
    page = response.content.decode()
    link = f"/value/entry/?unit={ca.pk}&amp;date={yesterday.isoformat()}"
    assert 'data-testid="value-today"' in page and link in page and "Today's entry" in page
    assert "今日填报" in client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    # Yesterday entered: the button opens today's form.
    services.records_write(actor=SYSTEM, rows=[record_row("CA", day=yesterday, AL="1")], source="api")
    response = client.get(reverse("home"))
    (section,) = [s for s in response.context["sections"] if s["template"] == "value/_home.html"]
    assert section["value_team_day"] == timezone.localdate()
    # The form it opens is that team's, that day's.
    form = client.get(section["value_team_link"])
    assert form.status_code == 200 and form.context["unit"] == ca and form.context["day"] == timezone.localdate()


def test_a_team_enrolled_today_owes_nothing_for_yesterday(client, accounting, leader_ca, office):
    """The day of enrolment is the first day due: no reminder and no 今日填报 for the day before; re-enrolling a
    retired team starts it again from that day."""
    ca = accounting["units"]["CA"]
    today = timezone.localdate()
    services.unit_retire(actor=office, accounting=ca)
    ca = services.unit_enrol(actor=office, unit=ca.unit, group=ca.group, org=ca.org)
    assert (ca.active, ca.since) == (True, today)
    assert missing_records_notify(now=at(11, day=today)) == 0
    client.force_login(leader_ca)
    response = client.get(reverse("home"))
    (section,) = [s for s in response.context["sections"] if s["template"] == "value/_home.html"]
    assert section["value_team_day"] == today
    assert ca not in section["value_missing"]
    # The next morning yesterday (the day of enrolment) is owed, and asked for.
    assert missing_records_notify(now=at(11, day=today + dt.timedelta(days=1))) == 1


def test_a_secretary_entering_for_the_branch_has_no_team_button(client, accounting, secretary_a):
    client.force_login(secretary_a)
    response = client.get(reverse("home"))
    (section,) = [s for s in response.context["sections"] if s["template"] == "value/_home.html"]
    assert "value_team" not in section
    assert 'data-testid="value-today"' not in response.content.decode()


def test_two_workers_queue_the_hourly_job_and_it_runs_once(accounting, leader_ca, monkeypatch):
    from huey.contrib.djhuey import HUEY

    from dangjian.core.models import PeriodicRun

    runs = []
    monkeypatch.setattr("dangjian.value.inbox.missing_records_notify", lambda actor: runs.append(actor) or 0)
    monkeypatch.setattr(HUEY, "_get_timestamp", lambda: dt.datetime(2026, 3, 5, 2, 41))
    tasks.missing_records_notify()  # one worker's scheduler queues it: it runs
    tasks.missing_records_notify()  # the other's, in the same hour: skipped
    assert len(runs) == 1
    assert PeriodicRun.objects.get(task="dangjian.value.tasks.missing_records_notify").period == dt.datetime(
        2026, 3, 5, 2, 40, tzinfo=dt.UTC
    )


def test_the_demo_team_leader_s_home_has_today_s_entry(demo_world, db, client):
    """The demo's team leader (中州铝业, 蒸发车间甲班班长) opens the home page and finds 今日填报 for their own team."""
    from dangjian.accounts.models import User

    client.force_login(User.objects.get(username="zz_team_leader"))
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    (section,) = [s for s in response.context["sections"] if s["template"] == "value/_home.html"]
    person = User.objects.get(username="zz_team_leader").person
    assert section["value_team"].unit_id in (person.unit_id, person.unit.parent_id)
    assert 'data-testid="value-today"' in response.content.decode() and "今日填报" in response.content.decode()
