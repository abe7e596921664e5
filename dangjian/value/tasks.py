"""Background work of value accounting: a team's daily totals go to the production indicators (最多报一次)."""

from __future__ import annotations

from dangjian.core.tasks import crontab, periodic_task, task


@task()
def sync_indicators(pairs: list[tuple[int, str]]) -> None:
    """Write each (accounting unit, day)'s value and hours as indicator values (source value_accounting)."""
    from dangjian.value.indicators import push_days

    push_days(pairs)


@periodic_task(crontab(hour="2", minute="15"))
def lock_past_days() -> None:
    """The nightly close: every peer group's days up to the day before yesterday are locked (corrections after that
    need a reason), leaving a day for late entries."""
    import datetime as dt

    from django.utils import timezone

    from dangjian.core.services import SYSTEM
    from dangjian.value.services import days_lock_until

    days_lock_until(actor=SYSTEM, day=timezone.localdate() - dt.timedelta(days=2))


@periodic_task(crontab(minute="40"))
def missing_records_notify() -> int:
    """Hourly: from VALUE_MISSING_HOUR on, each team without yesterday's record asks its team leader (once per team
    and day, by key; closed when the record is saved)."""
    from dangjian.core.services import SYSTEM
    from dangjian.value.inbox import missing_records_notify as send

    return send(actor=SYSTEM)
