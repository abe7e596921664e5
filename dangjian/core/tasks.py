"""The one task interface. `enqueue(fn, *args)` runs `fn` on a huey worker: an SQLite queue by default (drained by
`manage.py run_huey`, which `make run` starts), Redis in production (REDIS_URL), inline when TASKS_EAGER is set (tests).

Task functions are registered with `@task` and take only JSON-friendly arguments (ids, not objects)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

task = db_task
# A task run on a schedule by the worker, e.g. `@periodic_task(crontab(hour="7", minute="30"))`.
periodic_task = db_periodic_task
__all__ = ["crontab", "is_eager", "periodic_task", "task"]


def is_eager() -> bool:
    return bool(HUEY.immediate)
