"""People at demo scale (旗能电铝, ~1,000 people) and group scale (~6,000 orgs, 200,000 people) on PostgreSQL.

For each scale, as the party office at the root and as a secretary of a mid-level org, it compares in interleaved
rounds (bench/harness.py), with hand-written SQL giving the same answer:
- the people list: `org.selectors.people_list` paginated like the page (count + first 50 ids in the page's order),
  including the role-assignment lookup each request makes;
- the subtree counts: `org.selectors.people_counts` (people per party status under the user's org).
It also prints how long seeding took (the data stays in the bench's database, bench_people or BENCH_PEOPLE_URL).

Usage: `.venv/bin/python bench/run.py [--people 200000 --orgs 6000 --rounds 11]`; `make bench-all` runs every bench.
"""

from __future__ import annotations

import argparse
import sys
import time

import harness
from harness import analyze, bench_user, raw

RAW_FROM = """FROM org_person p JOIN org_partyorg b ON b.id = p.branch_id
              WHERE b.path LIKE %s AND p.active"""
RAW_PAGE = """SELECT p.*, b.*, g.*, u.* FROM org_person p
              JOIN org_partyorg b ON b.id = p.branch_id
              LEFT JOIN org_partyorg g ON g.id = p.group_id
              LEFT JOIN org_unit u ON u.id = p.unit_id
              WHERE b.path LIKE %s AND p.active ORDER BY {order} LIMIT {limit}"""
RAW_COUNTS = f"""SELECT p.party_status, COUNT(*) {RAW_FROM} GROUP BY p.party_status"""
# The selector's ordering, as columns of the raw query (so both give the same first page).
RAW_ORDER = {"employee_no": "p.employee_no", "name": "p.name", "branch__path": "b.path", "unit__path": "u.path"}


def raw_order(queryset) -> str:
    columns = []
    for name in queryset.query.order_by:
        descending = isinstance(name, str) and name.startswith("-")
        column = RAW_ORDER.get(name.lstrip("-")) if isinstance(name, str) else None
        if column is None:
            raise SystemExit(f"bench/run.py: teach RAW_ORDER the people list's ordering {name!r}")
        columns.append(column + (" DESC" if descending else ""))
    return ", ".join(columns) or "p.employee_no"


def measure(scale: str, who: str, user, org, rounds: int) -> list:
    """Compare the people page and the subtree counts for `user` (whose scope is `org`'s subtree) with raw SQL."""
    from django.conf import settings
    from django.core.paginator import Paginator

    from dangjian.accounts.models import User
    from dangjian.org.selectors import PeopleFilters, people_counts, people_list

    def orm_page():
        fresh = User.objects.get(pk=user.pk)  # each request loads its user and role assignments afresh
        page = Paginator(people_list(user=fresh, filters=PeopleFilters()), settings.PAGE_SIZE).get_page(1)
        return page.paginator.count, [p.pk for p in page.object_list]

    page_sql = RAW_PAGE.format(order=raw_order(people_list(user=user)), limit=settings.PAGE_SIZE)

    def raw_page():
        like = org.path + "%"
        total = raw(f"SELECT COUNT(*) {RAW_FROM}", [like])[0][0]
        return total, [row[0] for row in raw(page_sql, [like])]

    def orm_counts():
        counts = people_counts(user=User.objects.get(pk=user.pk))
        return {k: v for k, v in counts.items() if k != "total" and v}

    def raw_counts():
        return dict(raw(RAW_COUNTS, [org.path + "%"]))

    def page_rows(answer) -> list:
        return [answer[0], *answer[1]]

    def count_rows(answer) -> list:
        return sorted(answer.items())

    return [
        # No goal of its own in issue 17 (the people page's goal is its throughput, bench/load.py): printed only.
        harness.compare(f"people list page 1, {scale}, {who}", orm_page, raw_page, goal=None,
                        normalize_app=page_rows, normalize_base=page_rows, rounds=rounds),
        harness.compare(f"people per status, {scale}, {who}", orm_counts, raw_counts, goal=None,
                        normalize_app=count_rows, normalize_base=count_rows, rounds=rounds),
    ]  # fmt: skip


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orgs", type=int, default=6000)
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=harness.ROUNDS)
    args = parser.parse_args(argv)
    harness.setup("people")
    from django.core.management import call_command

    from dangjian.demo.data.qineng import ROOT_CODE
    from dangjian.org.models import PartyOrg, Person

    started = time.monotonic()
    demo_new = not PartyOrg.objects.filter(code=ROOT_CODE).exists()
    call_command("seed_demo", quiet=True, stage="first")
    if demo_new:
        print(f"Seeded the demo company's people in {time.monotonic() - started:.1f} s.")
    started = time.monotonic()
    group_new = not PartyOrg.objects.filter(code="GRP").exists()
    call_command("seed_scale", orgs=args.orgs, people=args.people, root="GRP")
    if group_new:
        print(f"Seeded group scale in {time.monotonic() - started:.1f} s (bulk inserts, history and audit rows).")
    analyze()
    demo_root = PartyOrg.objects.get(code=ROOT_CODE)
    demo_mid = PartyOrg.objects.get(code="QNDL-LY")
    group_root = PartyOrg.objects.get(code="GRP")
    # A mid-level org: one company's committee under the group (~1/40 of the people).
    group_mid = PartyOrg.objects.filter(parent=group_root).order_by("code")[1]
    comparisons = []
    for scale, who, role, org, username in (
        ("demo", "office", "party_office", demo_root, "bench_demo_office"),
        ("demo", "secretary", "secretary", demo_mid, "bench_demo_sec"),
        ("group", "office", "party_office", group_root, "bench_grp_office"),
        ("group", "secretary", "secretary", group_mid, "bench_grp_sec"),
    ):
        comparisons += measure(scale, who, bench_user(username, role, org), org, args.rounds)
    print(f"\n{Person.objects.count()} people, {PartyOrg.objects.count()} orgs in the database.")
    print("app = the page's selector incl. loading the user and role assignments; baseline = SQL given the scope path.")
    harness.print_comparisons("People list and counts", comparisons)
    return 0


if __name__ == "__main__":
    sys.exit(main())
