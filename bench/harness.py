"""What every benchmark under bench/ shares, so each one is honest in the same way (issue 17):

- `setup(name)`: the bench's own PostgreSQL database (`BENCH_<NAME>_URL`, else `postgres://postgres@127.0.0.1:5432/
  bench_<name>`), created if missing, migrated — the SAME database the bench then measures — and Django set up on it.
- `compare(...)`: the app and a baseline that must compute exactly the same rows, timed in INTERLEAVED rounds (app then
  baseline in one round, baseline then app in the next, so a load swing hits both alike), after a warm-up; a call of
  a few milliseconds is repeated inside each sample (the same number of times on both sides). It prints
  the medians, the spread (min–max) and the ratio — the median of the per-round ratios, with their spread — and
  refuses to print a ratio when the rows differ: it prints how they differ instead, and the result is "rows differ".
- `RESULT | measure | value | goal | met/NOT met` lines, one per measure, which `make bench-all` (bench/all.py)
  collects into one table.

Nothing here is a test: timings on a shared machine vary, so the benches print, they do not assert.
"""

from __future__ import annotations

import os
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
# DEBUG off: Django would otherwise keep every query in memory, which skews the timings and the seeding.
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))  # production rules: a strong key
os.environ.setdefault("DJANGO_MANIFEST_STATIC", "false")

ROUNDS, WARMUP = 11, 2
SAMPLE_SECONDS = 0.05


def database_url(name: str) -> str:
    """The bench's database: `BENCH_<NAME>_URL`, else postgres://postgres@127.0.0.1:5432/bench_<name> (never the
    DATABASE_URL you develop or test with)."""
    own = os.environ.get(f"BENCH_{name.upper()}_URL")
    if own:
        return own
    return f"postgres://postgres@127.0.0.1:5432/bench_{name}"


def ensure_database(url: str) -> None:
    """Create the database if it does not exist (connecting to the server's `postgres` database)."""
    import psycopg
    from psycopg import sql

    params = psycopg.conninfo.conninfo_to_dict(url)
    name = params.get("dbname")
    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}.")


def setup(name: str, url: str | None = None) -> str:
    """Point Django at the bench's database (created if missing), set it up and migrate that same database."""
    url = url or database_url(name)
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(f"bench {name} needs PostgreSQL: {url!r} is not a postgres:// URL.")
    os.environ["DATABASE_URL"] = url
    ensure_database(url)
    (ROOT / "var").mkdir(exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"Database: {url.rsplit('@', 1)[-1]}")
    return url


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def raw(query: str, params=()) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def bench_user(username: str, role: str, org):
    """An account holding `role` over `org` — made through the services the first time, and the assignment made again
    if a reseed removed it (a bench must never measure a user who sees nothing)."""
    from dangjian.accounts.models import RoleAssignment, User
    from dangjian.accounts.services import account_create, role_assign
    from dangjian.core.services import SYSTEM

    user = User.objects.filter(username=username).first()
    if user is None:
        user = account_create(actor=SYSTEM, username=username, password="Bench-only-2026!")
    if not RoleAssignment.objects.filter(user=user, role=role, org=org).exists():
        role_assign(actor=SYSTEM, user=user, role=role, org=org)
    return user


@dataclass
class Comparison:
    label: str
    goal: float | None  # the app/baseline ratio to stay within; None: printed only
    rows: int = 0
    app_ms: list[float] = field(default_factory=list)
    base_ms: list[float] = field(default_factory=list)
    difference: str = ""  # empty when the rows agree

    @property
    def ratios(self) -> list[float]:
        return [a / b for a, b in zip(self.app_ms, self.base_ms, strict=True) if b]

    @property
    def ratio(self) -> float | None:
        return None if self.difference or not self.ratios else statistics.median(self.ratios)

    @property
    def met(self) -> bool:
        return self.ratio is not None and (self.goal is None or self.ratio <= self.goal)


