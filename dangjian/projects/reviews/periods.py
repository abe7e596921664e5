"""A project's review months (the month arithmetic itself is dangjian/core/months.py)."""

from __future__ import annotations

import datetime as dt

from dangjian.core.months import add_months, first_of


def period(project) -> tuple[dt.date, dt.date]:
    """The first and last month of a project's period."""
    return first_of(project.starts_on), first_of(project.ends_on)


def due_month(project, as_of: dt.date) -> dt.date | None:
    """The month whose review is due at `as_of`: the last month that has ended, or the project's last month if the
    period is over; None while the first month has not ended."""
    month = min(add_months(first_of(as_of), -1), period(project)[1])
    return month if month >= period(project)[0] else None
