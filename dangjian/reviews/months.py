"""Month arithmetic for reviews: a month is the date of its first day."""

from __future__ import annotations

import datetime as dt
import re

MONTH_TEXT = re.compile(r"^(\d{4})-(\d{2})$")


def first_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    """The first day of the month `n` months after (or before, n < 0) `month`'s."""
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def last_day(month: dt.date) -> dt.date:
    return add_months(month, 1) - dt.timedelta(days=1)


def count(start: dt.date, end: dt.date) -> int:
    """Months from `start`'s month to `end`'s, both included (0 when end is before start)."""
    n = (end.year - start.year) * 12 + end.month - start.month + 1
    return max(n, 0)


def label(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def parse(text: str) -> dt.date | None:
    """ "2022-03" → date(2022, 3, 1); None when it is not a month."""
    match = MONTH_TEXT.match(text or "")
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        return None
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def period(project) -> tuple[dt.date, dt.date]:
    """The first and last month of a project's period."""
    return first_of(project.starts_on), first_of(project.ends_on)


def due_month(project, as_of: dt.date) -> dt.date | None:
    """The month whose review is due at `as_of`: the last month that has ended, or the project's last month if the
    period is over; None while the first month has not ended."""
    month = min(add_months(first_of(as_of), -1), period(project)[1])
    return month if month >= period(project)[0] else None
