"""Best-ever values and records broken, by direction, per unit and granularity; corrections unmake records."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.core.services import SYSTEM
from dangjian.indicators.records import best_ever, records_broken, series_records
from dangjian.indicators.rollup import rollup_series
from dangjian.indicators.services import values_upsert
from tests.indicators.conftest import IndicatorFactory

D = Decimal
pytestmark = pytest.mark.django_db


def day(n):
    return dt.date(2024, 3, n)


def push(code, unit, series, shift=None):
    rows = [
        {"indicator": code, "unit": unit, "period": day(n).isoformat(), "value": v, "shift": shift}
        for n, v in series.items()
    ]
    values_upsert(actor=SYSTEM, rows=rows, source="api")


def summary(records):
    return [(r.start.day, r.shift, r.value, r.previous, r.previous_start.day, r.previous_shift) for r in records]


def test_records_by_direction_ties_do_not_count(tree, catalogue):
    push("OUT", "T1", {1: 10, 2: 12, 3: 11, 4: 15, 5: 15, 6: 20})
    push("DC", "T1", {1: 100, 2: 90, 3: 95, 4: 80})
    push("OUT", "T2", {1: 50, 2: 40})
    records = records_broken(unit=tree["CO"], since=day(1), until=day(31))
    by_indicator = {}
    for record in records:
        by_indicator.setdefault(record.indicator_id, []).append(record)
    assert summary(by_indicator[catalogue["OUT"].pk]) == [
        (6, "", D(20), D(15), 4, ""),
        (4, "", D(15), D(12), 2, ""),
        (2, "", D(12), D(10), 1, ""),
    ]
    assert summary(by_indicator[catalogue["DC"].pk]) == [(4, "", D(80), D(90), 2, ""), (2, "", D(90), D(100), 1, "")]
    assert best_ever(catalogue["OUT"], tree["T1"]) == D(20)
    assert best_ever(catalogue["DC"], tree["T1"]) == D(80)
    assert best_ever(catalogue["OUT"], tree["T1"], before=day(4)) == D(12)


def test_records_in_a_window_still_count_older_bests(tree, catalogue):
    push("OUT", "T1", {1: 30, 2: 10, 3: 20, 4: 31})
    records = records_broken(unit=tree["T1"], since=day(3), until=day(31), indicator_ids=[catalogue["OUT"].pk])
    assert summary(records) == [(4, "", D(31), D(30), 1, "")]
    assert records_broken(unit=tree["W2"], since=day(1), until=day(31)) == []
    assert records_broken(unit=tree["T1"], since=day(1), until=day(3)) == []


def test_a_correction_unmakes_a_record(tree, catalogue):
    push("OUT", "T1", {1: 10, 2: 12})
    assert len(records_broken(unit=tree["T1"], since=day(1), until=day(31))) == 1
    push("OUT", "T1", {2: 9})
    assert records_broken(unit=tree["T1"], since=day(1), until=day(31)) == []


def test_shift_records(tree):
    IndicatorFactory(code="SOUT", name="班产", granularity="shift")
    push("SOUT", "T1", {1: 5}, shift="A")
    push("SOUT", "T1", {1: 7}, shift="B")
    push("SOUT", "T1", {1: 6}, shift="C")
    push("SOUT", "T1", {2: 8}, shift="A")
    records = records_broken(unit=tree["T1"], since=day(1), until=day(31), granularity="shift")
    assert summary(records) == [(2, "A", D(8), D(7), 1, "B"), (1, "B", D(7), D(5), 1, "A")]


def test_daily_records_from_shift_values_via_the_series(tree):
    sout = IndicatorFactory(code="SOUT", name="班产", granularity="shift")
    push("SOUT", "T1", {1: 5, 2: 9, 3: 4}, shift="A")
    push("SOUT", "T1", {1: 6, 2: 1, 3: 9}, shift="B")
    points = rollup_series(sout, tree["W1"], day(1), day(31), "day")  # 11, 10, 13
    best, records = series_records(points, higher_is_better=True)
    assert best.value == D(13) and best.start == day(3)
    assert [(r.start.day, previous.start.day) for r, previous in records] == [(3, 1)]
