"""Roll-ups: the value of an indicator for a unit's subtree over a date range, by the indicator's own rule.

Each rule is one SQL aggregate over the stored values (one query per indicator), never a Python loop over rows:
- sum:          Σ value
- avg:          mean of the values (levels only; the catalogue refuses it for rates and shares)
- weighted_avg: Σ(value × weight) ÷ Σ weight, each value paired with the weight indicator's value of the same unit,
                period and shift (a value without a weight does not count)
- ratio:        Σ numerator ÷ Σ denominator × factor, each summed over the same units and periods; the ratio's own
                values are never stored, so a mean of ratios cannot happen
- last:         each unit's latest value in the bucket (by day, then shift), summed over the units
A series groups the same aggregate by bucket: shift, day, month or year — so monthly figures from daily values follow
the same rule. SQL returns sums; divisions are done in Decimal so the answer is the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from dangjian.indicators.models import Indicator, IndicatorValue
from dangjian.indicators.periods import QUANTUM

Rollup, Granularity = Indicator.Rollup, Indicator.Granularity
BUCKETS = ("shift", "day", "month", "year")
# A series may be read at the indicator's granularity or a coarser one.
FINENESS = {"shift": 0, "day": 1, "month": 2, "year": 3}
VALUES = IndicatorValue._meta.db_table
UNITS = "org_unit"


@dataclass(frozen=True)
class Point:
    """One bucket of a series: its first day, the shift (for shift buckets) and the rolled-up value (None if the
    bucket has no data or its denominator is zero)."""

    start: dt.date
    shift: str
    value: Decimal | None


def _bucket_sql(bucket: str | None) -> str:
    """The SQL expression of a row's bucket start (a date); '' when there is one bucket for the whole range."""
    if bucket in (None, "shift", "day"):
        return "v.period_start" if bucket else ""
    postgres = connection.vendor == "postgresql"
    if bucket == "month":
        return (
            "CAST(date_trunc('month', v.period_start) AS date)"
            if postgres
            else "date(v.period_start, 'start of month')"
        )
    return "CAST(date_trunc('year', v.period_start) AS date)" if postgres else "date(v.period_start, 'start of year')"


def _decimal(value) -> Decimal | None:
    """A database number as Decimal (SQLite hands back floats for sums)."""
    if value is None:
        return None
    if not isinstance(value, Decimal):
        value = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return value


