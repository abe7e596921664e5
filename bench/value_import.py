"""Benchmark: importing team daily records (班组核算数据) at group scale, CSV and .xlsx, against PostgreSQL COPY.

Seeds (once; idempotent) a party org and a company of 2,000 teams in 10 peer groups, five items with prices, and 30
days of earlier records (so the outlier check reads a real range). Then, per format, it runs rounds of:

- app: the WHOLE import job as a user runs it, tasks eager — `import_start` (the upload's format and row-count check,
  the file saved), the background check of every row (`run_check`), `import_confirm`, and the background commit
  (`run_commit`: count, re-check every row, write through `value.services.records_write_checked` in one
  transaction, audit);
- base: PostgreSQL COPY of exactly the same records and lines (same values, prices, amounts) into the same tables;

interleaved (app then base in one round, base then app in the next). Each round's written rows are read back and
compared with the baseline's (records: unit, date, shift, hours, values, source, outlier, revision, author; lines:
item, quantity, price, amount); a ratio is printed only when they agree: the median of the rounds' ratios
(COPY s / app s), with their min–max. Both are committed and then deleted (not timed). The machine may be shared:
read the ratios, not the seconds (both halves of a round run under the same load).

Usage (database bench_value_import, or BENCH_VALUE_IMPORT_URL): `.venv/bin/python bench/value_import.py
[--records 20000 --rounds 5 --formats csv,xlsx]` (20,000 records × 5 items = 100,000 rows). The database is created
if missing. IMPORT_MAX_ROWS is raised to the file's size for the run (the default allows 50,000 rows per file).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import statistics
import sys
import time
from decimal import ROUND_HALF_UP, Decimal

import harness
from harness import analyze, bench_user, ensure_database

PREFIX = "BVI"
UNITS = 2000
GROUPS = 10
HISTORY_DAYS = 30
FIRST_DAY = dt.date(2026, 11, 1)  # import days from here on (they must not lie in the future: records happened)
ITEMS = [
    ("BVI-AL", "output", "15000"),
    ("BVI-KWH", "input", "0.35"),
    ("BVI-AO", "input", "2800"),
    ("BVI-F", "input", "7000"),
    ("BVI-SP", "input", "1"),
]
HEADER = ["日期", "班组编码", "班次", "工时", "项目编码", "数量"]
GOAL = 0.25


def seed() -> bool:
    """The org, company, teams, groups, items, prices and history; False when they are there already."""
    from django.db import connection, transaction

    from dangjian.org.models import OrgUnitLink, PartyOrg, Unit
    from dangjian.value.models import GroupItem, Item, ItemPrice, PeerGroup

    marker = f"import bench {UNITS} units v3"
    if PartyOrg.objects.filter(code=PREFIX, name=marker).exists():
        return False
    with transaction.atomic(), connection.cursor() as cursor:
        if PartyOrg.objects.filter(code=PREFIX).exists():  # an earlier version of the seed: start again
            drop(cursor)
        root = PartyOrg(code=PREFIX, name=marker, kind="committee")
        root.save()
        PartyOrg.objects.filter(pk=root.pk).update(path=f"/{root.pk}/")
        root.refresh_from_db()
        company = Unit(code=f"{PREFIX}-CO", name="导入基准公司", kind=Unit.Kind.COMPANY)
        company.save()
        OrgUnitLink.objects.create(org=root, unit=company)  # the company boundary (org/tenancy.py)
        cursor.execute(
            "INSERT INTO org_unit (code, name, kind, active, sort_order, parent_id, path, depth) "
            "SELECT %s || '-T' || lpad(t::text, 4, '0'), '班组' || t, 'team', true, t, %s, '', 1 "
            "FROM generate_series(1, %s) t",
            [PREFIX, company.pk, UNITS],
        )
        cursor.execute(
            "UPDATE org_unit u SET path = p.path || u.id || '/' FROM org_unit p "
            "WHERE u.parent_id = p.id AND u.code LIKE %s",
            [f"{PREFIX}-T%"],
        )
        groups = [
            PeerGroup.objects.create(code=f"{PREFIX}-G{g:02d}", name=f"导入对标组{g}", org=root, sort_order=g)
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
        # History like the imported days (the same quantities), so no imported record is an outlier.
        cursor.execute(
            "INSERT INTO value_dailyrecord (unit_id, date, shift, hours, output_value, input_value, value, source, "
            "revision, updated_at, outlier) "
            "SELECT a.id, %s::date - d, 'A', 96, 150000 + v, 124617.85, 25382.15 + v, 'api', 1, now(), false "
            "FROM value_accountingunit a "
            "JOIN value_peergroup g ON g.id = a.group_id AND g.code LIKE %s "
            "CROSS JOIN generate_series(1, %s) d CROSS JOIN LATERAL (SELECT (d %% 7) * 5198.65 AS v) x",
            [FIRST_DAY, f"{PREFIX}-%", HISTORY_DAYS],
        )
    return True


def drop(cursor) -> None:
    """Delete everything the seed made."""
    like = [f"{PREFIX}-%"]
    groups = "SELECT id FROM value_peergroup WHERE code LIKE %s"
    units = f"SELECT id FROM value_accountingunit WHERE group_id IN ({groups})"
    records = f"SELECT id FROM value_dailyrecord WHERE unit_id IN ({units})"
    cursor.execute(f"DELETE FROM value_dailyline WHERE record_id IN ({records})", like)
    cursor.execute(f"DELETE FROM value_recordrevision WHERE record_id IN ({records})", like)
    cursor.execute(f"DELETE FROM value_dailyrecord WHERE unit_id IN ({units})", like)
    cursor.execute(f"DELETE FROM value_accountingunit WHERE group_id IN ({groups})", like)
    cursor.execute(f"DELETE FROM value_daylock WHERE group_id IN ({groups})", like)
    cursor.execute(f"DELETE FROM value_groupitem WHERE group_id IN ({groups})", like)
    cursor.execute("DELETE FROM value_peergroup WHERE code LIKE %s", like)
    cursor.execute("DELETE FROM value_itemprice WHERE item_id IN (SELECT id FROM value_item WHERE code LIKE %s)", like)
    cursor.execute("DELETE FROM value_item WHERE code LIKE %s", like)
    team_units = "SELECT id FROM org_unit WHERE code LIKE %s"
    cursor.execute(
        "DELETE FROM indicators_indicatorvaluerevision WHERE indicator_value_id IN (SELECT id FROM "
        f"indicators_indicatorvalue WHERE unit_id IN ({team_units}))",
        like,
    )
    cursor.execute(f"DELETE FROM indicators_indicatorvalue WHERE unit_id IN ({team_units})", like)
    cursor.execute("DELETE FROM org_orgunitlink WHERE unit_id IN (SELECT id FROM org_unit WHERE code LIKE %s)", like)
    cursor.execute("DELETE FROM org_unit WHERE code LIKE %s AND kind = 'team'", like)
    cursor.execute("DELETE FROM org_unit WHERE code LIKE %s", like)
    cursor.execute(
        "DELETE FROM accounts_roleassignment WHERE org_id IN (SELECT id FROM org_partyorg WHERE code = %s)", [PREFIX]
    )
    cursor.execute("DELETE FROM org_partyorg WHERE code = %s", [PREFIX])


def office():
    """The party office of the bench's org; given the role again if the org was seeded anew."""
    from dangjian.accounts.models import RoleAssignment
    from dangjian.accounts.services import role_assign
    from dangjian.core.services import SYSTEM
    from dangjian.org.models import PartyOrg

    root = PartyOrg.objects.get(code=PREFIX)
    user = bench_user("bench_import_office", "party_office", root)
    if not RoleAssignment.objects.filter(user=user, org=root, role="party_office").exists():
        role_assign(actor=SYSTEM, user=user, role="party_office", org=root)
    return user


