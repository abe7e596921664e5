"""Month arithmetic (dangjian/core/months.py): pure functions, no database."""

import datetime as dt

import pytest

from dangjian.core import months

D = dt.date


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (D(2024, 1, 31), 1, D(2024, 2, 1)),
        (D(2024, 12, 15), 1, D(2025, 1, 1)),
        (D(2024, 1, 1), -1, D(2023, 12, 1)),
        (D(2024, 3, 1), -14, D(2023, 1, 1)),
        (D(2024, 3, 9), 0, D(2024, 3, 1)),
    ],
)
def test_add_months_lands_on_the_first_day(day, n, expected):
    assert months.add_months(day, n) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [(D(2024, 2, 10), D(2024, 2, 29)), (D(2023, 2, 1), D(2023, 2, 28)), (D(2024, 12, 31), D(2024, 12, 31))],
)
def test_last_day_of_any_day_of_the_month(day, expected):
    assert months.last_day(day) == expected


def test_first_of():
    assert months.first_of(D(2024, 5, 17)) == D(2024, 5, 1)


def test_count_includes_both_ends_and_is_never_negative():
    assert months.count(D(2024, 1, 20), D(2024, 1, 2)) == 1
    assert months.count(D(2023, 11, 1), D(2024, 2, 1)) == 4
    assert months.count(D(2024, 3, 1), D(2024, 2, 1)) == 0


def test_between_lists_every_month_both_ends_included():
    assert months.between(D(2023, 11, 1), D(2024, 2, 10)) == [
        D(2023, 11, 1),
        D(2023, 12, 1),
        D(2024, 1, 1),
        D(2024, 2, 1),
    ]
    assert months.between(D(2024, 3, 1), D(2024, 2, 1)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2022-03", D(2022, 3, 1)), ("2022-13", None), ("1899-01", None), ("2022-3", None), ("", None), (None, None)],
)
def test_parse_and_label_round_trip(text, expected):
    assert months.parse(text) == expected
    if expected:
        assert months.label(expected) == text
