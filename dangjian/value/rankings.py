"""Rankings (日日出排名) computed in the database: one aggregate per unit with RANK() over its peer group.

Metrics: value per hour (default), value, or improvement — the unit's value per hour against its own value per hour
over the 30 days before the period (a "fair" ranking that does not punish a team for old equipment), in percent of
the baseline's magnitude. Ties share a rank and the next is skipped (1, 2, 2, 4); a unit without the metric (no
hours, no baseline) is listed after the ranked ones without a rank.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import DecimalField, F, Func, OuterRef, Subquery, Sum, Value
from django.db.models.functions import NullIf

from dangjian.value.models import DailyRecord
from dangjian.value.models.catalogue import Metric

BASELINE_DAYS = 30
RATE = DecimalField(max_digits=24, decimal_places=6)
MONEY_FIELD = DecimalField(max_digits=20, decimal_places=4)
CENT = Decimal("0.01")
MONEY = Decimal("0.0001")


@dataclass(slots=True)
class RankRow:
    """One accounting unit in a ranking."""

    unit_id: int
    code: str
    name: str
    group_id: int
    value: Decimal
    hours: Decimal
    value_per_hour: Decimal | None
    baseline: Decimal | None
    improvement: Decimal | None
    rank: int | None

    def metric(self, metric: str) -> Decimal | None:
        return {"value": self.value, "value_per_hour": self.value_per_hour, "improvement": self.improvement}[metric]


def per_hour(value: Decimal | None, hours: Decimal | None) -> Decimal | None:
    if value is None or not hours:
        return None
    return (Decimal(value) / Decimal(hours)).quantize(CENT, rounding=ROUND_HALF_UP)


def improvement_of(vph: Decimal | None, baseline: Decimal | None) -> Decimal | None:
    if vph is None or baseline is None or baseline == 0:
        return None
    return ((vph - baseline) / abs(baseline) * 100).quantize(CENT, rounding=ROUND_HALF_UP)


class ToRate(Func):
    """CAST to numeric; on SQLite to REAL, whose NUMERIC keeps whole numbers whole and would divide them as integers
    (SQLite is the single-machine and test database; PostgreSQL divides numerics exactly)."""

    template = "CAST(%(expressions)s AS NUMERIC)"
    output_field = RATE

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(%(expressions)s AS REAL)", **extra)


class Abs(Func):
    function = "ABS"


def _ratio(value, hours):
    return ToRate(value) / NullIf(ToRate(hours), Value(Decimal(0), output_field=RATE))


def ranking(
    *, start: dt.date, end: dt.date, groups=None, metric: str = Metric.VALUE_PER_HOUR, units=None
) -> list[RankRow]:
    """Every unit with records in [start, end] ranked within its peer group by `metric`.

    `groups` (a queryset or ids) limits the peer groups; `units` the accounting units listed (ranks are still
    computed over the whole group). Rows come ordered by group, then rank."""
    metric = Metric(metric)
    records = DailyRecord.objects.filter(date__gte=start, date__lte=end)
    if groups is not None:
        records = records.filter(unit__group__in=groups)
    rows = records.values("unit_id").annotate(
        total=Sum("value"),
        total_hours=Sum("hours"),
        group_id=F("unit__group_id"),
        code=F("unit__unit__code"),
        name=F("unit__unit__name"),
    )
    if metric == Metric.IMPROVEMENT:
        window = DailyRecord.objects.filter(
            unit_id=OuterRef("unit_id"), date__gte=start - dt.timedelta(days=BASELINE_DAYS), date__lt=start
        )
        base = window.values("unit_id").annotate(r=_ratio(Sum("value"), Sum("hours"))).values("r")
        rows = rows.annotate(rate=_ratio(Sum("value"), Sum("hours")), base=Subquery(base, output_field=RATE))
        key = (F("rate") - F("base")) / NullIf(Abs(F("base"), output_field=RATE), Value(Decimal(0), output_field=RATE))
    else:
        rows = rows.annotate(base=Value(None, output_field=RATE))
        key = _ratio(Sum("value"), Sum("hours")) if metric == Metric.VALUE_PER_HOUR else Sum("value")
    rows = rows.annotate(metric_key=key).order_by()
    out = []
    improving = metric == Metric.IMPROVEMENT
    for unit_id, total, hours, group_id, code, name, base, unranked, rank, vph in _ranked(rows):
        baseline = base.quantize(CENT, rounding=ROUND_HALF_UP) if base is not None else None
        out.append(
            RankRow(
                unit_id,
                code,
                name,
                group_id,
                total,
                hours,
                vph,
                baseline,
                improvement_of(vph, baseline) if improving else None,
                None if unranked else rank,
            )
        )
    if units is not None:
        wanted = set(units)
        out = [r for r in out if r.unit_id in wanted]
    return out


def _decimal(value, field) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return field.to_python(str(value) if isinstance(value, float) else value)


def _ranked(rows) -> list[tuple]:
    """RANK() over each peer group, wrapped around the aggregate query (a window cannot order by an aggregate in
    the same SELECT in Django's SQL), so the database ranks and Python only reads the rows:
    (unit_id, total, hours, group_id, code, name, base, unranked, rank, value per hour)."""
    try:
        inner, params = rows.query.sql_with_params()
    except EmptyResultSet:  # no visible group: nothing to rank
        return []
    postgres = connection.vendor == "postgresql"
    # PostgreSQL keeps the columns' scales in SUM (4 and 2 places) and rounds half up like Decimal: it gives the
    # value per hour too. SQLite sums as floats, so Python rounds there.
    per_hour_sql = ", ROUND(t.total / NULLIF(t.total_hours, 0), 2)" if postgres else ""
    sql = (
        "SELECT t.unit_id, t.total, t.total_hours, t.group_id, t.code, t.name, t.base, t.metric_key IS NULL, "
        f"RANK() OVER (PARTITION BY t.group_id ORDER BY t.metric_key DESC NULLS LAST) AS rank{per_hour_sql} "
        f"FROM ({inner}) t ORDER BY t.group_id, rank, t.code"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    if postgres:
        return found
    rows = []
    for u, v, h, g, c, n, b, x, k in found:
        total = _decimal(v, MONEY_FIELD).quantize(MONEY)
        hours = _decimal(h, MONEY_FIELD).quantize(CENT)
        rows.append((u, total, hours, g, c, n, _decimal(b, RATE), bool(x), k, per_hour(total, hours)))
    return rows


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def points_and_score(rows: list[RankRow], points_table: list[Decimal]) -> dict[int, tuple[Decimal, Decimal]]:
    """The monthly assessment of one group's ranking: points for the top ranks (a tie shares the higher points), and a
    0–100 score from the rank (first 100, last 0; a group of one scores 100). Unranked units score nothing."""
    ranked = [r for r in rows if r.rank is not None]
    n = len(ranked)
    found = {}
    for r in ranked:
        points = points_table[r.rank - 1] if r.rank <= len(points_table) else Decimal(0)
        score = Decimal(100) if n == 1 else (Decimal(100) * (n - r.rank) / (n - 1)).quantize(CENT, ROUND_HALF_UP)
        found[r.unit_id] = (points, score)
    return found


def assess(*, start: dt.date, end: dt.date, groups: list, metric: str | None = None):
    """Rank every group in [start, end] by `metric` (or each group's own assessment metric) and score it:
    (rows, {unit id: (points, score)})."""
    by_metric: dict[str, list] = defaultdict(list)
    for group in groups:
        by_metric[metric or group.metric].append(group)
    rows: list[RankRow] = []
    for chosen, members in by_metric.items():
        rows.extend(ranking(start=start, end=end, groups=[g.pk for g in members], metric=chosen))
    tables = {g.pk: g.points_table() for g in groups}
    by_group: dict[int, list[RankRow]] = defaultdict(list)
    for row in rows:
        by_group[row.group_id].append(row)
    assessment: dict[int, tuple[Decimal, Decimal]] = {}
    for group_id, members in by_group.items():
        assessment.update(points_and_score(members, tables[group_id]))
    return rows, assessment
