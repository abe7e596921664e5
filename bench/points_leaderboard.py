"""Points at group scale on PostgreSQL: 80,000 members in 800 branches and 2,000,000 ledger entries.

Seeds once (INSERT … SELECT with generate_series inside PostgreSQL, so no row crosses the wire), into its own company
(root org code BPT) of its own database (bench_points, or BENCH_POINTS_URL; created and migrated if missing). Then,
for the whole group and for one branch, it compares in interleaved rounds (bench/harness.py)

- the leaderboard for a year (`points.selectors.leaderboard`: the top 50 by approved points, ties sharing a rank,
  with name, employee number and branch) and the star distribution for a year (`points.selectors.star_distribution`:
  how many people hold 1…5 stars, zeros included)
- with hand-written SQL returning the same rows (rank included), given the org's path as the app is given the org.

A ratio is printed only when the rows agree. The target is ≤ 1.5×.
Usage: `.venv/bin/python bench/points_leaderboard.py [--members 80000 --entries 2000000 --rounds 11]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

import harness

YEAR = 2025
BRANCHES = 800


def execute(sql: str, params=None) -> list:
    return harness.raw(sql, params or [])


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
    SELECT RANK() OVER (ORDER BY t.total DESC), t.person_id, p.name, p.employee_no, b.name, t.total FROM (
        SELECT e.person_id, SUM(e.awarded) AS total
        FROM points_pointsentry e JOIN org_person p ON p.id = e.person_id JOIN org_partyorg b ON b.id = p.branch_id
        WHERE b.path LIKE %s AND e.status = 'approved' AND e.occurred_on BETWEEN %s AND %s
        GROUP BY e.person_id ORDER BY total DESC, e.person_id LIMIT 50
    ) t JOIN org_person p ON p.id = t.person_id JOIN org_partyorg b ON b.id = p.branch_id
    ORDER BY t.total DESC, t.person_id"""
RAW_STARS = """
    SELECT s.stars, COUNT(*) FROM points_memberstar s JOIN org_person p ON p.id = s.person_id
    JOIN org_partyorg b ON b.id = p.branch_id
    WHERE b.path LIKE %s AND s.year = %s AND s.current GROUP BY s.stars"""


def measure(label: str, code: str, rounds: int) -> list:
    from dangjian.org.models import PartyOrg
    from dangjian.points import selectors

    period = selectors.parse_period(str(YEAR), dt.date(YEAR, 12, 31))
    org = PartyOrg.objects.get(code=code)
    path = org.path

    # Both sides are given the org (the page has it already); the app side is the selector as the page calls it.
    def board_rows(standings) -> list[tuple]:
        return [(s.rank, s.person_id, s.name, s.employee_no, s.branch, s.total) for s in standings]

    return [
        harness.compare(
            f"points leaderboard, {label}",
            lambda: selectors.leaderboard(org=org, period=period),
            lambda: execute(RAW_LEADERBOARD, [path + "%", period.start, period.end]),
            normalize_app=board_rows,
            normalize_base=lambda found: [tuple(r) for r in found],
            rounds=rounds,
        ),
        harness.compare(
            f"star distribution, {label}",
            lambda: selectors.star_distribution(org=org, year=YEAR),
            lambda: execute(RAW_STARS, [path + "%", YEAR]),
            normalize_app=lambda counts: sorted(counts.items()),
            normalize_base=lambda found: sorted({**dict.fromkeys(range(1, 6), 0), **dict(found)}.items()),
            rounds=rounds,
        ),
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=80_000)
    parser.add_argument("--entries", type=int, default=2_000_000)
    parser.add_argument("--rounds", type=int, default=harness.ROUNDS)
    args = parser.parse_args(argv)
    harness.setup("points")
    seed(args.members, args.entries)
    comparisons = measure("whole group", "BPT", args.rounds) + measure("one branch", "BPT-17", args.rounds)
    harness.print_comparisons("Points: leaderboard and stars for a year", comparisons)
    return 0


if __name__ == "__main__":
    sys.exit(main())
