"""Working-day arithmetic, by hand: weekends, holidays on weekdays, and make-up working days (调休) on weekends.

The 2026 National Day holiday used below: 1–7 October off, Sunday 20 September and Saturday 10 October worked."""

import datetime as dt

import pytest

from dangjian.service import sla
from dangjian.service.models import CalendarDay, SlaPolicy

D = dt.date
PLAIN = sla.Calendar()
NATIONAL_DAY = sla.Calendar(
    holidays=frozenset(D(2026, 10, d) for d in range(1, 8)),
    workdays=frozenset({D(2026, 9, 20), D(2026, 10, 10)}),
)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 12, 4), 0, D(2026, 12, 4)),  # Friday + 0: the same day
        (D(2026, 12, 4), 1, D(2026, 12, 7)),  # Friday + 1 skips the weekend: Monday
        (D(2026, 12, 4), 5, D(2026, 12, 11)),  # a full week: next Friday
        (D(2026, 12, 5), 1, D(2026, 12, 7)),  # sent on Saturday: Monday is the first working day
        (D(2026, 12, 6), 2, D(2026, 12, 8)),  # sent on Sunday: Tuesday
        (D(2026, 12, 1), 10, D(2026, 12, 15)),  # Tuesday + 10: two weeks later
    ],
)
def test_plain_weeks(start, days, expected):
    assert sla.add_working_days(start, days, PLAIN) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 9, 30), 1, D(2026, 10, 8)),  # Wednesday before the holiday: next working day is Thursday 8th
        (D(2026, 9, 30), 2, D(2026, 10, 9)),
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # the make-up Saturday counts
        (D(2026, 9, 30), 4, D(2026, 10, 12)),  # Sunday 11th rests
        (D(2026, 9, 18), 1, D(2026, 9, 20)),  # Friday + 1 lands on the make-up Sunday
        (D(2026, 10, 3), 1, D(2026, 10, 8)),  # sent during the holiday
    ],
)
def test_holidays_and_make_up_days(start, days, expected):
    assert sla.add_working_days(start, days, NATIONAL_DAY) == expected


def test_is_working_day():
    assert not NATIONAL_DAY.is_working_day(D(2026, 10, 1))  # Thursday, holiday
    assert NATIONAL_DAY.is_working_day(D(2026, 10, 10))  # Saturday, make-up
    assert not NATIONAL_DAY.is_working_day(D(2026, 10, 11))  # Sunday
    assert NATIONAL_DAY.is_working_day(D(2026, 10, 12))  # Monday


def test_working_days_between():
    assert sla.working_days_between(D(2026, 9, 30), D(2026, 10, 10), NATIONAL_DAY) == 3
    assert sla.working_days_between(D(2026, 10, 10), D(2026, 9, 30), NATIONAL_DAY) == -3
    assert sla.working_days_between(D(2026, 12, 4), D(2026, 12, 4), PLAIN) == 0
    assert sla.working_days_between(D(2026, 12, 4), D(2026, 12, 14), PLAIN) == 6


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        sla.add_working_days(D(2026, 12, 4), -1, PLAIN)


@pytest.mark.django_db
def test_deadlines_read_the_policy_and_the_calendar(django_assert_num_queries):
    SlaPolicy.objects.create(category="welfare", accept_days=2, resolve_days=5)
    for day in range(1, 8):
        CalendarDay.objects.create(day=D(2026, 10, day), kind="holiday", name="国庆节")
    CalendarDay.objects.create(day=D(2026, 10, 10), kind="workday", name="国庆调休")
    with django_assert_num_queries(2):
        accept, resolve = sla.deadlines(category="welfare", start=D(2026, 9, 30))
    # 8th (1), 9th (2) → accept by 9th; 10th (3, make-up), 12th (4), 13th (5) → resolve by 13th
    assert (accept, resolve) == (D(2026, 10, 9), D(2026, 10, 13))


@pytest.mark.django_db
def test_a_category_without_a_policy_uses_the_default():
    # safety: accept in 1, resolve in 5 working days; Friday 4 Dec 2026 → Mon 7th and Fri 11th
    assert sla.deadlines(category="safety", start=D(2026, 12, 4)) == (D(2026, 12, 7), D(2026, 12, 11))
