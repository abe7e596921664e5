"""Benchmark: team value accounting at group scale on PostgreSQL — 2,000 accounting units × 365 days.

Seeds (once; the data stays) a root org and company unit, 40 workshops and 2,000 teams in 10 peer groups of 200,
five items with prices, and one record per team and day of 2025 (730,000 records, values drawn inside PostgreSQL with
generate_series; no lines: rankings read the record totals). Then it prints, median of several runs:

- the day's ranking of the whole group (value per hour, ranked within each peer group) as the API reads it
  (`value.selectors.daily_ranking`, including the scope of the party office) against ONE hand-written SQL statement
  giving the same rows, and the same for a month (`value.selectors.monthly_ranking`, with the assessment points);
  the rows are compared (unit, value, hours, rank) and the app/raw ratio printed (target ≤ 1.5×).
The import of records is measured in bench/value_import.py.

Usage: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_value .venv/bin/python bench/value_rankings.py
[--units 2000 --days 365 --runs 5]`. Nothing is asserted except that the rows agree.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from decimal import Decimal

from run import analyze, ensure_database, timed

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
        # Values drawn in PostgreSQL; a few ties on purpose (rounded values).
        cursor.execute(
            "INSERT INTO value_dailyrecord (unit_id, date, shift, hours, output_value, input_value, value, source, "
            "revision, updated_at) "
            "SELECT a.id, %s::date + d, 'A', h, v + 50000, 50000, v, 'api', 1, now() FROM value_accountingunit a "
            "JOIN value_peergroup g ON g.id = a.group_id AND g.code LIKE %s "
            "CROSS JOIN generate_series(0, %s - 1) d "
            "CROSS JOIN LATERAL (SELECT (80 + floor(random() * 5) * 8)::numeric AS h, "
            "round((50000 + random() * 100000)::numeric, -2) AS v) x",
            [YEAR_START, f"{PREFIX}-%", days],
        )
    return True


def bench_office():
    from run import bench_user

    from dangjian.org.models import PartyOrg

    return bench_user("bench_value_office", "party_office", PartyOrg.objects.get(code=PREFIX))


RAW_DAY = """
SELECT r.unit_id, u.code, u.name, SUM(r.value) AS value, SUM(r.hours) AS hours,
       RANK() OVER (PARTITION BY a.group_id
                    ORDER BY SUM(r.value) / NULLIF(SUM(r.hours), 0) DESC NULLS LAST) AS rank
FROM value_dailyrecord r
JOIN value_accountingunit a ON a.id = r.unit_id
JOIN org_unit u ON u.id = a.unit_id
JOIN value_peergroup g ON g.id = a.group_id
WHERE r.date BETWEEN %s AND %s AND g.code LIKE %s
GROUP BY r.unit_id, u.code, u.name, a.group_id
ORDER BY a.group_id, rank, r.unit_id
"""


def raw_rows(start, end):
    from run import raw

    return raw(RAW_DAY, [start, end, f"{PREFIX}-%"])


def same(app_rows, raw) -> bool:
    mine = sorted((r.unit_id, r.code, r.value, r.hours, r.rank) for r in app_rows)
    theirs = sorted(
        (u, c, Decimal(v).quantize(Decimal("0.0001")), Decimal(h).quantize(Decimal("0.01")), k)
        for u, c, _name, v, h, k in raw
    )
    return mine == theirs


def measure_rankings(runs: int, days: int) -> list[tuple]:
    from dangjian.accounts.models import User
    from dangjian.value import selectors

    office = bench_office()
    day = YEAR_START + dt.timedelta(days=min(days, 365) // 2)
    month = day.replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)

    def app_day():
        user = User.objects.get(pk=office.pk)  # every request loads the user and its assignments
        return selectors.daily_ranking(user=user, day=day)

    def app_month():
        user = User.objects.get(pk=office.pk)
        return selectors.monthly_ranking(user=user, month=month)[0]

    results = []
    for label, app, start, end in (
        ("daily ranking", app_day, day, day),
        ("monthly ranking", app_month, month, following - dt.timedelta(days=1)),
    ):
        app_ms, app_result = timed(app, runs)
        raw_ms, raw_result = timed(lambda s=start, e=end: raw_rows(s, e), runs)
        results.append((label, len(app_result), app_ms, raw_ms, same(app_result, raw_result)))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("The value bench needs PostgreSQL: set DATABASE_URL to a postgres:// URL.")
        return 2
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    if seed(args.units, args.days):
        print(f"Seeded {args.units} units × {args.days} days in {time.monotonic() - started:.0f} s.")
        analyze()
    else:
        print("Value records were already seeded at this scale.")
    print(f"\nRankings of the whole group ({args.units} units in {GROUPS} peer groups), median of {args.runs} runs")
    print("(app = value.selectors incl. loading the user and scope; raw = one hand-written SQL statement giving")
    print("the same rows: unit id, code, name, value, hours, rank).\n")
    print(f"{'ranking':<18}{'rows':>7}{'app ms':>10}{'raw ms':>10}{'app/raw':>9}  rows equal")
    for label, count, app_ms, raw_ms, equal in measure_rankings(args.runs, args.days):
        print(f"{label:<18}{count:>7}{app_ms:>10.1f}{raw_ms:>10.1f}{app_ms / raw_ms:>8.2f}x  {equal}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
