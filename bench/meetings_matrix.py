"""Benchmark: the meeting compliance matrix (orgs × months) for a large company on PostgreSQL.

Seeds (once; the data stays) a company committee `BMT` with N branches (default 300), each with 8 full members, a
secretary's seat and 4 party groups (1,500 orgs), and a year (2025) of meetings for every rule with about one monthly
meeting in twenty skipped — about 25,000 meetings, bulk-inserted (bench data, not audited). Then it compares, in
interleaved rounds (bench/harness.py), the matrix as the page builds it (`meetings.compliance.matrix` over every org,
loading the orgs included) with ONE SQL statement computing the same rows: for each org a rule applies to (its kind;
for 支委会 at least 7 full members and a filled committee seat), every period of every rule in the year with its state
(not due when the org existed for less than half of it, counted from the later of founding and go-live; open, met,
late or missing), and per org the 12 monthly cells (green / amber / red / open / none), the rate held ÷ expected and
the number of missing periods. The baseline is given the company's rules (as the app reads them) and the scope path.
A ratio is printed only when every row agrees.

Usage: `.venv/bin/python bench/meetings_matrix.py [--branches 300 --rounds 11]` (database bench_meetings, or
BENCH_MEETINGS_URL).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from decimal import Decimal

import harness

PREFIX = "BMT"
YEAR = 2025
TODAY = dt.date(2026, 1, 10)


def seed(branches: int) -> bool:
    """Create the bench company unless it is there at this scale. Returns True if seeded."""
    from django.db import transaction

    from dangjian.meetings import periods
    from dangjian.meetings.models import Meeting
    from dangjian.meetings.rules import DEFAULTS
    from dangjian.org.models import CommitteeSeat, PartyOrg, Person

    marker = f"bench {branches} branches"
    root = PartyOrg.objects.filter(code=PREFIX).first()
    if root and root.name == marker:
        return False
    rng = random.Random(5)
    with transaction.atomic():
        if root:
            orgs = PartyOrg.objects.filter(path__startswith=root.path)
            Meeting.objects.filter(org__in=orgs).delete()
            CommitteeSeat.objects.filter(org__in=orgs).delete()
            Person.objects.filter(branch__in=orgs).delete()
            orgs.filter(kind="group").delete()
            orgs.exclude(pk=root.pk).delete()
            root.delete()
        root = PartyOrg(code=PREFIX, name=marker, kind="committee", founded_on=dt.date(2010, 1, 1))
        root.save()
        people, seats, meetings, all_orgs = [], [], [], []
        for b in range(branches):
            branch = PartyOrg(code=f"{PREFIX}-B{b}", name=f"第{b}党支部", kind="branch", parent=root,
                              founded_on=dt.date(2015, 1, 1))  # fmt: skip
            branch.save()
            all_orgs.append(branch)
            for g in range(4):
                group = PartyOrg(code=f"{PREFIX}-B{b}-G{g}", name=f"第{b}支部{g}组", kind="group", parent=branch,
                                 founded_on=dt.date(2015, 1, 1))  # fmt: skip
                group.save()
                all_orgs.append(group)
            for m in range(8):
                people.append(
                    Person(
                        employee_no=f"{PREFIX}{b:04d}{m}",
                        name=f"党员{b}-{m}",
                        gender="male",
                        branch=branch,
                        party_status="member",
                        applied_on=dt.date(2010, 1, 1),
                        activist_on=dt.date(2010, 6, 1),
                        candidate_on=dt.date(2011, 6, 1),
                        probationary_on=dt.date(2012, 1, 1),
                        full_member_on=dt.date(2013, 1, 1),
                    )  # fmt: skip
                )
        Person.objects.bulk_create(people, batch_size=2000)
        by_branch = {}
        for person in Person.objects.filter(employee_no__startswith=PREFIX).order_by("employee_no"):
            by_branch.setdefault(person.branch_id, person)
        seats = [CommitteeSeat(org_id=pk, person=p, role="secretary") for pk, p in by_branch.items()]
        CommitteeSeat.objects.bulk_create(seats)
        for org in all_orgs:
            kinds = [d for d in DEFAULTS if org.kind in d[2]]
            for meeting_type, period, _kinds, _minimum in kinds:
                for span in periods.of_year(period, YEAR):
                    if period == "month" and rng.random() < 0.05:
                        continue
                    day = span.end - dt.timedelta(days=3)
                    meetings.append(Meeting(org=org, meeting_type=meeting_type, held_on=day, counts_for=day,
                                            topic="学习"))  # fmt: skip
        Meeting.objects.bulk_create(meetings, batch_size=5000)
    print(f"Seeded {len(all_orgs) + 1} orgs, {len(people)} members and {len(meetings)} meetings.")
    return True


RAW = """
WITH rules(meeting_type, period, kinds, minimum, times) AS (
  SELECT * FROM unnest(%(types)s::text[], %(periods)s::text[], %(kinds)s::text[], %(minimums)s::int[], %(times)s::int[])
), steps(period, step) AS (
  VALUES ('month', interval '1 month'), ('quarter', interval '3 months'), ('year', interval '1 year')
), orgs AS (
  SELECT o.id, o.kind, o.path, o.dissolved_on, GREATEST(o.founded_on, c.go_live) AS since
  FROM org_partyorg o JOIN org_partyorg c ON c.id = %(company)s
  WHERE o.path LIKE %(scope)s
), full_members AS (
  SELECT org_id, count(*) AS n FROM (
    SELECT branch_id AS org_id FROM org_person WHERE active AND party_status = 'member'
    UNION ALL SELECT group_id FROM org_person WHERE active AND party_status = 'member' AND group_id IS NOT NULL
  ) m GROUP BY org_id
), applicable AS (
  SELECT o.*, r.meeting_type, r.period, r.times FROM orgs o
  JOIN rules r ON o.kind = ANY(string_to_array(r.kinds, ','))
  LEFT JOIN full_members f ON f.org_id = o.id
  WHERE r.minimum = 0 OR (COALESCE(f.n, 0) >= r.minimum AND EXISTS (
    SELECT 1 FROM org_committeeseat s WHERE s.org_id = o.id AND (s.until IS NULL OR s.until >= CURRENT_DATE)))
), spans AS (
  SELECT s.period, d::date AS first, (d + s.step)::date - 1 AS last
  FROM steps s CROSS JOIN LATERAL generate_series(%(year_start)s::timestamp, %(year_end)s::timestamp, s.step) d
), held AS (  -- each meeting counted in the period of its rule that its counts-for day falls in
  SELECT m.org_id, m.meeting_type, date_trunc(r.period, m.counts_for)::date AS first, count(*) AS n,
         count(*) FILTER (WHERE m.held_on <= (date_trunc(r.period, m.counts_for) + s.step)::date - 1) AS on_time
  FROM meetings_meeting m JOIN orgs o ON o.id = m.org_id
  JOIN rules r ON r.meeting_type = m.meeting_type JOIN steps s ON s.period = r.period
  WHERE m.counts_for BETWEEN %(year_start)s::date AND %(year_end)s::date
  GROUP BY 1, 2, 3
), states AS (
  SELECT a.id, a.path, a.times, extract(month FROM sp.last)::int AS month, COALESCE(h.n, 0) AS held,
         CASE WHEN NOT (LEAST(sp.last, a.dissolved_on) >= GREATEST(sp.first, a.since)
                        AND 2 * (LEAST(sp.last, a.dissolved_on) - GREATEST(sp.first, a.since) + 1)
                            >= sp.last - sp.first + 1) THEN 'not_due'
              WHEN sp.last >= %(today)s THEN 'open'
              WHEN COALESCE(h.on_time, 0) >= a.times THEN 'met'
              WHEN COALESCE(h.n, 0) >= a.times THEN 'late'
              ELSE 'missing' END AS state
  FROM applicable a JOIN spans sp ON sp.period = a.period
  LEFT JOIN held h ON h.org_id = a.id AND h.meeting_type = a.meeting_type AND h.first = sp.first
), cells AS (
  SELECT id, month,
         CASE WHEN bool_or(state = 'open') THEN 'open'
              WHEN bool_and(state = 'missing') THEN 'red'
              WHEN bool_or(state IN ('missing', 'late')) THEN 'amber'
              ELSE 'green' END AS cell
  FROM states WHERE state <> 'not_due' GROUP BY id, month
), totals AS (
  SELECT id, path,
         SUM(LEAST(held, times)) FILTER (WHERE state IN ('met', 'late', 'missing')) AS held,
         SUM(times) FILTER (WHERE state IN ('met', 'late', 'missing')) AS expected,
         count(*) FILTER (WHERE state = 'missing') AS missing
  FROM states GROUP BY id, path
)
SELECT t.id, array_agg(COALESCE(c.cell, 'none') ORDER BY g.month) AS cells,
       CASE WHEN t.expected > 0 THEN ROUND(t.held::numeric / t.expected, 4) END AS rate,
       t.missing
