"""Benchmark: team value accounting at group scale on PostgreSQL — 2,000 accounting units × 365 days.

Seeds (once; the data stays) a root org and company unit, 40 workshops and 2,000 teams in 10 peer groups of 200,
five items with prices, and one record per team and day of 2025 (730,000 records, values drawn inside PostgreSQL with
generate_series; no lines: rankings read the record totals). Then it compares, in interleaved rounds (bench/harness.py):

- the day's ranking of the whole group (value per hour, ranked within each peer group) as the API reads it
  (`value.selectors.daily_ranking`, including loading the party office's user and scope) against ONE hand-written SQL
  statement giving the same rows: unit, code, name, group, value, hours, value per hour, rank (unconfirmed outliers
  left out, a unit without hours unranked);
- the month's ranking with the assessment (`value.selectors.monthly_ranking`): the same rows plus each unit's points
  from its group's table and its 0–100 score from the rank, the baseline computing both in SQL too.

The import of value records is measured by bench/value_import.py.

Usage: `.venv/bin/python bench/value_rankings.py [--units 2000 --days 365 --rounds 11]` (database bench_value, or
BENCH_VALUE_URL). Nothing is asserted; a ratio is printed only when the rows agree.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from decimal import Decimal

import harness  # noqa: F401  (sets up the path and the environment)

PREFIX = "BVX"
YEAR_START = dt.date(2025, 1, 1)
GROUPS = 10
ITEMS = [
    ("BVX-AL", "output", "15000"),
    ("BVX-KWH", "input", "0.35"),
    ("BVX-AO", "input", "2800"),
    ("BVX-F", "input", "7000"),
    ("BVX-SP", "input", "1"),
]


def seed(units: int, days: int) -> bool:
    from django.db import connection, transaction

    from dangjian.org.models import PartyOrg, Unit
    from dangjian.value.models import GroupItem, Item, ItemPrice, PeerGroup

    marker = f"bench {units} units × {days} days"
    root = PartyOrg.objects.filter(code=PREFIX).first()
    if root is not None and root.name == marker:
        return False
    with transaction.atomic(), connection.cursor() as cursor:
        if root is not None:
            cursor.execute(
                "DELETE FROM value_dailyline WHERE record_id IN (SELECT r.id FROM value_dailyrecord r "
                "JOIN value_accountingunit a ON a.id = r.unit_id JOIN value_peergroup g ON g.id = a.group_id "
                "WHERE g.code LIKE %s)",
                [f"{PREFIX}-%"],
            )
            cursor.execute(
                "DELETE FROM value_dailyrecord WHERE unit_id IN (SELECT a.id FROM value_accountingunit a "
                "JOIN value_peergroup g ON g.id = a.group_id WHERE g.code LIKE %s)",
                [f"{PREFIX}-%"],
            )
            cursor.execute(
                "DELETE FROM value_accountingunit WHERE group_id IN "
                "(SELECT id FROM value_peergroup WHERE code LIKE %s)",
                [f"{PREFIX}-%"],
            )
            cursor.execute(
                "DELETE FROM value_daylock WHERE group_id IN (SELECT id FROM value_peergroup WHERE code LIKE %s)",
                [f"{PREFIX}-%"],
            )
            GroupItem.objects.filter(group__code__startswith=PREFIX).delete()
            PeerGroup.objects.filter(code__startswith=PREFIX).delete()
            ItemPrice.objects.filter(item__code__startswith=PREFIX).delete()
            Item.objects.filter(code__startswith=PREFIX).delete()
            Unit.objects.filter(code__startswith=f"{PREFIX}-T").delete()
            Unit.objects.filter(code__startswith=f"{PREFIX}-W").delete()
            Unit.objects.filter(code=f"{PREFIX}-CO").delete()
            root.delete()
        root = PartyOrg(code=PREFIX, name=marker, kind="committee")
        root.save()
        PartyOrg.objects.filter(pk=root.pk).update(path=f"/{root.pk}/")
        root.refresh_from_db()
        company = Unit(code=f"{PREFIX}-CO", name="基准测试公司", kind=Unit.Kind.COMPANY)
        company.save()
        workshops = max(1, units // 50)
        cursor.execute(
            "INSERT INTO org_unit (code, name, kind, active, sort_order, parent_id, path, depth) "
            "SELECT %s || '-W' || w, '车间' || w, 'workshop', true, w, %s, '', 1 FROM generate_series(1, %s) w",
            [PREFIX, company.pk, workshops],
        )
        cursor.execute(
            "INSERT INTO org_unit (code, name, kind, active, sort_order, parent_id, path, depth) "
            "SELECT %s || '-T' || t, '班组' || t, 'team', true, t, w.id, '', 2 FROM generate_series(1, %s) t "
            "JOIN org_unit w ON w.code = %s || '-W' || (1 + (t - 1) %% %s)",
            [PREFIX, units, PREFIX, workshops],
        )
        cursor.execute(
            "UPDATE org_unit u SET path = p.path || u.id || '/' FROM org_unit p "
            "WHERE u.parent_id = p.id AND u.code LIKE %s AND u.depth = 1",
            [f"{PREFIX}-W%"],
        )
        cursor.execute(
            "UPDATE org_unit u SET path = p.path || u.id || '/' FROM org_unit p "
            "WHERE u.parent_id = p.id AND u.code LIKE %s AND u.depth = 2",
            [f"{PREFIX}-T%"],
        )
        groups = [
            PeerGroup.objects.create(code=f"{PREFIX}-G{g:02d}", name=f"对标组{g}", org=root, sort_order=g)
            for g in range(1, GROUPS + 1)
        ]
        for n, (code, kind, price) in enumerate(ITEMS):
            item = Item.objects.create(code=code, name=code, kind=kind, sort_order=n)
            ItemPrice.objects.create(item=item, effective_from=dt.date(2020, 1, 1), price=Decimal(price))
            for g in groups:
                GroupItem.objects.create(group=g, item=item, sort_order=n)
        cursor.execute(
            "INSERT INTO value_accountingunit (unit_id, group_id, org_id, active) "
            "SELECT u.id, g.id, %s, true FROM org_unit u "
            "JOIN value_peergroup g ON g.code = %s || '-G' || lpad((1 + (u.sort_order - 1) %% %s)::text, 2, '0') "
            "WHERE u.code LIKE %s AND u.kind = 'team'",
            [root.pk, PREFIX, GROUPS, f"{PREFIX}-T%"],
        )
        # Values drawn in PostgreSQL; a few ties on purpose (rounded values), and one record in 500 flagged as an
        # outlier not yet confirmed (left out of the rankings).
        cursor.execute(
            "INSERT INTO value_dailyrecord (unit_id, date, shift, hours, output_value, input_value, value, source, "
            "revision, updated_at, outlier) "
            "SELECT a.id, %s::date + d, 'A', h, v + 50000, 50000, v, 'api', 1, now(), random() < 0.002 "
            "FROM value_accountingunit a "
            "JOIN value_peergroup g ON g.id = a.group_id AND g.code LIKE %s "
            "CROSS JOIN generate_series(0, %s - 1) d "
            "CROSS JOIN LATERAL (SELECT (80 + floor(random() * 5) * 8)::numeric AS h, "
            "round((50000 + random() * 100000)::numeric, -2) AS v) x",
            [YEAR_START, f"{PREFIX}-%", days],
        )
    return True


def bench_office():
    from harness import bench_user

    from dangjian.org.models import PartyOrg

    return bench_user("bench_value_office", "party_office", PartyOrg.objects.get(code=PREFIX))


# Exactly what the app returns for a period: per unit its code, name, group, value, hours and value per hour (to the
# fen), ranked within its peer group by value per hour (ties share a rank; a unit without hours has no rank), leaving
# out an outlier whose figures are not confirmed yet. The records are summed per unit first, then joined.
RAW_RANKING = """
SELECT t.unit_id, u.code, u.name, a.group_id, t.total, t.hours, ROUND(t.total / NULLIF(t.hours, 0), 2),
       CASE WHEN t.k IS NULL THEN NULL ELSE RANK() OVER (PARTITION BY a.group_id ORDER BY t.k DESC NULLS LAST) END
