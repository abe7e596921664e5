"""Background work for reviews: the reminders, run every hour by the worker (sending again adds nothing, so the
schedule only decides how soon after the grace days a reminder appears) or on demand with `remind_reviews`."""

from __future__ import annotations

import datetime as dt

from dangjian.core.tasks import crontab, periodic_task, task
from dangjian.projects.reviews import services


@task()
def remind_reviews(today: str | None = None) -> int:
    """Send the reminders due on `today` (ISO date; default the local date). Returns how many were new."""
    return services.reminders_send(today=dt.date.fromisoformat(today) if today else None)


@periodic_task(crontab(minute="17"))
def remind_reviews_hourly() -> int:
    return services.reminders_send()