def records(count: int) -> list[dict]:
    """`count` records of the teams, day after day from FIRST_DAY, five items each."""
    from dangjian.value.models import AccountingUnit

    codes = list(
        AccountingUnit.objects.filter(group__code__startswith=PREFIX)
        .order_by("unit__code")
        .values_list("unit__code", flat=True)
    )
    rows = []
    for n in range(count):
        rows.append(
            {
                "unit": codes[n % len(codes)],
                "date": FIRST_DAY + dt.timedelta(days=n // len(codes)),
                "shift": "A",
                "hours": 96,
                "items": [(code, Decimal(10 + n % 7 + k)) for k, (code, _k, _p) in enumerate(ITEMS)],
            }
        )
    return rows


def file_rows(rows: list[dict]) -> list[list]:
    return [
        [r["date"].isoformat(), r["unit"], r["shift"], r["hours"], item, str(quantity)]
        for r in rows
        for item, quantity in r["items"]
    ]


def csv_file(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(file_rows(rows))
    return buffer.getvalue().encode("utf-8")


def xlsx_file(rows: list[dict]) -> bytes:
    """As Excel would save it: dates as date cells, hours and quantities as numbers."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("数据")
    sheet.append(HEADER)
    for r in rows:
        for item, quantity in r["items"]:
            sheet.append([r["date"], r["unit"], r["shift"], r["hours"], item, int(quantity)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def expected(rows: list[dict], user_id: int) -> tuple[list[tuple], list[list[tuple]]]:
    """The records and lines the import must write, computed here (prices from the seed, amounts rounded half up):
    what the baseline COPYs and what the app's rows are compared with."""
    from dangjian.value.models import AccountingUnit, Item

    units = dict(AccountingUnit.objects.filter(group__code__startswith=PREFIX).values_list("unit__code", "pk"))
    items = {i.code: i for i in Item.objects.filter(code__startswith=PREFIX)}
    prices = {code: Decimal(price) for code, _k, price in ITEMS}
    money = Decimal("0.0001")
    recs, lines = [], []
    for r in rows:
        record_lines, out, inp = [], Decimal("0.0000"), Decimal("0.0000")
        for code, quantity in r["items"]:
            item = items[code]
            quantity = quantity.quantize(Decimal("0.000001"))
            amount = (quantity * prices[code]).quantize(money, rounding=ROUND_HALF_UP) * item.sign
            if amount > 0:
                out += amount
            else:
                inp -= amount
            record_lines.append((item.pk, quantity, prices[code].quantize(money), amount))
        recs.append(
            (
                units[r["unit"]],
                r["date"],
                r["shift"],
                Decimal(r["hours"]).quantize(Decimal("0.01")),
                out,
                inp,
                out - inp,
                "import",
                False,
                1,
                user_id,
            )
        )
        lines.append(record_lines)
    return recs, lines


def written() -> list[tuple]:
    """The imported days' records with their lines, in a fixed order, as comparable tuples."""
    from django.db import connection

    with connection.cursor() as cursor:
        # Fresh statistics first: planned with the tables' empty-looking statistics, this join runs for minutes.
        cursor.execute("ANALYZE value_dailyrecord, value_dailyline")
        cursor.execute(
            "SELECT r.unit_id, r.date, r.shift, r.hours, r.output_value, r.input_value, r.value, r.source, "
            "r.outlier, r.revision, r.updated_by_id, l.item_id, l.quantity, l.price, l.amount "
            "FROM value_dailyrecord r JOIN value_dailyline l ON l.record_id = r.id "
            "JOIN value_accountingunit a ON a.id = r.unit_id JOIN value_peergroup g ON g.id = a.group_id "
            "WHERE g.code LIKE %s AND r.date >= %s ORDER BY r.unit_id, r.date, r.shift, l.item_id",
            [f"{PREFIX}-%", FIRST_DAY],
        )
        return cursor.fetchall()


def wanted(recs, lines) -> list[tuple]:
    return sorted((*rec[:11], *line) for rec, record_lines in zip(recs, lines, strict=True) for line in record_lines)


def clean() -> None:
    """Delete the imported days (records, lines, revisions), the bench's jobs and their files."""
    from django.db import connection, transaction

    from dangjian.core.models import ImportJob

    with transaction.atomic(), connection.cursor() as cursor:
        # The ids first: a DELETE … IN (SELECT …) on tables just filled can get a nested-loop plan from stale
        # statistics that runs for minutes.
        cursor.execute(
            "SELECT r.id FROM value_dailyrecord r JOIN value_accountingunit a ON a.id = r.unit_id "
            "JOIN value_peergroup g ON g.id = a.group_id WHERE g.code LIKE %s AND r.date >= %s",
            [f"{PREFIX}-%", FIRST_DAY],
        )
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute("DELETE FROM value_dailyline WHERE record_id = ANY(%s)", [ids])
        cursor.execute("DELETE FROM value_recordrevision WHERE record_id = ANY(%s)", [ids])
        cursor.execute("DELETE FROM value_dailyrecord WHERE id = ANY(%s)", [ids])
        params = [f"{PREFIX}-%", FIRST_DAY]
        units = "SELECT id FROM org_unit WHERE code LIKE %s AND kind = 'team'"
        cursor.execute(
            "DELETE FROM indicators_indicatorvaluerevision WHERE indicator_value_id IN (SELECT id FROM "
            f"indicators_indicatorvalue WHERE unit_id IN ({units}) AND period_start >= %s)",
            params,
        )
        cursor.execute(
            f"DELETE FROM indicators_indicatorvalue WHERE unit_id IN ({units}) AND period_start >= %s", params
        )
    for job in ImportJob.objects.filter(created_by__username="bench_import_office"):
        job.file.delete(save=False)
        job.delete()
    with connection.cursor() as cursor:  # as autovacuum would after a large change: every round starts alike
        cursor.execute("ANALYZE value_dailyrecord, value_dailyline, indicators_indicatorvalue")


SYNCED: list = []


def deferred_sync(pairs) -> None:
    """Stands in for the value.tasks.sync_indicators task while the job is timed: the days' totals go to the
    production indicators in a task of their own after the job is done, timed apart (`sync_after`)."""
    SYNCED.append(pairs)


def sync_after() -> float:
    from dangjian.value.indicators import push_days

    started = time.perf_counter()
    while SYNCED:
        push_days(SYNCED.pop(0))
    return time.perf_counter() - started


def app_job(content: bytes, name: str, user) -> float:
    """Seconds for the whole job as a user runs it (tasks eager: they run when each request's transaction commits;
    the indicator sync the commit queues is collected and run after, see deferred_sync)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangjian.accounts.models import User
    from dangjian.core.imports.jobs import import_confirm, import_start
    from dangjian.core.models import ImportJob

    started = time.perf_counter()
    actor = User.objects.get(pk=user.pk)  # each request loads its user
    job = import_start(actor=actor, kind="value-records", upload=SimpleUploadedFile(name, content))
    job.refresh_from_db()
    if job.status != ImportJob.Status.READY:
        raise SystemExit(f"the check did not pass: {job.status} {job.message} {job.errors[:3]}")
    actor = User.objects.get(pk=user.pk)
    import_confirm(actor=actor, job=job)
    elapsed = time.perf_counter() - started
    job.refresh_from_db()
    if job.status != ImportJob.Status.DONE:
        raise SystemExit(f"the commit did not pass: {job.status} {job.message} {job.errors[:3]}")
    return elapsed


def copy_base(recs: list[tuple], lines: list[list[tuple]]) -> float:
    """Seconds to COPY the same records and lines (ids from the sequence) into the same tables, committed."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('value_dailyrecord', 'id')) FROM generate_series(1, %s)",
            [len(recs)],
        )
        ids = [r[0] for r in cursor.fetchall()]
        raw = cursor.cursor
        now = dt.datetime.now(dt.UTC)
        with raw.copy(
            "COPY value_dailyrecord (id, unit_id, date, shift, hours, output_value, input_value, value, source, "
            "outlier, revision, updated_by_id, updated_at) FROM STDIN"
        ) as copy:
            for pk, rec in zip(ids, recs, strict=True):
                copy.write_row((pk, *rec, now))
        with raw.copy("COPY value_dailyline (record_id, item_id, quantity, price, amount) FROM STDIN") as copy:
            for pk, record_lines in zip(ids, lines, strict=True):
                for line in record_lines:
                    copy.write_row((pk, *line))
    return time.perf_counter() - started


def spread(samples: list[float]) -> str:
    return f"{min(samples):.2f}–{max(samples):.2f}"


def measure(fmt: str, rows: list[dict], rounds: int, user):
    """(app seconds per round, base seconds per round, indicator sync seconds per round, why rows differ or '')."""
    content = csv_file(rows) if fmt == "csv" else xlsx_file(rows)
    recs, lines = expected(rows, user.pk)
    want = wanted(recs, lines)
    app_s, base_s, sync_s, problem = [], [], [], ""
    clean()

    def app_side():
        nonlocal problem
        app_s.append(app_job(content, f"bench.{fmt}", user))
        sync_s.append(sync_after())
        got = written()
        clean()
        if got != want and not problem:
            diff = next(((a, b) for a, b in zip(got, want, strict=False) if a != b), (len(got), len(want)))
            problem = f"app rows differ from the expected rows (first difference app/expected: {diff})"

    def base_side():
        nonlocal problem
        base_s.append(copy_base(recs, lines))
        got = written()
        clean()
        if got != want and not problem:
            problem = "the baseline's rows differ from the expected rows"

    for number in range(rounds):
        # App then COPY in one round, COPY then app in the next (as harness.compare): a swing in the machine's load
        # between the two halves of a round does not always fall on the same side.
        for side in (app_side, base_side) if number % 2 == 0 else (base_side, app_side):
            side()
    return app_s, base_s, sync_s, problem


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=20000, help="records; × 5 items = rows of the file")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--formats", default="csv,xlsx")
    args = parser.parse_args(argv)
    url = os.environ["DATABASE_URL"] = harness.database_url("value_import")
    if not url.startswith(("postgres://", "postgresql://")):
        print("The import bench needs PostgreSQL: set BENCH_VALUE_IMPORT_URL to a postgres:// URL.")
        return 2
    total_rows = args.records * len(ITEMS)
    os.environ["IMPORT_MAX_ROWS"] = str(max(total_rows, 50000))
    os.environ["MAX_UPLOAD_MB"] = os.environ.get("MAX_UPLOAD_MB", "50")
    os.environ["TASKS_EAGER"] = "true"
    ensure_database(url)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = settings.BASE_DIR / "var" / "bench-media"
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    started = time.monotonic()
    if seed():
        print(f"Seeded {UNITS} teams and {HISTORY_DAYS} days of records in {time.monotonic() - started:.0f} s.")
        analyze()
    if args.records > UNITS * (dt.date.today() - FIRST_DAY).days:
        print(f"--records: at most {UNITS} records a day from {FIRST_DAY} to today.")
        return 2
    from dangjian.value import tasks

    tasks.sync_indicators = deferred_sync  # records_write looks it up at call time
    user = office()
    rows = records(args.records)
    print(f"\nImport of {args.records} records = {total_rows} rows (long format), {args.rounds} rounds interleaved")
    print("(app = the whole job: upload check + background check + confirm + commit; base = COPY of the same rows).\n")
    print(
        f"{'format':<7}{'app s (min–max)':>22}{'COPY s (min–max)':>22}{'app rows/s':>12}{'COPY rows/s':>12}{'ratio':>8}"
    )
    results = []
    for fmt in [f.strip() for f in args.formats.split(",") if f.strip()]:
        app_s, base_s, sync_s, problem = measure(fmt, rows, args.rounds, user)
        app, base = statistics.median(app_s), statistics.median(base_s)
        if problem:
            print(f"{fmt:<7} no ratio: {problem}")
            results.append((fmt, None))
            continue
        # The ratio of each round (COPY seconds / app seconds = app rows/s as a share of COPY's), then their median:
        # both halves of a round ran under the same load, which medians taken apart would not keep together.
        ratios = [b / a for a, b in zip(app_s, base_s, strict=True)]
        ratio = statistics.median(ratios)
        print(
            f"{fmt:<7}{app:>9.2f} ({spread(app_s):>11}){base:>9.2f} ({spread(base_s):>11})"
            f"{total_rows / app:>12.0f}{total_rows / base:>12.0f}{ratio:>7.2f}x ({spread(ratios)})"
            f"   then indicator sync {statistics.median(sync_s):.2f} s"
        )
        results.append((fmt, ratio))
    print(f"\nload average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    for fmt, ratio in results:
        value = "rows differ" if ratio is None else f"{ratio:.2f}× COPY"
        met = "met" if ratio is not None and ratio >= GOAL else "NOT met"
        print(f"RESULT | value import, whole job, {fmt}, {total_rows} rows | {value} | ≥ {GOAL}× COPY | {met}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
