"""Benchmark: the meeting compliance matrix (orgs × months) for a large company on PostgreSQL.

Seeds (once; the data stays) a company committee `BMT` with N branches (default 300), each with 8 full members, a
secretary's seat and 4 party groups (1,500 orgs), and a year (2025) of meetings for every rule with about one monthly
meeting in twenty skipped — about 25,000 meetings, bulk-inserted (bench data, not audited). Then it times the matrix as
the page builds it (`meetings.compliance.matrix` over every org, including loading the orgs) against a baseline in the
same run: hand-written SQL returning the held meetings per org, type and month (the rows any report would have to
read), and prints milliseconds (median), the app/baseline ratio and the number of queries the app ran.
Nothing is asserted.

Usage: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_meetings .venv/bin/python bench/meetings_matrix.py
[--branches 300 --runs 5]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time

from run import ensure_database, timed

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--branches", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("The meetings bench needs PostgreSQL: set DATABASE_URL to a postgres:// URL.")
        return 2
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangjian.meetings import compliance
    from dangjian.org.models import PartyOrg

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    if seed(args.branches):
        print(f"Seeding took {time.monotonic() - started:.0f} s.")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    root = PartyOrg.objects.get(code=PREFIX)

    def app():
        orgs = list(PartyOrg.objects.filter(path__startswith=root.path).order_by("path"))
        return compliance.matrix(orgs, YEAR, TODAY)

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT m.org_id, m.meeting_type, date_trunc('month', m.counts_for), count(*) "
                "FROM meetings_meeting m JOIN org_partyorg o ON o.id = m.org_id "
                "WHERE o.path LIKE %s AND m.counts_for BETWEEN %s AND %s GROUP BY 1, 2, 3",
                [root.path + "%", dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)],
            )
            return cursor.fetchall()

    app_ms, rows = timed(app, args.runs)
    raw_ms, counts = timed(baseline, args.runs)
    with CaptureQueriesContext(connection) as queries:
        app()
    red = sum(1 for r in rows for c in r["cells"] if c == "red")
    print(f"\nCompliance matrix {YEAR}: {len(rows)} orgs × 12 months ({red} red cells), median of {args.runs} runs.")
    print(f"{'':<36}{'ms':>10}")
    print(f"{'app (compliance.matrix, incl. orgs)':<36}{app_ms:>10.1f}   {len(queries)} queries")
    print(f"{'baseline (SQL: held per org/type/month)':<36}{raw_ms:>10.1f}   {len(counts)} rows")
    print(f"{'app/baseline':<36}{app_ms / raw_ms:>9.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