FROM totals t CROSS JOIN generate_series(1, 12) g(month)
LEFT JOIN cells c ON c.id = t.id AND c.month = g.month
GROUP BY t.id, t.path, t.held, t.expected, t.missing
ORDER BY t.path
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--branches", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=harness.ROUNDS)
    args = parser.parse_args(argv)
    harness.setup("meetings")

    from dangjian.accounts.models import User
    from dangjian.meetings import compliance, selectors
    from dangjian.meetings.rules import company_id, rules_for
    from dangjian.org.models import PartyOrg

    started = time.monotonic()
    if seed(args.branches):
        print(f"Seeding took {time.monotonic() - started:.0f} s.")
        harness.analyze()
    root = PartyOrg.objects.get(code=PREFIX)
    rules = rules_for({company_id(root)})[company_id(root)]
    params = {
        "types": [r.meeting_type for r in rules],
        "periods": [r.period for r in rules],
        "kinds": [",".join(r.org_kinds) for r in rules],
        "minimums": [r.min_full_members for r in rules],
        "times": [r.times for r in rules],
        "company": company_id(root),
        "scope": root.path + "%",
        "year_start": dt.datetime(YEAR, 1, 1),
        "year_end": dt.datetime(YEAR, 12, 31),
        "today": TODAY,
    }

    office = harness.bench_user("bench_meetings_office", "party_office", root)

    def app():
        user = User.objects.get(pk=office.pk)  # each request loads the user and its assignments
        return compliance.matrix(selectors.matrix_orgs(user=user), YEAR, TODAY)

    def app_rows(rows) -> list[tuple]:
        return [(r["org"].pk, tuple(r["cells"]), r["rate"], r["missing"]) for r in rows]

    def base_rows(found) -> list[tuple]:
        return [
            (pk, tuple(cells), None if rate is None else Decimal(rate), missing) for pk, cells, rate, missing in found
        ]

    comparison = harness.compare(
        f"meeting compliance matrix, {PartyOrg.objects.filter(path__startswith=root.path).count()} orgs",
        app,
        lambda: harness.raw(RAW, params),
        normalize_app=app_rows,
        normalize_base=base_rows,
        rounds=args.rounds,
    )
    print("app = meetings.compliance.matrix incl. the user, scope and orgs; baseline = one SQL statement giving")
    print("the same rows: org, 12 monthly cells, rate held ÷ expected, missing periods")
    harness.print_comparisons(f"Compliance matrix {YEAR}", [comparison])
    return 0


if __name__ == "__main__":
    sys.exit(main())
