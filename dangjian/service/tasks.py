"""Background work for employees' requests: escalate the ones past their deadline, every hour (a page never writes:
the queue and the home page show a breach from its dates, escalated yet or not; a worker that was stopped catches
up within the hour, however many are due)."""

from __future__ import annotations

import datetime as dt

from dangjian.core.services import SYSTEM
from dangjian.core.tasks import crontab, periodic_task, task
from dangjian.service import services


@task()
def escalate_requests(today: str | None = None) -> int:
    """Escalate the requests past a deadline on `today` (ISO date; default the local date). Returns how many."""
    return services.escalate_breaches(actor=SYSTEM, today=dt.date.fromisoformat(today) if today else None)


@periodic_task(crontab(minute="5"))
def escalate_requests_hourly() -> int:
    return services.escalate_breaches(actor=SYSTEM)
