"""values_upsert: checks every row first, writes all or nothing, keeps revisions, audits, and replays harmlessly."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from dangjian.core.errors import InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.indicators.models import IndicatorValue, IndicatorValueRevision
from dangjian.indicators.services import values_upsert
from tests.indicators.conftest import IndicatorFactory

D = Decimal
pytestmark = pytest.mark.django_db


def rows(*items):
    return [dict(zip(("indicator", "unit", "period", "value"), item, strict=True)) for item in items]


def test_create_then_replay_is_a_no_op(tree, catalogue, integration):
    batch = rows(("OUT", "T1", "2024-03-01", 10), ("OUT", "T2", "2024-03-01", "30.5"), ("EFF", "T1", "2024-03-01", 92))
    assert values_upsert(actor=integration, rows=batch, source="api") == {"created": 3, "updated": 0, "unchanged": 0}
    audit_rows = AuditLog.objects.count()
    assert values_upsert(actor=integration, rows=batch, source="api") == {"created": 0, "updated": 0, "unchanged": 3}
    assert IndicatorValue.objects.count() == 3
    assert AuditLog.objects.count() == audit_rows
    value = IndicatorValue.objects.get(indicator__code="OUT", unit__code="T2")
    assert (value.value, value.revision, value.source, value.updated_by) == (D("30.5"), 1, "api", integration)


def test_a_change_keeps_the_earlier_value_and_is_audited(tree, catalogue, integration, secretary_a):
    values_upsert(actor=integration, rows=rows(("OUT", "T1", "2024-03-01", 10)), source="api")
    first = IndicatorValue.objects.get()
    counts = values_upsert(
        actor=secretary_a, rows=rows(("OUT", "T1", "2024-03-01", "12.25")), source="manual", reason="称重复核"
    )
    assert counts == {"created": 0, "updated": 1, "unchanged": 0}
    value = IndicatorValue.objects.get()
    assert (value.value, value.revision, value.source, value.updated_by) == (D("12.25"), 2, "manual", secretary_a)
    revision = IndicatorValueRevision.objects.get()
    assert (revision.value, revision.revision, revision.source) == (D(10), 1, "api")
    assert (revision.recorded_by, revision.recorded_at) == (integration, first.updated_at)
    assert (revision.replaced_by, revision.reason) == (secretary_a, "称重复核")
    entry = AuditLog.objects.get(action="update", object_type="indicators.indicatorvalue")
    assert entry.actor == secretary_a
    assert entry.before["value"] == "10.000000" and entry.after["value"] == "12.250000"
    assert entry.comment == "称重复核"


def test_equal_numbers_written_differently_are_unchanged(tree, catalogue):
    values_upsert(actor=SYSTEM, rows=rows(("OUT", "T1", "2024-03-01", "10")), source="manual")
    counts = values_upsert(actor=SYSTEM, rows=rows(("OUT", "T1", "2024-03-01", "10.000")), source="api")
    assert counts["unchanged"] == 1


def test_one_bad_row_writes_nothing_and_every_bad_row_is_named(tree, catalogue, integration):
    values_upsert(actor=integration, rows=rows(("OUT", "T1", "2024-03-01", 10)), source="api")
    batch = rows(
        ("OUT", "T1", "2024-03-01", 11),  # a good change
        ("NOPE", "T1", "2024-03-01", 1),
        ("OUT", "XX", "2024-03-01", 1),
        ("OUT", "T2", "2024-03-01", "abc"),
        ("OUT", "T2", "2024-02-30", 1),
        ("OUT", "T3", "2024-03-05", 1),
        ("OUT", "T3", "2024-03-05", 2),
        ("DCU", "T3", "2024-03-05", 2),
    )
    # English messages whatever translation files are installed: the test reads the sentences.
    with translation.override("en"), pytest.raises(InvalidInput) as caught:
        values_upsert(actor=integration, rows=batch, source="api")
    errors = caught.value.errors["rows"]
    assert [(e["row"], e["field"]) for e in errors] == [
        (2, "indicator"),
        (3, "unit"),
        (4, "value"),
        (5, "period"),
        (7, "period"),
        (8, "indicator"),
    ]
    assert "Row 6" in errors[4]["message"]
    assert "6 of the values" in caught.value.message
    assert IndicatorValue.objects.get().value == D(10)
    assert not IndicatorValueRevision.objects.exists()


@pytest.mark.parametrize(
    ("granularity", "period", "shift", "expected"),
    [
        ("day", "2024-03-05", None, (dt.date(2024, 3, 5), "")),
        ("day", "2024/3/5", "", (dt.date(2024, 3, 5), "")),
        ("day", dt.date(2024, 3, 5), None, (dt.date(2024, 3, 5), "")),
        ("day", "2024-03", None, "period"),
        ("day", "2024-03-05", "A", "shift"),
        ("month", "2024-03", None, (dt.date(2024, 3, 1), "")),
        ("month", "2024-03-01", None, (dt.date(2024, 3, 1), "")),
        ("month", "2024-03-05", None, "period"),
        ("month", "2024-13", None, "period"),
        ("shift", "2024-03-05", "b", (dt.date(2024, 3, 5), "B")),
        ("shift", "2024-03-05", None, "shift"),
        ("shift", "2024-03-05", "E", "shift"),
        ("day", "", None, "period"),
    ],
)
def test_period_rules_per_granularity(tree, granularity, period, shift, expected):
    IndicatorFactory(code="X", granularity=granularity)
    batch = [{"indicator": "X", "unit": "T1", "period": period, "shift": shift, "value": 1}]
    if isinstance(expected, str):
        with pytest.raises(InvalidInput) as caught:
            values_upsert(actor=SYSTEM, rows=batch, source="manual")
        assert [e["field"] for e in caught.value.errors["rows"]] == [expected]
    else:
        values_upsert(actor=SYSTEM, rows=batch, source="manual")
        value = IndicatorValue.objects.get()
        assert (value.period_start, value.shift, value.granularity) == (*expected, granularity)


def test_a_future_period_is_refused(tree, catalogue):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(InvalidInput) as caught:
        values_upsert(actor=SYSTEM, rows=rows(("OUT", "T1", tomorrow.isoformat(), 1)), source="manual")
    assert caught.value.errors["rows"][0]["field"] == "period"


@pytest.mark.parametrize("value", ["1e30", "NaN", "Infinity", None, True, ""])
def test_values_that_are_not_usable_numbers(tree, catalogue, value):
    with pytest.raises(InvalidInput) as caught:
        values_upsert(actor=SYSTEM, rows=rows(("OUT", "T1", "2024-03-01", value)), source="manual")
    assert caught.value.errors["rows"][0]["field"] == "value"


def test_numbers_are_kept_to_six_decimals(tree, catalogue):
    values_upsert(actor=SYSTEM, rows=rows(("OUT", "T1", "2024-03-01", "1,234.1234567")), source="manual")
    assert IndicatorValue.objects.get().value == D("1234.123457")


def test_inactive_indicators_take_no_values(tree, catalogue):
    catalogue["OUT"].active = False
    catalogue["OUT"].save()
    with pytest.raises(InvalidInput):
        values_upsert(actor=SYSTEM, rows=rows(("OUT", "T1", "2024-03-01", 1)), source="manual")


def test_who_may_write(tree, catalogue, member_a, secretary_a, team_leader, office, integration):
    batch = rows(("OUT", "T1", "2024-03-01", 1))
    with pytest.raises(NotPermitted):
        values_upsert(actor=member_a, rows=batch, source="manual")
    for n, actor in enumerate((secretary_a, office, integration), start=1):
        # T1 is under W1, which branch_a covers; the office and the MES account reach the whole company.
        values_upsert(actor=actor, rows=rows(("OUT", "T1", "2024-03-01", n)), source="manual")
    assert IndicatorValue.objects.get().revision == 3
    assert not IndicatorValue.objects.filter(updated_by=member_a).exists()
    # The team leader over branch_b writes for W2 and below (T3), not for branch_a's units nor the company unit:
    # 403 with the unit named, and nothing of the batch is written.
    values_upsert(actor=team_leader, rows=rows(("OUT", "T3", "2024-03-01", 7)), source="manual")
    for unit in ("T1", "CO"):
        with pytest.raises(NotPermitted, match=unit):
            values_upsert(
                actor=team_leader,
                rows=rows(("OUT", "T3", "2024-03-02", 8), ("OUT", unit, "2024-03-02", 8)),
                source="manual",
            )
    assert IndicatorValue.objects.filter(updated_by=team_leader).count() == 1
    assert IndicatorValue.objects.filter(unit__code="T1").get().revision == 3


def test_empty_and_oversized_batches(tree, catalogue, monkeypatch):
    with pytest.raises(InvalidInput):
        values_upsert(actor=SYSTEM, rows=[], source="api")
    monkeypatch.setattr("dangjian.indicators.services.MAX_BATCH", 2)
    with pytest.raises(InvalidInput):
        values_upsert(actor=SYSTEM, rows=rows(*[("OUT", "T1", f"2024-03-0{d}", 1) for d in (1, 2, 3)]), source="api")
    assert not IndicatorValue.objects.exists()


def test_the_batch_is_audited_once(tree, catalogue, integration):
    batch = rows(*[("OUT", "T1", f"2024-03-0{d}", d) for d in range(1, 6)])
    values_upsert(actor=integration, rows=batch, source="api")
    entry = AuditLog.objects.get(object_type="indicators.indicatorvalue")
    assert entry.actor == integration
    assert entry.after["created"] == 5 and entry.after["from"] == "2024-03-01" and entry.after["to"] == "2024-03-05"


def test_a_batch_costs_no_query_per_row(tree, catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = [
        {"indicator": code, "unit": unit, "period": f"2024-03-{d:02d}", "value": value}
        for value in (1,)
        for code in ("OUT", "EFF")
        for unit in ("T1", "T2", "T3")
        for d in range(1, 29)
    ]
    with CaptureQueriesContext(connection) as created:
        values_upsert(actor=SYSTEM, rows=rows, source="api")
    with CaptureQueriesContext(connection) as changed:
        assert values_upsert(actor=SYSTEM, rows=[{**r, "value": 2} for r in rows], source="api")["updated"] == 168
    # Bulk statements only; SQLite splits them at its 999-parameter limit, PostgreSQL sends one each.
    assert len(created) <= 12
    assert len(changed) <= len(rows) // 5