def _quantize(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(QUANTUM)


def _divide(numerator, denominator, factor: Decimal = Decimal(1)) -> Decimal | None:
    numerator, denominator = _decimal(numerator), _decimal(denominator)
    if numerator is None or not denominator:
        return None
    return _quantize(numerator * factor / denominator)


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


class _Query:
    """Builds the one SQL statement of a roll-up."""

    def __init__(self, indicator: Indicator, unit_path: str, start: dt.date, end: dt.date, bucket: str | None):
        self.indicator = indicator
        self.bucket = bucket
        self.b = _bucket_sql(bucket)
        self.s = "v.shift" if bucket == "shift" else "''"
        # The subtree is one indexed prefix match on the unit's materialised path.
        self.where = "u.path LIKE %s AND v.granularity = %s AND v.period_start BETWEEN %s AND %s"
        self.params = [unit_path + "%", indicator.granularity, start, end]

    def _select(self, aggregates: str) -> tuple[str, str]:
        if not self.b:
            return f"SELECT NULL, '', {aggregates}", ""
        # PostgreSQL refuses a constant in GROUP BY, so the shift is grouped only in shift buckets.
        group = f"{self.b}, v.shift" if self.bucket == "shift" else self.b
        return f"SELECT {self.b}, {self.s}, {aggregates}", f" GROUP BY {group} ORDER BY 1, 2"

    def simple(self, aggregate: str) -> tuple[str, list]:
        head, tail = self._select(f"{aggregate}(v.value)")
        sql = f"{head} FROM {VALUES} v JOIN {UNITS} u ON u.id = v.unit_id WHERE v.indicator_id = %s AND {self.where}"
        return sql + tail, [self.indicator.pk, *self.params]

    def weighted(self) -> tuple[str, list]:
        head, tail = self._select("SUM(v.value * w.value), SUM(w.value)")
        sql = (
            f"{head} FROM {VALUES} v JOIN {UNITS} u ON u.id = v.unit_id "
            f"JOIN {VALUES} w ON w.indicator_id = %s AND w.unit_id = v.unit_id AND w.granularity = v.granularity "
            f"AND w.period_start = v.period_start AND w.shift = v.shift "
            f"WHERE v.indicator_id = %s AND {self.where}"
        )
        return sql + tail, [self.indicator.weight_id, self.indicator.pk, *self.params]

    def ratio(self) -> tuple[str, list]:
        head, tail = self._select(
            "SUM(CASE WHEN v.indicator_id = %s THEN v.value END), SUM(CASE WHEN v.indicator_id = %s THEN v.value END)"
        )
        sql = (
            f"{head} FROM {VALUES} v JOIN {UNITS} u ON u.id = v.unit_id "
            f"WHERE v.indicator_id IN (%s, %s) AND {self.where}"
        )
        ids = [self.indicator.numerator_id, self.indicator.denominator_id]
        return sql + tail, [*ids, *ids, *self.params]

    def last(self) -> tuple[str, list]:
        partition = f"v.unit_id, {self.b}, {self.s}" if self.b else "v.unit_id"
        inner = (
            f"SELECT {self.b or 'NULL'} AS b, {self.s} AS s, v.value AS value, ROW_NUMBER() OVER ("
            f"PARTITION BY {partition} ORDER BY v.period_start DESC, v.shift DESC) AS rn "
            f"FROM {VALUES} v JOIN {UNITS} u ON u.id = v.unit_id WHERE v.indicator_id = %s AND {self.where}"
        )
        if self.b:
            sql = f"SELECT b, s, SUM(value) FROM ({inner}) t WHERE rn = 1 GROUP BY b, s ORDER BY 1, 2"
        else:
            sql = f"SELECT NULL, '', SUM(value) FROM ({inner}) t WHERE rn = 1"
        return sql, [self.indicator.pk, *self.params]

    def run(self) -> list[Point]:
        rule = self.indicator.rollup
        if rule == Rollup.WEIGHTED_AVG:
            sql, params = self.weighted()
        elif rule == Rollup.RATIO:
            sql, params = self.ratio()
        elif rule == Rollup.LAST:
            sql, params = self.last()
        else:
            sql, params = self.simple("AVG" if rule == Rollup.AVG else "SUM")
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        points = []
        for start, shift, *numbers in rows:
            if rule == Rollup.WEIGHTED_AVG:
                value = _divide(numbers[0], numbers[1])
            elif rule == Rollup.RATIO:
                value = _divide(numbers[0], numbers[1], self.indicator.factor)
            else:
                value = _quantize(_decimal(numbers[0]))
            points.append(Point(_date(start) if start is not None else None, shift or "", value))
        return points


def _check(indicator: Indicator, bucket: str | None) -> None:
    if bucket is not None and FINENESS[bucket] < FINENESS[indicator.granularity]:
        raise ValueError(f"{indicator.code} is recorded per {indicator.granularity}; it has no {bucket} series")


def rollup(indicator: Indicator, unit, start: dt.date, end: dt.date) -> Decimal | None:
    """The value of `indicator` for `unit` and every unit below it, from `start` to `end` (inclusive)."""
    points = _Query(indicator, unit.path, start, end, None).run()
    return points[0].value if points else None


def rollup_series(indicator: Indicator, unit, start: dt.date, end: dt.date, bucket: str) -> list[Point]:
    """The roll-up per bucket (shift, day, month or year) from `start` to `end`; buckets without data are left out.
    A bucket finer than the indicator's granularity is refused (ValueError)."""
    _check(indicator, bucket)
    return _Query(indicator, unit.path, start, end, bucket).run()


def month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)
