"""Background work for employees' requests: escalate the ones past their deadline every morning (reading the queue
or the home page escalates too, so a stopped worker does not hide a breach)."""

from __future__ import annotations

import datetime as dt

from dangjian.core.services import SYSTEM
from dangjian.core.tasks import crontab, periodic_task, task
from dangjian.service import services


@task()
def escalate_requests(today: str | None = None) -> int:
    """Escalate the requests past a deadline on `today` (ISO date; default the local date). Returns how many."""
    return services.escalate_breaches(actor=SYSTEM, today=dt.date.fromisoformat(today) if today else None)


@periodic_task(crontab(hour="7", minute="5"))
def escalate_requests_daily() -> int:
    return services.escalate_breaches(actor=SYSTEM)
