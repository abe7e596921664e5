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
    """One bucket of a series: its first day (None for the whole range), the shift (for shift buckets), the unit whose
    subtree it covers (when rolled up for several units at once) and the value (None if there is no data or the
    denominator is zero)."""

    start: dt.date | None
    shift: str
    value: Decimal | None
    unit_id: int | None = None


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


def as_decimal(value) -> Decimal | None:
    """A database number as Decimal (SQLite hands back floats for sums)."""
    if value is None:
        return None
    if not isinstance(value, Decimal):
        value = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return value


def _quantize(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(QUANTUM)


def _divide(numerator, denominator, factor: Decimal = Decimal(1)) -> Decimal | None:
    numerator, denominator = as_decimal(numerator), as_decimal(denominator)
    if numerator is None or not denominator:
        return None
    return _quantize(numerator * factor / denominator)


def as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


class _Query:
    """Builds the one SQL statement of a roll-up: for one unit's subtree, or grouped by several units' subtrees
    (`anchors`: each value counts for every listed unit it sits under), over all the range or per bucket."""

    def __init__(self, indicator: Indicator, units: list, start: dt.date, end: dt.date, bucket: str | None, grouped):
        self.indicator = indicator
        self.rule = indicator.rollup
        b = _bucket_sql(bucket)
        # Key columns: the anchor unit, the bucket start, the shift. PostgreSQL refuses constants in GROUP BY, so
        # only real columns are grouped; the constants fill the selected key so every row has the same shape.
        self.keys = [("a.id" if grouped else "NULL"), (b or "NULL"), ("v.shift" if bucket == "shift" else "''")]
        self.group = [k for k in self.keys if k not in ("NULL", "''")]
        if grouped:
            # The subtrees are prefix matches on the materialised path of each anchor unit.
            self.units = f"JOIN {UNITS} u ON u.id = v.unit_id JOIN {UNITS} a ON u.path LIKE a.path || '%%'"
            self.where = f"a.id IN ({', '.join(['%s'] * len(units))})"
            unit_params = [unit.pk for unit in units]
        else:
            self.units = f"JOIN {UNITS} u ON u.id = v.unit_id"
            self.where = "u.path LIKE %s"
            unit_params = [units[0].path + "%"]
        self.where += " AND v.granularity = %s AND v.period_start BETWEEN %s AND %s"
        self.params = [*unit_params, indicator.granularity, start, end]

    def _wrap(self, aggregates: str, source: str) -> str:
        head = f"SELECT {', '.join(self.keys)}, {aggregates} {source} WHERE {{cond}} AND {self.where}"
        if not self.group:
            return head
        return f"{head} GROUP BY {', '.join(self.group)} ORDER BY 1, 2, 3"

    def sql(self) -> tuple[str, list]:
        values = f"FROM {VALUES} v {self.units}"
        if self.rule == Rollup.WEIGHTED_AVG:
            source = (
                f"{values} JOIN {VALUES} w ON w.indicator_id = %s AND w.unit_id = v.unit_id "
                "AND w.granularity = v.granularity AND w.period_start = v.period_start AND w.shift = v.shift"
            )
            sql = self._wrap("SUM(v.value * w.value), SUM(w.value)", source)
            return sql.format(cond="v.indicator_id = %s"), [self.indicator.weight_id, self.indicator.pk, *self.params]
        if self.rule == Rollup.RATIO:
            ids = [self.indicator.numerator_id, self.indicator.denominator_id]
            sums = (
                "SUM(CASE WHEN v.indicator_id = %s THEN v.value END), "
                "SUM(CASE WHEN v.indicator_id = %s THEN v.value END)"
            )
            return self._wrap(sums, values).format(cond="v.indicator_id IN (%s, %s)"), [*ids, *ids, *self.params]
        if self.rule == Rollup.LAST:
            # Each unit's latest value per key (by day, then shift), then summed over the units.
            partition = ", ".join(["v.unit_id", *self.group])
            keys = ", ".join(f"{k} AS k{i}" for i, k in enumerate(self.keys))
            inner = (
                f"SELECT {keys}, v.value AS value, ROW_NUMBER() OVER (PARTITION BY {partition} "
                f"ORDER BY v.period_start DESC, v.shift DESC) AS rn {values} "
                f"WHERE v.indicator_id = %s AND {self.where}"
            )
            # Outside, grouped keys are the inner columns; the constants stay constants (PostgreSQL wants every
            # selected column grouped or constant).
            outer = [f"k{i}" if k in self.group else k for i, k in enumerate(self.keys)]
            group = [f"k{i}" for i, k in enumerate(self.keys) if k in self.group]
            tail = f" GROUP BY {', '.join(group)} ORDER BY 1, 2, 3" if group else ""
            sql = f"SELECT {', '.join(outer)}, SUM(value) FROM ({inner}) t WHERE rn = 1{tail}"
            return sql, [self.indicator.pk, *self.params]
        aggregate = "AVG" if self.rule == Rollup.AVG else "SUM"
        return self._wrap(f"{aggregate}(v.value)", values).format(cond="v.indicator_id = %s"), [
            self.indicator.pk,
            *self.params,
        ]

    def run(self) -> list[Point]:
        sql, params = self.sql()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        points = []
        for unit_id, start, shift, *numbers in rows:
            if self.rule == Rollup.WEIGHTED_AVG:
                value = _divide(numbers[0], numbers[1])
            elif self.rule == Rollup.RATIO:
                value = _divide(numbers[0], numbers[1], self.indicator.factor)
            else:
                value = _quantize(as_decimal(numbers[0]))
            points.append(Point(as_date(start) if start is not None else None, shift or "", value, unit_id))
        return points


def _check(indicator: Indicator, bucket: str | None) -> None:
    if bucket is not None and FINENESS[bucket] < FINENESS[indicator.granularity]:
        raise ValueError(f"{indicator.code} is recorded per {indicator.granularity}; it has no {bucket} series")


def rollup(indicator: Indicator, unit, start: dt.date, end: dt.date) -> Decimal | None:
    """The value of `indicator` for `unit` and every unit below it, from `start` to `end` (inclusive)."""
    points = _Query(indicator, [unit], start, end, None, grouped=False).run()
    return points[0].value if points else None


def rollup_series(indicator: Indicator, unit, start: dt.date, end: dt.date, bucket: str) -> list[Point]:
    """The roll-up per bucket (shift, day, month or year) from `start` to `end`; buckets without data are left out.
    A bucket finer than the indicator's granularity is refused (ValueError)."""
    _check(indicator, bucket)
    return _Query(indicator, [unit], start, end, bucket, grouped=False).run()


def rollup_by_unit(
    indicator: Indicator, units: list, start: dt.date, end: dt.date, bucket: str | None = None
) -> dict[int, list[Point]]:
    """The roll-up for each of several units' subtrees in one query: {unit id: points} (units without data are
    missing). With `bucket` None each unit has one point for the whole range."""
    if bucket is not None:
        _check(indicator, bucket)
    if not units:
        return {}
    result: dict[int, list[Point]] = {}
    for point in _Query(indicator, list(units), start, end, bucket, grouped=True).run():
        result.setdefault(point.unit_id, []).append(point)
    return result
