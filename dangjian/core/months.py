"""Month arithmetic, written once: a month is the date of its first day.

Pure functions on dates (no project, no query): reviews, indicators, effects, meetings, assessment and costs use them.
"""

from __future__ import annotations

import datetime as dt
import re

MONTH_TEXT = re.compile(r"^(\d{4})-(\d{2})$")


def first_of(day: dt.date) -> dt.date:
    """The first day of `day`'s month."""
    return day.replace(day=1)


def add_months(day: dt.date, n: int) -> dt.date:
    """The first day of the month `n` months after (or before, n < 0) `day`'s month."""
    index = day.year * 12 + day.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def last_day(day: dt.date) -> dt.date:
    """The last day of `day`'s month."""
    return add_months(day, 1) - dt.timedelta(days=1)


def count(start: dt.date, end: dt.date) -> int:
    """Months from `start`'s month to `end`'s, both included (0 when end is before start)."""
    n = (end.year - start.year) * 12 + end.month - start.month + 1
    return max(n, 0)


def between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month from `first`'s to `last`'s, both included, as first days (empty when last is before first)."""
    start = first_of(first)
    return [add_months(start, n) for n in range(count(first, last))]


def label(month: dt.date) -> str:
    """ "2022-03" """
    return f"{month:%Y-%m}"


def parse(text: str) -> dt.date | None:
    """ "2022-03" → date(2022, 3, 1); None when it is not a month."""
    match = MONTH_TEXT.match(text or "")
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        return None
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def covers_half(start: dt.date, end: dt.date, since: dt.date | None, until: dt.date | None = None) -> bool:
    """Does [since, until] cover at least half of the days of [start, end] (either bound may be unknown; both days
    count)? The one rule for a period that something began or ended part-way through: an org founded or dissolved
    mid-period owes that period only if it existed for half of it (meetings compliance), and a company that went live
    mid-month counts that month only if it used the system for half of it (org/tenancy.counted_from)."""
    first = max(start, since) if since else start
    last = min(end, until) if until else end
    if last < first:
        return False
    return 2 * ((last - first).days + 1) >= (end - start).days + 1
