"""Background work for the handbook: the 换届 reminders to the secretaries of orgs whose term ends within 90 days,
run daily by the worker (sending again adds nothing) or on demand."""

from __future__ import annotations

import datetime as dt

from dangjian.core.tasks import crontab, periodic_task, task
from dangjian.handbook import services


@task()
def remind_elections(today: str | None = None) -> int:
    """Send the 换届 reminders due on `today` (ISO date; default the local date). Returns how many were new."""
    return services.election_reminders_send(today=dt.date.fromisoformat(today) if today else None)


@periodic_task(crontab(minute="41", hour="7"))
def remind_elections_daily() -> int:
    return services.election_reminders_send()
