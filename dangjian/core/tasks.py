"""The one task interface. `enqueue(fn, *args)` runs `fn` on a huey worker: an SQLite queue by default (drained by
`manage.py run_huey`, which `make run` starts), Redis in production (REDIS_URL), inline when TASKS_EAGER is set (tests).

Task functions are registered with `@task` and take only JSON-friendly arguments (ids, not objects)."""

from __future__ import annotations

from huey.contrib.djhuey import HUEY, db_task

task = db_task


def is_eager() -> bool:
    return bool(HUEY.immediate)
