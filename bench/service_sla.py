"""Benchmark: employees' requests at group scale on PostgreSQL — 200 branches under 10 committees, 200,000 requests.

Seeds (once; the data stays) a tree of orgs with codes `BSV-…`, one person per branch, and requests spread over two
years with every state, rating and deadline (bulk inserts: bench data, not business writes). Then compares, in
interleaved rounds (bench/harness.py), the app with hand-written SQL giving the same answer (the same Decimal, rounded
half up the same way; the same ids in the same order); a ratio is printed only when they agree:
- `selectors.sla_rate` and `selectors.satisfaction` (the assessment contract) for the whole group and one branch;
- the handler queue page's query for 党群工作部 at the root (count + first 50, soonest due first), with the user;
- the home section's breach count for 党群工作部, with the user.

Usage: `.venv/bin/python bench/service_sla.py [--requests 200000 --rounds 11]` (database bench_service, or
BENCH_SERVICE_URL).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from decimal import Decimal

import harness
from harness import analyze, bench_user, raw

PREFIX = "BSV"
START = dt.date(2025, 1, 1)


def seed(n_requests: int) -> bool:
    """Create the bench's orgs, people and requests unless they are there at this scale. Returns True if seeded."""
    from django.db import transaction

    from dangjian.org.models import PartyOrg, Person
    from dangjian.service.models import ServiceRequest

    root = PartyOrg.objects.filter(code=PREFIX).first()
    if root and ServiceRequest.objects.filter(handling_org__path__startswith=root.path).count() == n_requests:
        return False
    rng = random.Random(11)
    with transaction.atomic():
        if root is None:
            root = PartyOrg.objects.create(code=PREFIX, name="基准集团党委", kind="committee")
            for c in range(10):
                committee = PartyOrg.objects.create(
                    code=f"{PREFIX}-C{c}", name=f"基准党委{c}", kind="committee", parent=root
                )
                for b in range(20):
                    PartyOrg.objects.create(
                        code=f"{PREFIX}-C{c}-B{b}", name=f"基准党支部{c}-{b}", kind="branch", parent=committee
                    )
        branches = list(PartyOrg.objects.filter(code__startswith=f"{PREFIX}-C", kind="branch"))
        have = set(Person.objects.filter(branch__in=branches).values_list("branch_id", flat=True))
        Person.objects.bulk_create(
            [
                Person(employee_no=f"{PREFIX}{b.pk:06d}", name=f"职工{b.pk}", gender="male", branch=b)
                for b in branches
                if b.pk not in have
            ]
        )
        people = {p.branch_id: p for p in Person.objects.filter(branch__in=branches)}
        ServiceRequest.objects.filter(handling_org__path__startswith=root.path).delete()
        rows = []
        states = ["closed"] * 6 + ["feedback", "resolved", "coordinating", "accepted", "submitted"]
        for n in range(n_requests):
            branch = rng.choice(branches)
            submitted = START + dt.timedelta(days=rng.randrange(700))
            state = rng.choice(states)
            resolve_due = submitted + dt.timedelta(days=rng.randrange(5, 25))
            answered = state in ("resolved", "feedback", "closed")
            rated = state in ("feedback", "closed")
            resolved_on = resolve_due + dt.timedelta(days=rng.randrange(-10, 4)) if answered else None
            rows.append(
                ServiceRequest(
                    category=rng.choice(["production", "safety", "environment", "welfare", "career", "other"]),
                    title=f"诉求{n}",
                    description="bench",
                    submitter=people[branch.pk],
                    handling_org=branch,
                    handler=people[branch.pk] if state != "submitted" else None,
                    state=state,
                    submitted_on=submitted,
                    accept_due=submitted + dt.timedelta(days=3),
                    resolve_due=resolve_due,
                    accepted_on=submitted + dt.timedelta(days=1) if state != "submitted" else None,
                    resolved_on=max(resolved_on, submitted) if resolved_on else None,
                    rating=rng.randint(1, 5) if rated else None,
                    rated_on=resolved_on + dt.timedelta(days=2) if rated else None,
                    anonymous=n % 5 == 0,
                    public=n % 2 == 0,
                )
            )
            if len(rows) == 5000:
                ServiceRequest.objects.bulk_create(rows)
                rows = []
        ServiceRequest.objects.bulk_create(rows)
    return True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=harness.ROUNDS)
    args = parser.parse_args(argv)
    import time

    harness.setup("service")
    from dangjian.accounts.models import User
    from dangjian.org.models import PartyOrg
    from dangjian.service import selectors

    started = time.monotonic()
    if seed(args.requests):
        print(f"Seeded {args.requests} requests in {time.monotonic() - started:.1f} s.")
        analyze()
    root = PartyOrg.objects.get(code=PREFIX)
    branch = PartyOrg.objects.get(code=f"{PREFIX}-C3-B7")
    start, end, today = dt.date(2025, 7, 1), dt.date(2026, 6, 30), dt.date(2026, 12, 1)
    office = bench_user("bench_service_office", "party_office", root)

    def raw_sla(org):
        return raw(
            "SELECT CASE WHEN COUNT(*) > 0 THEN ROUND(COUNT(*) FILTER (WHERE r.resolved_on <= r.resolve_due)::numeric "
            "/ COUNT(*), 4) END FROM service_servicerequest r JOIN org_partyorg o ON o.id = r.handling_org_id "
            "WHERE o.path LIKE %s AND r.resolve_due BETWEEN %s AND %s "
            "AND (r.resolved_on IS NOT NULL OR r.resolve_due < %s)",
            [org.path + "%", start, end, today],
        )[0][0]

    def raw_mean(org):
        return raw(
            "SELECT ROUND(AVG(r.rating)::numeric, 2) FROM service_servicerequest r "
            "JOIN org_partyorg o ON o.id = r.handling_org_id "
            "WHERE o.path LIKE %s AND r.rated_on BETWEEN %s AND %s AND r.rating IS NOT NULL",
            [org.path + "%", start, end],
        )[0][0]

    def app_queue():
        user = User.objects.get(pk=office.pk)  # what each request pays: the user and their assignments
        rows = selectors.queue(user=user)
        return rows.count(), [r.pk for r in rows[:50]]

    def raw_queue():
        count = raw(
            "SELECT COUNT(*) FROM service_servicerequest r JOIN org_partyorg o ON o.id = r.handling_org_id "
            "WHERE o.path LIKE %s AND r.state IN ('submitted', 'accepted', 'coordinating')",
            [root.path + "%"],
        )[0][0]
        ids = raw(
            "SELECT r.id FROM service_servicerequest r JOIN org_partyorg o ON o.id = r.handling_org_id "
            "WHERE o.path LIKE %s AND r.state IN ('submitted', 'accepted', 'coordinating') "
            "ORDER BY r.resolve_due, r.id LIMIT 50",
            [root.path + "%"],
        )
        return count, [i for (i,) in ids]

    def app_breaches():
        _found, count = selectors.breaches(user=User.objects.get(pk=office.pk), today=today, limit=6)
        return count

    def raw_breaches():
        return raw(
            "SELECT COUNT(*) FROM service_servicerequest r JOIN org_partyorg o ON o.id = r.handling_org_id "
            "WHERE o.path LIKE %s AND ((r.state = 'submitted' AND r.accept_due < %s) OR "
            "(r.state IN ('submitted', 'accepted', 'coordinating') AND r.resolve_due < %s))",
            [root.path + "%", today, today],
        )[0][0]

    def one(value) -> list:
        return [Decimal(value) if isinstance(value, Decimal | int) and not isinstance(value, bool) else value]

    def sla(org):
        return lambda: selectors.sla_rate(org=org, start=start, end=end, today=today)

    def mean(org):
        return lambda: selectors.satisfaction(org=org, start=start, end=end)

    cases = [
        ("SLA rate, group", sla(root), lambda: raw_sla(root)),
        ("SLA rate, one branch", sla(branch), lambda: raw_sla(branch)),
        ("satisfaction, group", mean(root), lambda: raw_mean(root)),
        ("satisfaction, one branch", mean(branch), lambda: raw_mean(branch)),
        ("service queue page query, office", app_queue, raw_queue),
        ("home breach count, office", app_breaches, raw_breaches),
    ]
    comparisons = [
        harness.compare(name, app, base, normalize_app=one, normalize_base=one, rounds=args.rounds)
        for name, app, base in cases
    ]
    harness.print_comparisons("Employees' requests", comparisons)
    return 0


if __name__ == "__main__":
    sys.exit(main())
