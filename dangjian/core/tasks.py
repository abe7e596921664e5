"""The one task interface. `enqueue(fn, *args)` runs `fn` on a huey worker: an SQLite queue by default (drained by
`manage.py run_huey`, which `make run` starts), Redis in production (REDIS_URL), inline when TASKS_EAGER is set (tests).

Task functions are registered with `@task` and take only JSON-friendly arguments (ids, not objects).

Nothing is lost quietly: every task is retried (RETRIES times, RETRY_DELAY seconds apart — long enough for an SQLite
write lock held by a long import or the demo seeder to clear), and a task that still fails after its last retry is
recorded as a TaskFailure, which the system administrator sees on /core/tasks/ with its error and can run again.
"""

from __future__ import annotations

import json
import logging

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task
from huey.signals import SIGNAL_ERROR

RETRIES = 3
RETRY_DELAY = 30
logger = logging.getLogger(__name__)

# A task run on a schedule by the worker, e.g. `@periodic_task(crontab(hour="7", minute="30"))`.
periodic_task = db_periodic_task
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