FROM (SELECT r.unit_id, SUM(r.value) AS total, SUM(r.hours) AS hours, SUM(r.value) / NULLIF(SUM(r.hours), 0) AS k
      FROM value_dailyrecord r
      WHERE r.date BETWEEN %s AND %s AND NOT (r.outlier AND r.confirmed_at IS NULL)
        AND r.unit_id IN (SELECT a.id FROM value_accountingunit a JOIN value_peergroup g ON g.id = a.group_id
                          WHERE g.active AND g.code LIKE %s)
      GROUP BY r.unit_id) t
JOIN value_accountingunit a ON a.id = t.unit_id
JOIN org_unit u ON u.id = a.unit_id
"""
# A ranking is read in its order: by group, then rank (unranked last), then code — as the app returns it.
RANKING_ORDER = "ORDER BY 4, 8 NULLS LAST, 2"
RAW_DAY = RAW_RANKING + RANKING_ORDER

# The month adds the assessment: points for the top ranks from the group's table (a tie shares the higher points)
# and a 0–100 score from the rank (first 100, last 0; a group of one scores 100).
RAW_MONTH = f"""
WITH ranked AS ({RAW_RANKING}),
counted AS (SELECT ranked.*, COUNT(ranked.rank) OVER (PARTITION BY ranked.group_id) AS n FROM ranked)
SELECT c.*, COALESCE((string_to_array(replace(g.top_points, ' ', ''), ','))[c.rank]::numeric, 0) AS points,
       CASE WHEN c.rank IS NULL THEN NULL WHEN c.n = 1 THEN 100
            ELSE ROUND(100.0 * (c.n - c.rank) / (c.n - 1), 2) END AS score
