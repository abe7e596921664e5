"""Benchmark: employees' requests at group scale on PostgreSQL — 200 branches under 10 committees, 200,000 requests.

Seeds (once; the data stays) a tree of orgs with codes `BSV-…`, one person per branch, and requests spread over two
years with every state, rating and deadline (bulk inserts: bench data, not business writes). Then times, as the app
runs them, against hand-written SQL giving the same answer, and prints milliseconds (median), the app/raw ratio and
whether the answers agree. Nothing is asserted.
- `selectors.sla_rate` and `selectors.satisfaction` (the assessment contract) for the whole group and one branch;
- the handler queue page's query for 党群工作部 at the root (count + first 50, soonest due first);
- the home section's breaches for 党群工作部 (first 6 + count).

Usage: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_service .venv/bin/python bench/service_sla.py
[--requests 200000 --runs 9]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys

from run import analyze, bench_user, ensure_database, raw, timed

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("bench/service_sla.py needs PostgreSQL: set DATABASE_URL to a postgres:// URL.")
        return 2
    ensure_database(url)
    import time

    import django

    django.setup()
    from django.core.management import call_command

    from dangjian.org.models import PartyOrg
    from dangjian.service import selectors

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    if seed(args.requests):
        print(f"Seeded {args.requests} requests in {time.monotonic() - started:.1f} s.")
    analyze()
    root = PartyOrg.objects.get(code=PREFIX)
    branch = PartyOrg.objects.get(code=f"{PREFIX}-C3-B7")
    start, end, today = dt.date(2025, 7, 1), dt.date(2026, 6, 30), dt.date(2026, 12, 1)
    office = bench_user("bench_service_office", "party_office", root)

    def raw_sla(org):
        met, total = raw(
            "SELECT COUNT(*) FILTER (WHERE r.resolved_on <= r.resolve_due), COUNT(*) FROM service_servicerequest r "
            "JOIN org_partyorg o ON o.id = r.handling_org_id WHERE o.path LIKE %s AND r.resolve_due BETWEEN %s AND %s "
            "AND (r.resolved_on IS NOT NULL OR r.resolve_due < %s)",
            [org.path + "%", start, end, today],
        )[0]
        return round(met / total, 4) if total else None

    def raw_mean(org):
        (mean,) = raw(
            "SELECT AVG(r.rating) FROM service_servicerequest r JOIN org_partyorg o ON o.id = r.handling_org_id "
            "WHERE o.path LIKE %s AND r.rated_on BETWEEN %s AND %s AND r.rating IS NOT NULL",
            [org.path + "%", start, end],
        )[0]
        return round(float(mean), 2) if mean is not None else None

    def app_queue():
        from dangjian.accounts.models import User

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
        from dangjian.accounts.models import User

        found, count = selectors.breaches(user=User.objects.get(pk=office.pk), today=today, limit=6)
        return count

    def raw_breaches():
        return raw(
            "SELECT COUNT(*) FROM service_servicerequest r JOIN org_partyorg o ON o.id = r.handling_org_id "
            "WHERE o.path LIKE %s AND ((r.state = 'submitted' AND r.accept_due < %s) OR "
            "(r.state IN ('submitted', 'accepted', 'coordinating') AND r.resolve_due < %s))",
            [root.path + "%", today, today],
        )[0][0]

    def app_sla(org):
        return lambda: selectors.sla_rate(org=org, start=start, end=end, today=today)

    def app_mean(org):
        return lambda: selectors.satisfaction(org=org, start=start, end=end)

    cases = [
        ("sla_rate, group", app_sla(root), lambda: raw_sla(root)),
        ("sla_rate, branch", app_sla(branch), lambda: raw_sla(branch)),
        ("satisfaction, group", app_mean(root), lambda: raw_mean(root)),
        ("satisfaction, branch", app_mean(branch), lambda: raw_mean(branch)),
        ("queue page, office", app_queue, raw_queue),
        ("home breaches, office", app_breaches, raw_breaches),
    ]
    print(f"{'case':<24} {'app ms':>8} {'raw ms':>8} {'app/raw':>8}  same answer")
    for name, app, baseline in cases:
        app_ms, app_value = timed(app, args.runs)
        raw_ms, raw_value = timed(baseline, args.runs)
        same = (float(app_value) if app_value is not None and not isinstance(app_value, tuple) else app_value) == (
            raw_value
        )
        print(f"{name:<24} {app_ms:>8.1f} {raw_ms:>8.1f} {app_ms / raw_ms:>7.2f}×  {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
