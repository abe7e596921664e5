"""Hand-computed examples: value, value per hour, a price change in mid-month, and the rankings."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.core.services import SYSTEM
from dangjian.value import services
from dangjian.value.models import DailyRecord
from dangjian.value.rankings import month_bounds, points_and_score, ranking
from tests.value.conftest import DAY, record_row

D = Decimal


def write(*rows):
    return services.records_write(actor=SYSTEM, rows=list(rows), source="api")


def test_value_is_outputs_at_price_minus_inputs_at_price(accounting):
    # 12.5 t × 15000 = 187500; 180000 kWh × 0.35 = 63000; 24 t × 2800 = 67200 → 187500 − 130200 = 57300
    (written,) = write(record_row(hours="96", AL="12.5", KWH="180000", AO="24"))
    record = written.record
    record.refresh_from_db()
    assert written.status == "created"
    assert record.output_value == D("187500.0000")
    assert record.input_value == D("130200.0000")
    assert record.value == D("57300.0000")
    # 57300 ÷ 96 h = 596.875 → 596.88
    assert record.value_per_hour == D("596.88")
    amounts = sorted(record.lines.values_list("amount", flat=True))
    assert amounts == [D("-67200"), D("-63000"), D("187500")]


def test_price_change_in_mid_month_splits_the_month(accounting):
    al = accounting["items"]["AL"]
    for day in (dt.date(2024, 3, 14), dt.date(2024, 3, 15), dt.date(2024, 3, 16)):
        write(record_row(day=day, hours="10", AL="1"))
    # From the 15th aluminium is valued at 16000: the 14th keeps 15000, the 15th and 16th are revalued.
    services.price_set(actor=SYSTEM, item=al, effective_from=dt.date(2024, 3, 15), price=D("16000"))
    values = dict(DailyRecord.objects.values_list("date", "value"))
    assert values == {
        dt.date(2024, 3, 14): D("15000"),
        dt.date(2024, 3, 15): D("16000"),
        dt.date(2024, 3, 16): D("16000"),
    }
    # a later version from the 16th leaves the 15th at 16000
    services.price_set(actor=SYSTEM, item=al, effective_from=dt.date(2024, 3, 16), price=D("17000"))
    values = dict(DailyRecord.objects.values_list("date", "value"))
    assert values[dt.date(2024, 3, 15)] == D("16000") and values[dt.date(2024, 3, 16)] == D("17000")
    # a record written after the change uses the price of its own date
    (late,) = write(record_row(unit="CB", day=dt.date(2024, 3, 15), hours="10", AL="2"))
    late.record.refresh_from_db()
    assert late.record.value == D("32000")
    # the month: 15000 + 16000 + 17000 (CA) + 32000 (CB)
    first, last = month_bounds(dt.date(2024, 3, 1))
    rows = {r.code: r for r in ranking(start=first, end=last, metric="value")}
    assert rows["CA"].value == D("48000") and rows["CA"].hours == D("30")
    assert rows["CA"].value_per_hour == D("1600.00")


def test_ties_share_a_rank_and_the_next_is_skipped(accounting, django_assert_max_num_queries):
    # value per hour: CA 100, CB 80, CC 80 → 1, 2, 2; a fourth unit below would be 4 (checked with value below)
    write(
        record_row("CA", hours="10", AL="1", KWH="0"),  # 15000 / 10 = 1500
        record_row("CB", hours="20", AL="1", KWH="0"),  # 15000 / 20 = 750
        record_row("CC", hours="20", AL="1", KWH="0"),  # 750
    )
    with django_assert_max_num_queries(1):
        rows = ranking(start=DAY, end=DAY, groups=[accounting["group"].pk])
    assert [(r.code, r.value_per_hour, r.rank) for r in rows] == [
        ("CA", D("1500.00"), 1),
        ("CB", D("750.00"), 2),
        ("CC", D("750.00"), 2),
    ]
    # by value the three are equal: 1, 1, 1
    assert [r.rank for r in ranking(start=DAY, end=DAY, metric="value")] == [1, 1, 1, 1][:3]


def test_one_two_two_four(accounting):
    from dangjian.value.models import AccountingUnit
    from tests.factories import UnitFactory

    extra = AccountingUnit.objects.create(
        unit=UnitFactory(code="CD", kind="shift_crew"), group=accounting["group"], org=accounting["branch_a"]
    )
    assert extra.pk
    write(
        record_row("CA", hours="10", AL="4"),  # 60000
        record_row("CB", hours="10", AL="2"),  # 30000
        record_row("CC", hours="10", AL="2"),  # 30000
        record_row("CD", hours="10", AL="1"),  # 15000
    )
    rows = ranking(start=DAY, end=DAY, metric="value")
    assert [(r.code, r.rank) for r in rows] == [("CA", 1), ("CB", 2), ("CC", 2), ("CD", 4)]
    points = points_and_score(rows, [D(10), D(8), D(6)])
    # the tie shares second place's points; scores 100 × (n − rank) / (n − 1) with n = 4
    assert {r.code: points[r.unit_id] for r in rows} == {
        "CA": (D(10), D("100.00")),
        "CB": (D(8), D("66.67")),
        "CC": (D(8), D("66.67")),
        "CD": (D(0), D("0.00")),
    }


def test_improvement_against_own_trailing_30_day_baseline(accounting):
    # CA's baseline: two days in the 30 before DAY, 15000 + 30000 over 10 + 20 h = 1500/h.
    # CB's baseline: 750/h. On DAY CA makes 1650/h (+10 %), CB 900/h (+20 %): CB ranks first although CA makes more.
    before = DAY - dt.timedelta(days=1)
    long_ago = DAY - dt.timedelta(days=31)  # outside the window: ignored
    write(
        record_row("CA", day=DAY - dt.timedelta(days=30), hours="10", AL="1"),
        record_row("CA", day=before, hours="20", AL="2"),
        record_row("CA", day=long_ago, hours="10", AL="9"),
        record_row("CB", day=before, hours="20", AL="1"),
        record_row("CA", hours="10", AL="1.1"),  # 16500 / 10 = 1650
        record_row("CB", hours="10", AL="0.6"),  # 9000 / 10 = 900
        record_row("CC", hours="10", AL="1"),  # no baseline: listed without a rank
    )
    rows = ranking(start=DAY, end=DAY, metric="improvement")
    assert [(r.code, r.baseline, r.improvement, r.rank) for r in rows] == [
        ("CB", D("750.00"), D("20.00"), 1),
        ("CA", D("1500.00"), D("10.00"), 2),
        ("CC", None, None, None),
    ]


def test_output_with_zero_hours_is_refused_with_a_clear_message(accounting):
    from django.utils import translation

    from dangjian.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as caught, translation.override("en"):
        write(record_row("CA", hours="0", AL="1"), record_row("CB", hours="10", AL="1"))
    (error,) = caught.value.errors["rows"]
    assert (error["row"], error["field"]) == (1, "hours")
    assert "0 hours" in error["message"]
    assert not DailyRecord.objects.exists()


def test_zero_hours_without_output_has_no_value_per_hour_and_no_rank(accounting):
    write(record_row("CA", hours="0", KWH="100"), record_row("CB", hours="10", AL="1"))
    rows = ranking(start=DAY, end=DAY)
    assert [(r.code, r.value_per_hour, r.rank) for r in rows] == [("CB", D("1500.00"), 1), ("CA", None, None)]


def test_rankings_are_per_peer_group(accounting):
    write(record_row("CA", hours="10", AL="1"), record_row("OX", hours="10", AL="5"))
    rows = ranking(start=DAY, end=DAY)
    assert {r.code: r.rank for r in rows} == {"CA": 1, "OX": 1}


def test_nightly_close_locks_days_with_records(accounting):
    from django.utils import timezone

    from dangjian.value.models import DayLock
    from dangjian.value.tasks import lock_past_days

    today = timezone.localdate()
    write(
        record_row("CA", day=today - dt.timedelta(days=3), AL="1"),
        record_row("CA", day=today - dt.timedelta(days=1), AL="1"),
    )
    lock_past_days.call_local()
    assert list(DayLock.objects.values_list("date", flat=True)) == [today - dt.timedelta(days=3)]
