"""Background work for meetings: the reminders before a period ends, run every hour by the worker (sending again adds
nothing, so the schedule only decides how soon a reminder appears) or on demand."""

from __future__ import annotations

import datetime as dt

from dangjian.core.tasks import crontab, periodic_task, task
from dangjian.meetings import services


@task()
def remind_meetings(today: str | None = None) -> int:
    """Send the reminders due on `today` (ISO date; default the local date). Returns how many were new."""
    return services.reminders_send(today=dt.date.fromisoformat(today) if today else None)


@periodic_task(crontab(minute="23"))
def remind_meetings_hourly() -> int:
    return services.reminders_send()
