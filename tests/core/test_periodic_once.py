"""Periodic tasks run once per period however many task workers run a scheduler (issue 17: two workers on Redis)."""

import datetime as dt

from huey import crontab
from huey.contrib.djhuey import HUEY

from dangjian.core.models import PeriodicRun
from dangjian.core.tasks import deliver_notifications_sweep, period_of

SWEEP = "dangjian.core.tasks.deliver_notifications_sweep"


def test_the_period_is_the_schedules_latest_minute():
    assert period_of(crontab(minute="*/15"), dt.datetime(2026, 3, 5, 10, 44, 59)) == dt.datetime(2026, 3, 5, 10, 30)
    assert period_of(crontab(minute="*/15"), dt.datetime(2026, 3, 5, 10, 45, 0)) == dt.datetime(2026, 3, 5, 10, 45)
    # a daily task run in the small hours of the next day belongs to the day before
    assert period_of(crontab(hour="2", minute="15"), dt.datetime(2026, 3, 6, 1, 0)) == dt.datetime(2026, 3, 5, 2, 15)


def test_two_schedulers_queue_the_sweep_and_it_runs_once(db, monkeypatch):
    assert HUEY.immediate  # tests run tasks inline, through huey's execute as a worker does
    runs = []
    monkeypatch.setattr("dangjian.core.notifications.delivery.deliver", lambda ids=None: runs.append(1) or 0)
    monkeypatch.setattr(HUEY, "_get_timestamp", lambda: dt.datetime(2026, 3, 5, 10, 44, 59))
    deliver_notifications_sweep()  # one worker's scheduler queues it: it runs
    deliver_notifications_sweep()  # the other's, in the same quarter hour: skipped
    assert len(runs) == 1
    assert PeriodicRun.objects.get(task=SWEEP).period == dt.datetime(2026, 3, 5, 10, 30, tzinfo=dt.UTC)

    monkeypatch.setattr(HUEY, "_get_timestamp", lambda: dt.datetime(2026, 3, 5, 10, 45, 1))
    deliver_notifications_sweep()  # the next quarter hour runs again
    assert len(runs) == 2
    assert PeriodicRun.objects.filter(task=SWEEP).count() == 2
    # run by hand (commands, tests): always runs, records nothing
    assert deliver_notifications_sweep.call_local() == 0
    assert len(runs) == 3
    assert PeriodicRun.objects.filter(task=SWEEP).count() == 2
