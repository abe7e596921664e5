"""Benchmarks on PostgreSQL at demo scale (旗能电铝, ~1,000 people) and group scale (~6,000 orgs, 200,000 people).

For each scale it times, as the pages run them:
- the people list: `org.selectors.people_list` paginated like the page (count + first 50 rows), for the party office
  at the root and for a secretary of a mid-level org, including the role-assignment lookup each request makes;
- the subtree counts: `org.selectors.people_counts` (people per party status under the user's org);
and the same answers from hand-written SQL, then prints milliseconds (median of several runs) and the ORM/raw ratio.
It also prints how long seeding took. Nothing is asserted: the numbers are for reading.

Usage: `make bench` (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/dangjian_bench; the database is
created if missing, and the data stays there so a second run skips seeding).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
# DEBUG off: Django would otherwise keep every query in memory, which skews the timings and the seeding.
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("DJANGO_MANIFEST_STATIC", "false")

RUNS, WARMUP = 15, 3


def ensure_database(url: str) -> None:
    """Create the benchmark database if it does not exist (connecting to the server's `postgres` database)."""
    import psycopg
    from psycopg import sql

    params = psycopg.conninfo.conninfo_to_dict(url)
    name = params.get("dbname")
    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}.")


def timed(fn, runs: int = RUNS) -> tuple[float, object]:
    """Median milliseconds over `runs` calls after a warm-up, and the last result."""
    result = None
    for _ in range(WARMUP):
        result = fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), result


def bench_user(username: str, role: str, org):
    """An account holding `role` over `org`, made through the services the first time."""
    from dangjian.accounts.models import User
    from dangjian.accounts.services import account_create, role_assign
    from dangjian.core.services import SYSTEM

    user = User.objects.filter(username=username).first()
    if user is None:
        user = account_create(actor=SYSTEM, username=username, password="Bench-only-2026!")
        role_assign(actor=SYSTEM, user=user, role=role, org=org)
    return user


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


def raw(query: str, params) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def measure(scale: str, who: str, user, org) -> list[tuple]:
    """Time the people page and the subtree counts for `user` (whose scope is `org`'s subtree), ORM vs raw SQL."""
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

    rows = []
    for query, orm_fn, raw_fn in (
        ("people list, page 1", orm_page, raw_page),
        ("counts per status", orm_counts, raw_counts),
    ):
        orm_ms, orm_result = timed(orm_fn)
        raw_ms, raw_result = timed(raw_fn)
        same = "" if orm_result == raw_result else "  (answers differ!)"
        size = orm_result[0] if isinstance(orm_result, tuple) else sum(orm_result.values())
        rows.append((scale, query, who, size, orm_ms, raw_ms, same))
    return rows


def print_rows(rows: list[tuple]) -> None:
    print(f"{'scale':<7}{'query':<22}{'scope':<34}{'people':>8}{'ORM ms':>9}{'raw ms':>9}{'ORM/raw':>9}")
    for scale, query, who, size, orm_ms, raw_ms, same in rows:
        print(f"{scale:<7}{query:<22}{who:<34}{size:>8}{orm_ms:>9.2f}{raw_ms:>9.2f}{orm_ms / raw_ms:>8.1f}x{same}")


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orgs", type=int, default=6000)
    parser.add_argument("--people", type=int, default=200_000)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("make bench needs PostgreSQL: set BENCH_DATABASE_URL (or DATABASE_URL) to a postgres:// URL.")
        return 2
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    from dangjian.demo.data.qineng import ROOT_CODE
    from dangjian.org.models import PartyOrg, Person

    print(f"Database: {url.rsplit('@', 1)[-1]}")
    call_command("migrate", verbosity=0)
    started = time.monotonic()
    demo_new = not PartyOrg.objects.filter(code=ROOT_CODE).exists()
    call_command("seed_demo", quiet=True)
    if demo_new:
        print(f"Seeded the demo company in {time.monotonic() - started:.1f} s.")

    group_new = not PartyOrg.objects.filter(code="GRP").exists()
    analyze()
    demo_root = PartyOrg.objects.get(code=ROOT_CODE)
    demo_mid = PartyOrg.objects.get(code="QNDL-LY")
    rows = measure(
        "demo", "party office @ company", bench_user("bench_demo_office", "party_office", demo_root), demo_root
    )
    rows += measure("demo", "secretary @ QNDL-LY", bench_user("bench_demo_sec", "secretary", demo_mid), demo_mid)

    started = time.monotonic()
    call_command("seed_scale", orgs=args.orgs, people=args.people, root="GRP")
    if group_new:
        print(f"Seeded group scale in {time.monotonic() - started:.1f} s (bulk inserts, history and audit rows).")
    else:
        print("Group scale was already seeded (drop the database to time seeding again).")
    analyze()
    group_root = PartyOrg.objects.get(code="GRP")
    # A mid-level org: one company's committee under the group (~1/40 of the people).
    group_mid = PartyOrg.objects.filter(parent=group_root).order_by("code")[1]
    rows += measure(
        "group", "party office @ group", bench_user("bench_grp_office", "party_office", group_root), group_root
    )
    rows += measure(
        "group", f"secretary @ {group_mid.code}", bench_user("bench_grp_sec", "secretary", group_mid), group_mid
    )

    print(f"\n{Person.objects.count()} people, {PartyOrg.objects.count()} orgs in the database; median of {RUNS} runs.")
    print("ORM = the page's selector incl. loading the user and role assignments; raw = SQL given the scope path.\n")
    print_rows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