def describe_difference(app_rows: list, base_rows: list) -> str:
    """'' when equal, else how the two answers differ (counts and the first rows that differ)."""
    if app_rows == base_rows:
        return ""
    if len(app_rows) != len(base_rows):
        return f"{len(app_rows)} rows from the app, {len(base_rows)} from the baseline"
    for n, (a, b) in enumerate(zip(app_rows, base_rows, strict=True)):
        if a != b:
            return f"row {n}: app {a!r} ≠ baseline {b!r}"
    return "the rows differ"


def compare(
    label: str,
    app: Callable[[], object],
    base: Callable[[], object],
    *,
    normalize_app: Callable[[object], list],
    normalize_base: Callable[[object], list],
    goal: float | None = 1.5,
    rounds: int = ROUNDS,
    warmup: int = WARMUP,
) -> Comparison:
    """Time `app` and `base` in interleaved rounds and check they return the same rows (after normalising each side
    to a sorted list of tuples). The answers are compared on the first and the last call of each side."""
    result = Comparison(label, goal)
    started = time.perf_counter()
    first_app = normalize_app(app())
    once = time.perf_counter() - started
    first_base = normalize_base(base())
    # A call of a few milliseconds is repeated within each sample (the same count for both sides), so a sample lasts
    # about SAMPLE_SECONDS and the timer's and the scheduler's noise weigh less; samples are per call.
    repeat = max(1, min(200, int(SAMPLE_SECONDS / max(once, 1e-6))))
    result.rows = len(first_app)
    result.difference = describe_difference(first_app, first_base)
    for _ in range(max(0, warmup - 1)):
        app(), base()
    last_app = last_base = None
    for n in range(rounds):
        pair = ((app, result.app_ms), (base, result.base_ms))
        for fn, samples in pair if n % 2 == 0 else reversed(pair):
            started = time.perf_counter()
            for _ in range(repeat):
                answer = fn()
            samples.append((time.perf_counter() - started) * 1000 / repeat)
            if fn is app:
                last_app = answer
            else:
                last_base = answer
    if not result.difference:
        result.difference = describe_difference(normalize_app(last_app), normalize_base(last_base))
    return result


def spread(samples: list[float]) -> str:
    return f"{min(samples):.1f}–{max(samples):.1f}"


def print_comparisons(title: str, comparisons: list[Comparison], *, app_label="app", base_label="baseline") -> None:
    rounds = len(comparisons[0].app_ms) if comparisons else 0
    print(f"\n{title} — {rounds} interleaved rounds, milliseconds: median (min–max)")
    print(f"{'measure':<44}{'rows':>7}  {app_label + ' ms':>22}  {base_label + ' ms':>22}  {'ratio (spread)':>20}")
    for c in comparisons:
        app = f"{statistics.median(c.app_ms):.1f} ({spread(c.app_ms)})"
        base = f"{statistics.median(c.base_ms):.1f} ({spread(c.base_ms)})"
        if c.difference:
            shown = "— rows differ"
        else:
            shown = f"{c.ratio:.2f}× ({min(c.ratios):.2f}–{max(c.ratios):.2f})"
        print(f"{c.label:<44}{c.rows:>7}  {app:>22}  {base:>22}  {shown:>20}")
        if c.difference:
            print(f"    NO RATIO: the answers differ — {c.difference}")
    for c in comparisons:
        value = "rows differ" if c.difference else f"{c.ratio:.2f}×"
        goal = f"≤ {c.goal}×" if c.goal is not None else "—"
        result(c.label, value, goal, c.met if c.goal is not None else None)


def result(measure: str, value: str, goal: str, met: bool | None) -> None:
    """One line of the whole table `make bench-all` prints."""
    verdict = "—" if met is None else ("met" if met else "NOT met")
    print(f"RESULT | {measure} | {value} | {goal} | {verdict}", flush=True)
