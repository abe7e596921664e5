"""Points at group scale on PostgreSQL: 80,000 members in 800 branches and 2,000,000 ledger entries.

Seeds once (INSERT … SELECT with generate_series inside PostgreSQL, so no row crosses the wire), into its own company
(root org code BPT) of BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_points, created if
missing). Then, for the whole group and for one branch, it times

- the leaderboard for a year (`points.selectors.leaderboard`, top 50, names included, with the org lookup a request
  makes), and the star distribution for a year (`points.selectors.star_distribution`),
- against hand-written SQL for the same rows,

asserts that both give the same answer, and prints milliseconds (median of RUNS) and the app/raw ratio. The target is
≤ 1.5×. Usage: `.venv/bin/python bench/points_leaderboard.py [--members 80000 --entries 2000000]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("DJANGO_MANIFEST_STATIC", "false")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_points"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)

RUNS, WARMUP = 7, 2
YEAR = 2025
BRANCHES = 800


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    params = psycopg.conninfo.conninfo_to_dict(url)
    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [params["dbname"]]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(params["dbname"])))
            print(f"Created database {params['dbname']}.")


def timed(fn):
    result = None
    for _ in range(WARMUP):
        result = fn()
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), result


def execute(sql: str, params=None) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall() if cursor.description else []


def seed(members: int, entries: int) -> None:
    """The company, its branches, members, one rule per category, entries spread over the year, and stars."""
    from django.db import transaction

    from dangjian.core.services import SYSTEM
    from dangjian.org.models import PartyOrg
    from dangjian.points import services
    from dangjian.points.models import PointsRule

    if PartyOrg.objects.filter(code="BPT").exists():
        return
    started = time.monotonic()
    with transaction.atomic():
        root = PartyOrg(code="BPT", name="基准测试集团党委", kind="committee", path="/", depth=0)
        root.save()
        execute("UPDATE org_partyorg SET path = %s WHERE id = %s", [f"/{root.pk}/", root.pk])
        root.refresh_from_db()
        execute(
            """INSERT INTO org_partyorg (path, depth, code, name, kind, status, sort_order, parent_id)
               SELECT '', 1, 'BPT-' || g, '基准党支部' || g, 'branch', 'active', g, %s FROM generate_series(1, %s) g""",
            [root.pk, BRANCHES],
        )
        execute("UPDATE org_partyorg SET path = %s || id || '/' WHERE parent_id = %s", [root.path, root.pk])
        first = PartyOrg.objects.filter(parent=root).order_by("id").values_list("id", flat=True).first()
        execute(
            """INSERT INTO org_person (employee_no, name, gender, education, job_title, phone, party_status, active,
                                       branch_id)
               SELECT 'BP' || lpad(g::text, 7, '0'), '党员' || g, 'male', '', '', '', 'member', true,
                      %s + (g %% %s)
               FROM generate_series(1, %s) g""",
            [first, BRANCHES, members],
        )
        services.defaults_install(actor=SYSTEM, company=root, valid_from=dt.date(2020, 1, 1))
        rules = list(
            PointsRule.objects.filter(company=root, code__in=["BASE", "PIONEER", "INNOVATION", "DUES_LATE"])
            .order_by("code")
            .values_list("id", "points")
        )
        low = execute("SELECT min(id) FROM org_person WHERE employee_no LIKE 'BP%%'")[0][0]
        # Entry g: person g mod members, a rule by g mod 4, a day of the year; 92 % approved, the rest pending or
        # rejected; awarded = points for approved rows (caps are not what is measured here).
        values = ", ".join(f"({i}, {rid}, {pts})" for i, (rid, pts) in enumerate(rules))
        execute(
            f"""WITH r(k, rule_id, pts) AS (VALUES {values})
               INSERT INTO points_pointsentry (person_id, rule_id, points, awarded, occurred_on, reason, evidence,
                   status, automatic, source_type, source_id, created_by_name, created_at, decided_by_name,
                   decision_note)
               SELECT %s + (g %% %s), r.rule_id, r.pts,
                      CASE WHEN g %% 25 < 23 THEN r.pts END,
                      DATE %s + (g %% 365), 'bench', '',
                      CASE WHEN g %% 25 < 23 THEN 'approved' WHEN g %% 25 = 23 THEN 'pending' ELSE 'rejected' END,
                      false, '', '', 'bench', now(), '', ''
               FROM generate_series(1, %s) g JOIN r ON r.k = g %% 4""",
            [low, members, f"{YEAR}-01-01", entries],
        )
        execute(
            """INSERT INTO points_memberstar (person_id, year, stars, points_total, appraisal, explanation, current,
                                              computed_at)
               SELECT p.id, %s, 1 + (p.id %% 5), 0, 'qualified', 'bench', true, now()
               FROM org_person p WHERE p.employee_no LIKE 'BP%%'""",
            [YEAR],
        )
    execute("ANALYZE")
    print(f"Seeded {members:,} members and {entries:,} entries in {time.monotonic() - started:.0f} s.")


RAW_LEADERBOARD = """
    SELECT t.person_id, p.name, t.total FROM (
        SELECT e.person_id, SUM(e.awarded) AS total
        FROM points_pointsentry e JOIN org_person p ON p.id = e.person_id JOIN org_partyorg b ON b.id = p.branch_id
        WHERE b.path LIKE %s AND e.status = 'approved' AND e.occurred_on BETWEEN %s AND %s
        GROUP BY e.person_id ORDER BY total DESC, e.person_id LIMIT 50
    ) t JOIN org_person p ON p.id = t.person_id ORDER BY t.total DESC, t.person_id"""
RAW_STARS = """
    SELECT s.stars, COUNT(*) FROM points_memberstar s JOIN org_person p ON p.id = s.person_id
    JOIN org_partyorg b ON b.id = p.branch_id
    WHERE b.path LIKE %s AND s.year = %s AND s.current GROUP BY s.stars"""


def measure(label: str, code: str) -> list[tuple]:
    from dangjian.org.models import PartyOrg
    from dangjian.points import selectors

    period = selectors.parse_period(str(YEAR), dt.date(YEAR, 12, 31))
    org = PartyOrg.objects.get(code=code)
    path = org.path

    # Both sides are given the org (the page has it already); the app side is the selector as the page calls it.
    def app_board():
        return [(s.person_id, s.name, s.total) for s in selectors.leaderboard(org=org, period=period)]

    def raw_board():
        return [tuple(r) for r in execute(RAW_LEADERBOARD, [path + "%", period.start, period.end])]

    def app_stars():
        return selectors.star_distribution(org=org, year=YEAR)

    def raw_stars():
        counts = dict.fromkeys(range(1, 6), 0)
        counts.update(dict(execute(RAW_STARS, [path + "%", YEAR])))
        return counts

    rows = []
    for what, app, raw in (("leaderboard", app_board, raw_board), ("star distribution", app_stars, raw_stars)):
        app_ms, app_result = timed(app)
        raw_ms, raw_result = timed(raw)
        assert app_result == raw_result, f"{label} {what}: the app and the raw SQL disagree"
        rows.append((label, what, app_ms, raw_ms, app_ms / raw_ms))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=80_000)
    parser.add_argument("--entries", type=int, default=2_000_000)
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    seed(args.members, args.entries)
    rows = measure("whole group", "BPT") + measure("one branch", "BPT-17")
    print(f"\n{'scope':<12} {'query':<18} {'app ms':>9} {'raw ms':>9} {'app/raw':>8}")
    for label, what, app_ms, raw_ms, ratio in rows:
        print(f"{label:<12} {what:<18} {app_ms:>9.1f} {raw_ms:>9.1f} {ratio:>7.2f}×")
    print("\nSame answers from the app and the raw SQL (asserted). Target: app/raw ≤ 1.5×.")


if __name__ == "__main__":
    main()
