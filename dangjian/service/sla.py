"""Working-day arithmetic for the service deadlines, pure: a `Calendar` says which dates are exceptions to the
Monday–Friday week (public holidays on weekdays, make-up working days 调休 on weekends), and the functions count
working days with it. `calendar_for` loads the exceptions for a span of dates in one query.

Deadlines are dates: a request submitted on day D with "accept within N working days" must be accepted by the end
of the N-th working day after D (D itself does not count, whatever the hour).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

ONE_DAY = dt.timedelta(days=1)
# Used for a category without an SlaPolicy row: (accept within, resolve within) working days.
DEFAULT_SLA: dict[str, tuple[int, int]] = {
    "safety": (1, 5),
    "production": (2, 10),
    "environment": (2, 10),
    "welfare": (3, 15),
    "career": (3, 15),
    "other": (3, 15),
}
# A calendar loaded for deadlines looks this far ahead (a long holiday plus the longest allowance fits easily).
HORIZON_DAYS = 120


@dataclass(frozen=True)
class Calendar:
    """Exceptions to the Monday–Friday week."""

    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    workdays: frozenset[dt.date] = field(default_factory=frozenset)

    def is_working_day(self, day: dt.date) -> bool:
        """A make-up working day works even on a weekend; a holiday rests even on a weekday."""
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5


def add_working_days(start: dt.date, days: int, calendar: Calendar) -> dt.date:
    """The `days`-th working day after `start` (`start` itself does not count); `start` for 0."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += ONE_DAY
        if calendar.is_working_day(day):
            days -= 1
    return day


def working_days_between(start: dt.date, end: dt.date, calendar: Calendar) -> int:
    """Working days in (start, end]: how many working days after `start` it took to reach `end` (negative when
    `end` is before `start`)."""
    if end < start:
        return -working_days_between(end, start, calendar)
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        count += calendar.is_working_day(day)
    return count


def calendar_for(start: dt.date, end: dt.date) -> Calendar:
    """The calendar's exceptions between `start` and `end`, in one query."""
    from dangjian.service.models import CalendarDay

    rows = CalendarDay.objects.filter(day__range=(start, end)).values_list("day", "kind")
    holidays = frozenset(day for day, kind in rows if kind == CalendarDay.Kind.HOLIDAY)
    workdays = frozenset(day for day, kind in rows if kind == CalendarDay.Kind.WORKDAY)
    return Calendar(holidays=holidays, workdays=workdays)


def allowance(category: str) -> tuple[int, int]:
    """(accept within, resolve within) working days for `category`: its SlaPolicy row, else DEFAULT_SLA."""
    from dangjian.service.models import SlaPolicy

    row = SlaPolicy.objects.filter(category=category).values_list("accept_days", "resolve_days").first()
    return tuple(row) if row else DEFAULT_SLA.get(category, DEFAULT_SLA["other"])


def deadlines(*, category: str, start: dt.date) -> tuple[dt.date, dt.date]:
    """(accept by, resolve by) for a request of `category` submitted (or reopened) on `start`. Two queries."""
    accept_days, resolve_days = allowance(category)
    calendar = calendar_for(start, start + dt.timedelta(days=HORIZON_DAYS + 2 * resolve_days))
    return add_working_days(start, accept_days, calendar), add_working_days(start, resolve_days, calendar)
