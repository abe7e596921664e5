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
from django.db.models import DecimalField, QuerySet

from dangjian.org.models import Unit
from dangjian.value.models import AccountingUnit, DailyRecord
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


def ranking(
    *, start: dt.date, end: dt.date, groups=None, metric: str = Metric.VALUE_PER_HOUR, units=None
) -> list[RankRow]:
    """Every unit with records in [start, end] ranked within its peer group by `metric`.

    `groups` (a queryset, run as a subquery of the statement, or ids) limits the peer groups; `units` the accounting
    units listed (ranks are still computed over the whole group). Rows come ordered by group, then rank. One SQL
    statement: the aggregate per unit inside, RANK() over each peer group outside (written out here rather than
    built by the ORM, whose building cost more than the database's work for a day of 2,000 units)."""
    metric = Metric(metric)
    if isinstance(groups, QuerySet):  # the groups a user sees: a subquery of the one statement, not a query first
        try:
            group_ids = groups.values("pk").order_by().query.sql_with_params()
        except EmptyResultSet:  # a scope that holds no group at all
            return []
    else:
        group_ids = (
            None
            if groups is None
            else [g if isinstance(g, int) else g["pk"] if isinstance(g, dict) else g.pk for g in groups]
        )
        if group_ids is not None and not group_ids:
            return []
    postgres = connection.vendor == "postgresql"
    sql, params = _ranking_sql(metric, start, end, group_ids, postgres)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    improving = metric == Metric.IMPROVEMENT
    out = []
    for unit_id, code, name, group_id, total, hours, base, unranked, rank, vph in found:
        if not postgres:  # SQLite sums decimals as floats or integers: read them back as the fields' decimals
            total = _decimal(total, MONEY_FIELD).quantize(MONEY)
            hours = _decimal(hours, MONEY_FIELD).quantize(CENT)
            base, unranked, vph = _decimal(base, RATE), bool(unranked), per_hour(total, hours)
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


def _ranking_sql(metric: str, start: dt.date, end: dt.date, group_ids, postgres: bool) -> tuple[str, list]:
    records, units, tree = DailyRecord._meta.db_table, AccountingUnit._meta.db_table, Unit._meta.db_table

    def num(expression: str) -> str:
        # SQLite's NUMERIC keeps whole numbers whole and would divide them as integers; REAL does not.
        return f"CAST({expression} AS {'NUMERIC' if postgres else 'REAL'})"

    rate = f"{num('SUM(r.value)')} / NULLIF({num('SUM(r.hours)')}, 0)"
    params: list = []
    if metric == Metric.IMPROVEMENT:
        base = (
            f"(SELECT {num('SUM(b.value)')} / NULLIF({num('SUM(b.hours)')}, 0) FROM {records} b "
            "WHERE b.unit_id = r.unit_id AND b.date >= %s AND b.date < %s)"
        )
        params += [start - dt.timedelta(days=BASELINE_DAYS), start]
        key = f"({rate} - {base}) / NULLIF(ABS({base}), 0)"
        params += [start - dt.timedelta(days=BASELINE_DAYS), start, start - dt.timedelta(days=BASELINE_DAYS), start]
    else:
        base = "NULL"
        key = rate if metric == Metric.VALUE_PER_HOUR else "SUM(r.value)"
    # An outlier (value per hour far outside the team's range) is ranked only once its figures are confirmed.
    where = "r.date >= %s AND r.date <= %s AND NOT (r.outlier AND r.confirmed_at IS NULL)"
    params += [start, end]
    if isinstance(group_ids, tuple):  # a compiled subquery: (sql, params)
        subquery, subparams = group_ids
        groups, group_params = f"g.group_id IN ({subquery})", list(subparams)
    elif group_ids is not None:
        groups, group_params = f"g.group_id IN ({', '.join(['%s'] * len(group_ids))})", list(group_ids)
    else:
        groups, group_params = "", []
    if groups:
        where += f" AND r.unit_id IN (SELECT g.id FROM {units} g WHERE {groups})"
        params += group_params
    per_hour_sql = "ROUND(t.total / NULLIF(t.hours, 0), 2)" if postgres else "NULL"
    # The records are summed per unit first (one narrow aggregate), and only the 2,000-odd sums are joined to the
    # units' codes, names and groups for ranking.
    sql = (
        "SELECT t.unit_id, u.code, u.name, a.group_id, t.total, t.hours, t.base, t.metric_key IS NULL, "
        "RANK() OVER (PARTITION BY a.group_id ORDER BY t.metric_key DESC NULLS LAST) AS rank, "
        f"{per_hour_sql} FROM ("
        f"SELECT r.unit_id, SUM(r.value) AS total, SUM(r.hours) AS hours, {base} AS base, {key} AS metric_key "
        f"FROM {records} r WHERE {where} GROUP BY r.unit_id"
        f") t JOIN {units} a ON a.id = t.unit_id JOIN {tree} u ON u.id = a.unit_id "
        "ORDER BY a.group_id, rank, u.code"
    )
    return sql, params


def _decimal(value, field) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return field.to_python(str(value) if isinstance(value, float) else value)


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