FROM counted c JOIN value_peergroup g ON g.id = c.group_id
ORDER BY g.sort_order, c.rank NULLS LAST, c.code
"""


# The rows are compared in the order each side returns them: a ranking's order is part of its answer.
def ranking_rows(rows) -> list[tuple]:
    return [(r.unit_id, r.code, r.name, r.group_id, r.value, r.hours, r.value_per_hour, r.rank) for r in rows]


def month_rows(answer) -> list[tuple]:
    rows, assessment = answer
    scored = []
    for r in rows:
        points, score = assessment.get(r.unit_id, (Decimal(0), None))
        scored.append(
            (r.unit_id, r.code, r.name, r.group_id, r.value, r.hours, r.value_per_hour, r.rank, points, score)
        )
    return scored


def raw_day_rows(found) -> list[tuple]:
    return [tuple(row) for row in found]


def raw_month_rows(found) -> list[tuple]:
    return [(*row[:8], row[9], None if row[10] is None else Decimal(row[10])) for row in found]


def measure_rankings(rounds: int, days: int):
    from harness import compare, raw

    from dangjian.accounts.models import User
    from dangjian.value import selectors

    office = bench_office()
    day = YEAR_START + dt.timedelta(days=min(days, 365) // 2)
    month = day.replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    like = f"{PREFIX}-%"

    def app_day():
        user = User.objects.get(pk=office.pk)  # every request loads the user and its assignments
        return selectors.daily_ranking(user=user, day=day)

    def app_month():
        user = User.objects.get(pk=office.pk)
        return selectors.monthly_ranking(user=user, month=month)

    last = following - dt.timedelta(days=1)
    return [
        compare(
            f"daily team ranking, {PREFIX} group",
            app_day,
            lambda: raw(RAW_DAY, [day, day, like]),
            normalize_app=ranking_rows,
            normalize_base=raw_day_rows,
            rounds=rounds,
        ),
        compare(
            f"monthly team ranking with points, {PREFIX} group",
            app_month,
            lambda: raw(RAW_MONTH, [month, last, like]),
            normalize_app=month_rows,
            normalize_base=raw_month_rows,
            rounds=rounds,
        ),
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--rounds", type=int, default=11)
    args = parser.parse_args(argv)
    from harness import analyze, print_comparisons, setup

    setup("value")
    started = time.monotonic()
    if seed(args.units, args.days):
        print(f"Seeded {args.units} units × {args.days} days in {time.monotonic() - started:.0f} s.")
        analyze()
    else:
        print("Value records were already seeded at this scale.")
    print("app = value.selectors incl. loading the user and scope; baseline = one SQL statement giving the same rows")
    print_comparisons(
        f"Rankings of the whole group ({args.units} units in {GROUPS} peer groups)",
        measure_rankings(args.rounds, args.days),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
