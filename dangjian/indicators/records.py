"""Best-ever values and records broken (班产/日产纪录).

Records are computed from the stored values, not kept in a table: a corrected value (a new revision) can make or
unmake a record, and a table of records would go stale on every correction. One window query finds, per indicator ×
unit × granularity, each value that beats every earlier one (higher or lower, by the indicator's direction); a second
window over those bests gives each record the best it replaced. For rolled-up series (a company's daily output from
shift values, a ratio) `series_records` does the same over the points of a series.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Max, Min

from dangjian.indicators.models import Indicator, IndicatorValue
from dangjian.indicators.rollup import VALUES, Point, as_date, as_decimal

INDICATORS = Indicator._meta.db_table


@dataclass(frozen=True)
class Record:
    """A value that beat the best before it: `previous` is the value it beat, from `previous_start`/`previous_shift`."""

    indicator_id: int
    unit_id: int
    granularity: str
    start: dt.date
    shift: str
    value: Decimal
    previous: Decimal
    previous_start: dt.date
    previous_shift: str


def records_broken(
    *,
    unit,
    since: dt.date,
    until: dt.date,
    indicator_ids: list[int] | None = None,
    granularity: str | None = None,
    limit: int = 200,
) -> list[Record]:
    """Records broken between `since` and `until` by the units in `unit`'s subtree, newest first (at most `limit`).
    Earlier values count as the best to beat however old they are."""
    filters, params = ["u.path LIKE %s", "v.period_start <= %s"], [unit.path + "%", until]
    if indicator_ids is not None:
        if not indicator_ids:
            return []
        filters.append(f"v.indicator_id IN ({', '.join(['%s'] * len(indicator_ids))})")
        params.extend(indicator_ids)
    if granularity:
        filters.append("v.granularity = %s")
        params.append(granularity)
    key = "PARTITION BY {t}.indicator_id, {t}.unit_id, {t}.granularity ORDER BY {t}.period_start, {t}.shift"
    sql = f"""
    SELECT r.indicator_id, r.unit_id, r.granularity, r.period_start, r.shift, r.value,
           r.prev_value, r.prev_start, r.prev_shift
    FROM (
        SELECT b.*, LAG(b.value) OVER w AS prev_value, LAG(b.period_start) OVER w AS prev_start,
               LAG(b.shift) OVER w AS prev_shift
        FROM (
            SELECT v.indicator_id, v.unit_id, v.granularity, v.period_start, v.shift, v.value, i.direction,
                   CASE WHEN i.direction = 'higher' THEN MAX(v.value) OVER p ELSE MIN(v.value) OVER p END AS prev_best
            FROM {VALUES} v JOIN {INDICATORS} i ON i.id = v.indicator_id JOIN org_unit u ON u.id = v.unit_id
            WHERE {" AND ".join(filters)}
            WINDOW p AS ({key.format(t="v")} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
        ) b
        WHERE b.prev_best IS NULL OR (b.direction = 'higher' AND b.value > b.prev_best)
              OR (b.direction = 'lower' AND b.value < b.prev_best)
        WINDOW w AS ({key.format(t="b")})
    ) r
    WHERE r.prev_value IS NOT NULL AND r.period_start >= %s
    ORDER BY r.period_start DESC, r.shift DESC, r.indicator_id, r.unit_id
    LIMIT %s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, since, limit])
        rows = cursor.fetchall()
    return [
        Record(ind, unit_id, gran, as_date(start), shift, as_decimal(value), as_decimal(prev), as_date(prev_on), prev_s)
        for ind, unit_id, gran, start, shift, value, prev, prev_on, prev_s in rows
    ]


def best_ever(indicator: Indicator, unit, *, before: dt.date | None = None) -> Decimal | None:
    """The best value the unit itself ever recorded (at the indicator's granularity), by the indicator's direction."""
    values = IndicatorValue._base_manager.filter(indicator=indicator, unit=unit, granularity=indicator.granularity)
    if before:
        values = values.filter(period_start__lt=before)
    best = values.aggregate(best=Max("value") if indicator.higher_is_better else Min("value"))["best"]
    return as_decimal(best)


def best_evers(indicators, unit) -> dict[int, Decimal | None]:
    """`best_ever` for several indicators of one unit (the cockpit's key indicators) in one grouped query:
    {indicator id: best value at its own granularity, by its direction}."""
    indicators = list(indicators)
    if not indicators:
        return {}
    rows = (
        IndicatorValue._base_manager.filter(indicator__in=indicators, unit=unit)
        .order_by()
        .values("indicator_id", "granularity")
        .annotate(high=Max("value"), low=Min("value"))
    )
    found = {(r["indicator_id"], r["granularity"]): r for r in rows}
    out = {}
    for indicator in indicators:
        row = found.get((indicator.pk, indicator.granularity))
        out[indicator.pk] = as_decimal(row["high" if indicator.higher_is_better else "low"]) if row else None
    return out


def series_records(points: list[Point], *, higher_is_better: bool) -> tuple[Point | None, list[tuple[Point, Point]]]:
    """The best point of a series (in time order) and each (record, previous best) pair in it."""
    best, records = None, []
    for point in points:
        if point.value is None:
            continue
        if best is None:
            best = point
            continue
        if (point.value > best.value) if higher_is_better else (point.value < best.value):
            records.append((point, best))
            best = point
    return best, records
