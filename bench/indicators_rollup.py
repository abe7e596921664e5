"""Benchmark: indicator roll-ups at plant scale on PostgreSQL — 2,000 units × 365 days × 20 indicators (14.6 M values).

Seeds (once; the data stays) a unit tree of 1 company, 40 workshops and 2,000 teams, a catalogue of 20 daily
indicators that store values (8 sums, 6 averages weighted by output, 3 last-value stocks, 3 plain averages of levels)
plus one ratio, and one value per team, day and indicator for 2025, generated inside PostgreSQL with generate_series
(INSERT … SELECT, no Python rows). Then, for the whole company and the year, it compares in interleaved rounds
(bench/harness.py) each rule as the app runs it (`indicators.rollup.rollup`, including loading the indicator and the
unit) with the best hand-written SQL for the same number (a ratio's two sums in one pass; each unit's last value by
DISTINCT ON), and prints the medians, the spread and the app/raw ratio (target ≤ 1.5×) — only when the answers agree
to the sixth decimal.

Usage: `.venv/bin/python bench/indicators_rollup.py [--units 2000 --days 365 --rounds 11]` (database
bench_indicators, or BENCH_INDICATORS_URL). Seeding the full scale takes about ten minutes once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from decimal import Decimal

import harness
from harness import analyze, raw

PREFIX = "BIX"  # codes of the bench's units and indicators
YEAR_START = dt.date(2025, 1, 1)
SUMS, WEIGHTED, LASTS, AVGS = 8, 6, 3, 3
Q6 = Decimal("0.000001")


def seed(units: int, days: int) -> bool:
    """Create the bench's tree, catalogue and values unless they are there at this scale. Returns True if seeded."""
    from django.db import connection, transaction

    from dangjian.indicators.models import Indicator
    from dangjian.org.models import Unit

    marker = f"bench {units} units × {days} days"
    existing = Indicator.objects.filter(code=f"{PREFIX}-S1").first()
    if existing and existing.description == marker:
        return False
    with transaction.atomic(), connection.cursor() as cursor:
        if existing:
            cursor.execute(
                "DELETE FROM indicators_indicatorvalue WHERE indicator_id IN "
                "(SELECT id FROM indicators_indicator WHERE code LIKE %s)",
                [f"{PREFIX}-%"],
            )
            Indicator.objects.filter(code__startswith=PREFIX, rollup=Indicator.Rollup.RATIO).delete()
            Indicator.objects.filter(code__startswith=PREFIX).exclude(code=f"{PREFIX}-S1").delete()
            Indicator.objects.filter(code__startswith=PREFIX).delete()
            Unit.objects.filter(code__startswith=f"{PREFIX}-T").delete()
            Unit.objects.filter(code__startswith=f"{PREFIX}-W").delete()
            Unit.objects.filter(code=f"{PREFIX}-CO").delete()
        company = Unit(code=f"{PREFIX}-CO", name="基准测试公司", kind=Unit.Kind.COMPANY)
        company.save()
        workshops = max(1, units // 50)
        # Units in SQL as well: paths are the parent's path plus the new id.
        cursor.execute(
            "INSERT INTO org_unit (code, name, kind, active, sort_order, parent_id, path, depth) "
            "SELECT %s || '-W' || n, '车间' || n, 'workshop', true, n, %s, '', 1 FROM generate_series(1, %s) n",
            [PREFIX, company.pk, workshops],
        )
        cursor.execute(
            "INSERT INTO org_unit (code, name, kind, active, sort_order, parent_id, path, depth) "
            "SELECT %s || '-T' || n, '班组' || n, 'team', true, n, w.id, '', 2 FROM generate_series(1, %s) n "
            "JOIN org_unit w ON w.code = %s || '-W' || (1 + (n - 1) %% %s)",
            [PREFIX, units, PREFIX, workshops],
        )
        for depth in (1, 2):
            cursor.execute(
                "UPDATE org_unit u SET path = p.path || u.id || '/' FROM org_unit p "
                "WHERE u.parent_id = p.id AND u.depth = %s AND u.code LIKE %s",
                [depth, f"{PREFIX}-%"],
            )
        out = Indicator.objects.create(
            code=f"{PREFIX}-S1", name="产量", unit_of_measure="t", granularity="day", description=marker
        )
        catalogue = [out]
        catalogue += [
            Indicator.objects.create(code=f"{PREFIX}-S{n}", name=f"累计量{n}", unit_of_measure="kWh", granularity="day")
            for n in range(2, SUMS + 1)
        ]
        catalogue += [
            Indicator.objects.create(
                code=f"{PREFIX}-W{n}",
                name=f"效率{n}",
                unit_of_measure="%",
                granularity="day",
                rollup="weighted_avg",
                weight=out,
            )
            for n in range(1, WEIGHTED + 1)
        ]
        catalogue += [
            Indicator.objects.create(
                code=f"{PREFIX}-L{n}", name=f"库存{n}", unit_of_measure="t", granularity="day", rollup="last"
            )
            for n in range(1, LASTS + 1)
        ]
        catalogue += [
            Indicator.objects.create(
                code=f"{PREFIX}-A{n}", name=f"温度{n}", unit_of_measure="°C", granularity="day", rollup="avg"
            )
            for n in range(1, AVGS + 1)
        ]
        Indicator.objects.create(
            code=f"{PREFIX}-R1",
            name="单耗",
            unit_of_measure="kWh/t",
            granularity="day",
            rollup="ratio",
            numerator=catalogue[1],
            denominator=out,
        )
        started = time.monotonic()
        cursor.execute(
            "INSERT INTO indicators_indicatorvalue "
            "(indicator_id, unit_id, granularity, period_start, shift, value, source, revision, updated_at) "
            "SELECT i.id, u.id, 'day', d::date, '', round((50 + random() * 100)::numeric, 3), 'import', 1, now() "
            "FROM indicators_indicator i CROSS JOIN org_unit u "
            "CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') d "
            "WHERE i.code LIKE %s AND i.rollup <> 'ratio' AND u.code LIKE %s",
            [YEAR_START, YEAR_START + dt.timedelta(days=days - 1), f"{PREFIX}-%", f"{PREFIX}-T%"],
        )
        print(f"Inserted {cursor.rowcount:,} values in {time.monotonic() - started:.0f} s.")
    return True


VALUES_FROM = """FROM indicators_indicatorvalue v JOIN org_unit u ON u.id = v.unit_id
    WHERE v.indicator_id = %s AND v.granularity = 'day' AND u.path LIKE %s AND v.period_start BETWEEN %s AND %s"""
RAW = {
    "sum": f"SELECT SUM(v.value) {VALUES_FROM}",
    "avg": f"SELECT AVG(v.value) {VALUES_FROM}",
    "weighted_avg": """SELECT SUM(v.value * w.value) / SUM(w.value)
        FROM indicators_indicatorvalue v JOIN org_unit u ON u.id = v.unit_id
        JOIN indicators_indicatorvalue w ON w.indicator_id = %s AND w.unit_id = v.unit_id
             AND w.granularity = v.granularity AND w.period_start = v.period_start AND w.shift = v.shift
        WHERE v.indicator_id = %s AND v.granularity = 'day' AND u.path LIKE %s AND v.period_start BETWEEN %s AND %s""",
    "ratio": """SELECT SUM(v.value) FILTER (WHERE v.indicator_id = %s) / SUM(v.value) FILTER (WHERE v.indicator_id = %s)
        FROM indicators_indicatorvalue v JOIN org_unit u ON u.id = v.unit_id
        WHERE v.indicator_id IN (%s, %s) AND v.granularity = 'day' AND u.path LIKE %s
          AND v.period_start BETWEEN %s AND %s""",
    "last": f"""SELECT SUM(value) FROM (SELECT DISTINCT ON (v.unit_id) v.value {VALUES_FROM}
        ORDER BY v.unit_id, v.period_start DESC, v.shift DESC) t""",
}


def measure(rounds: int, days: int) -> list:
    from dangjian.indicators.models import Indicator
    from dangjian.indicators.rollup import rollup
    from dangjian.org.models import Unit

    company = Unit.objects.get(code=f"{PREFIX}-CO")
    start, end = YEAR_START, YEAR_START + dt.timedelta(days=days - 1)
    like = company.path + "%"
    comparisons = []
    for rule, code in (("sum", "S1"), ("weighted_avg", "W1"), ("ratio", "R1"), ("last", "L1"), ("avg", "A1")):
        indicator = Indicator.objects.get(code=f"{PREFIX}-{code}")

        def app(code=code):
            return rollup(
                Indicator.objects.select_related(None).get(code=f"{PREFIX}-{code}"),
                Unit.objects.get(code=f"{PREFIX}-CO"),
                start,
                end,
            )

        if rule == "weighted_avg":
            params = [indicator.weight_id, indicator.pk, like, start, end]
        elif rule == "ratio":
            ids = [indicator.numerator_id, indicator.denominator_id]
            params = [*ids, *ids, like, start, end]
        else:
            params = [indicator.pk, like, start, end]
        factor = indicator.factor if rule == "ratio" else Decimal(1)

        def hand(rule=rule, params=params):
            return raw(RAW[rule], params)[0][0]

        comparisons.append(
            harness.compare(
                f"indicator roll-up to the company, {rule}",
                app,
                hand,
                normalize_app=lambda value: [value],
                normalize_base=lambda value, f=factor: [None if value is None else (Decimal(value) * f).quantize(Q6)],
                rounds=rounds,
            )
        )
    return comparisons


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--rounds", type=int, default=harness.ROUNDS)
    args = parser.parse_args(argv)
    harness.setup("indicators")
    started = time.monotonic()
    if seed(args.units, args.days):
        print(f"Seeded {args.units} units × {args.days} days × 20 indicators in {time.monotonic() - started:.0f} s.")
        analyze()
    else:
        print("Indicator values were already seeded at this scale.")
    print("app = indicators.rollup.rollup incl. loading the indicator and unit; baseline = hand-written SQL")
    harness.print_comparisons(f"Roll-up to the company over {args.days} days", measure(args.rounds, args.days))
    return 0


if __name__ == "__main__":
    sys.exit(main())
