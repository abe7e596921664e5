"""The one task interface. `enqueue(fn, *args)` runs `fn` on a huey worker: an SQLite queue by default (drained by
`manage.py run_huey`, which `make run` starts), Redis in production (REDIS_URL), inline when TASKS_EAGER is set (tests).

Task functions are registered with `@task` and take only JSON-friendly arguments (ids, not objects).

Nothing is lost quietly: every task is retried (RETRIES times, RETRY_DELAY seconds apart — long enough for an SQLite
write lock held by a long import or the demo seeder to clear), and a task that still fails after its last retry is
recorded as a TaskFailure, which the system administrator sees on /core/tasks/ with its error and can run again.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task
from huey.signals import SIGNAL_ERROR

RETRIES = 3
RETRY_DELAY = 30
logger = logging.getLogger(__name__)

# How far back `period_of` looks for the schedule's latest minute (a daily task's whole day, and a little more).
PERIOD_LOOKBACK_MINUTES = 26 * 60


def period_of(schedule, now: dt.datetime) -> dt.datetime | None:
    """The latest minute at or before `now` that `schedule` (a huey crontab) matches: the period a run belongs to."""
    minute = now.replace(second=0, microsecond=0)
    for _ in range(PERIOD_LOOKBACK_MINUTES):
        if schedule(minute):
            return minute
        minute -= dt.timedelta(minutes=1)
    return None


def claim_period(name: str, period: dt.datetime) -> bool:
    """Record the run of task `name` for `period`; False when a run for that period is already recorded (another
    worker's scheduler queued it too)."""
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    from dangjian.core.models import PeriodicRun

    if timezone.is_naive(period):
        period = timezone.make_aware(period, dt.UTC if HUEY.utc else timezone.get_current_timezone())
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(task=name, period=period)
    except IntegrityError:
        return False
    return True


def periodic_task(schedule, **options):
    """`@periodic_task(crontab(hour="7", minute="30"))`: a task the workers' schedulers queue on that schedule. Runs
    once per period however many workers run a scheduler: the first to claim the period (a PeriodicRun row, unique
    per task and period) runs it, the others skip it."""

    def decorator(fn):
        name = f"{fn.__module__}.{fn.__name__}"

        @functools.wraps(fn)
        def once_per_period(*args, task=None, **kwargs):
            # huey passes `task` when a worker runs it (context=True); `call_local()` and commands run it as asked.
            if task is not None:
                period = period_of(schedule, HUEY._get_timestamp())
                if period is not None and not claim_period(name, period):
                    logger.info("%s already ran for %s; skipped.", name, period)
                    return None
            return fn(*args, **kwargs)

        return db_periodic_task(schedule, context=True, **options)(once_per_period)

    return decorator


__all__ = ["crontab", "deliver_notifications", "is_eager", "periodic_task", "rerun", "task", "task_name"]


def task(*, retries: int = RETRIES, retry_delay: int = RETRY_DELAY, **options):
    """`@task()`: a background task, retried on failure and recorded when it fails for good."""
    return db_task(retries=retries, retry_delay=retry_delay, **options)


def is_eager() -> bool:
    return bool(HUEY.immediate)


def task_name(task_obj) -> str:
    """The registry's name of a task ("dangjian.<app>.tasks.<function>"), the key `rerun` looks up."""
    return HUEY._registry.task_to_string(type(task_obj))


def _json(value):
    """Arguments as stored: JSON as they are (tasks take ids and strings), anything else as its text."""
    return json.loads(json.dumps(value, default=str))


@HUEY.signal(SIGNAL_ERROR)
def _record_failure(signal, task_obj, exc=None) -> None:
    """After the last retry (huey has no retries left on the task), keep the failure for a person to see."""
    if task_obj.retries:
        return  # huey queues it again
    from dangjian.core.models import TaskFailure

    try:
        TaskFailure.objects.create(
            task=task_name(task_obj),
            args=_json(list(task_obj.args or ())),
            kwargs=_json(dict(task_obj.kwargs or {})),
            error=f"{type(exc).__name__}: {exc}"[:4000] if exc is not None else "",
            attempts=RETRIES + 1,
        )
    except Exception:  # the database itself may be the failure: the log still has it
        logger.exception("Could not record the failure of task %s", task_name(task_obj))


def rerun(name: str, args: list, kwargs: dict) -> None:
    """Queue the task registered as `name` again with the same arguments."""
    task_class = HUEY._registry.string_to_task(name)
    HUEY.enqueue(task_class(args=tuple(args), kwargs=dict(kwargs)))


# --- notifications: the one delivery path (core/notifications/delivery.py) -----------------------------------------


@task()
def deliver_notifications(ids: list[int] | None = None) -> int:
    """Send the notifications `ids` (all pending ones of the last days without ids) and record when each went out;
    raises when any could not be sent, so it is retried like every task."""
    from dangjian.core.notifications.delivery import deliver

    return deliver(ids)


@periodic_task(crontab(minute="*/15"))
def deliver_notifications_sweep() -> int:
    """What the immediate delivery missed (worker or mail server away) goes out within a quarter of an hour. A
    failure here is only logged: the immediate task's failure is already kept, and the next sweep tries again."""
    from dangjian.core.notifications.delivery import DeliveryFailed, deliver

    try:
        return deliver()
    except DeliveryFailed:
        logger.warning("Some notifications are still not delivered; the next sweep tries again.")
        return 0
