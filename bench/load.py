"""Load test: the most used pages and the push APIs under wrk, against gunicorn with the production settings.

Seeds once (idempotent) into its own PostgreSQL database (default postgres://postgres@127.0.0.1:5432/bench_load,
created if missing; BENCH_LOAD_URL overrides): the demo (`seed_demo`) and a group of 6,000 orgs and 200,000 people
(`seed_scale`), then collects the static files with the manifest storage, starts gunicorn as docs/operations.md runs
it (DEBUG off, manifest static files, behind the TLS proxy — wrk sends X-Forwarded-Proto: https as nginx does; 5 sync
workers), signs the bench's logins in through the login form and issues push tokens, and runs wrk
(bench/load/wrk.lua) against every target at 8 and 64 connections.

The baseline is a Django hello world (bench/hello_wsgi.py: one view, no middleware, no database) served by the same
gunicorn command on another port. At 8 connections each page and the hello world alternate (page, hello, page, hello …
per round) and the page's req/s is printed as a share of the hello world's, median and min–max over the rounds. A
target that answered anything but 2xx (a redirect to the login page, a 500) gets no ratio: the line says why.

With `--scale-out` it instead runs two gunicorn instances and two huey workers on Redis (REDIS_URL, default
redis://127.0.0.1:6379/15) sharing the database, loads both instances with wrk while a value-records import runs
and the periodic tasks are fired, then checks that nothing was lost (bench/load_scaleout.py).

Usage: `.venv/bin/python bench/load.py [--rounds 3] [--seconds 5] [--only people] [--scale-out]`. Needs the Debian
package `wrk` (not part of CI). Prints `RESULT | … | met/NOT met` lines at the end for `make bench-all`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_load"
PASSWORD = "Dangjian@2026"  # the demo logins' published password (README)
BENCH_PASSWORD = "Bench-only-2026!"
WORKERS = 5
THREADS = 2
# Worker recycling as docs/operations.md sets it: after 20,000 requests, spread over ±10,000 so the workers do not all
# restart together (with 2,000 ± 200 the five workers, started together and served alike, restarted within a second
# of each other every few seconds at 600 req/s: rounds of 0–30 req/s and p95 of 5 s). `--max-requests` changes it.
MAX_REQUESTS = 20000
GOAL_RATIO = 10.0  # % of the hello world's req/s, issue 17
GOAL_P95_MS = 250.0  # at 64 connections


@dataclass
class Target:
    key: str
    label: str
    login: str  # username, or "token:<username>" for the push APIs
    path: str
    marker: str = ""  # text the page must contain (not the login page)
    bodies: Path | None = None
    records: int = 1  # records per POST body (the batch push): req/s × records = records/s
    connections: tuple[int, ...] = ()  # instead of --connections (the batch push: as a feed sends, one or two at once)


# The ten pages people open most (the home pages of the three roles that sign in daily, the lists each works from,
# the two boards everyone follows) and the two push APIs the MES/ERP calls all day.
PAGES = [
    Target("home_office", "home, party office", "office", "/"),
    Target("home_secretary", "home, branch secretary", "secretary", "/"),
    Target("home_team_leader", "home, team leader", "zz_team_leader", "/"),
    Target("people", "people list, group party office (200k people)", "bench_grp_office", "/org/people/", "people"),
    Target("value_board", "value ranking board, 190 teams", "zz_office", "/value/board/"),
    Target("value_entry", "today's entry form, team leader", "zz_team_leader", "/value/entry/"),
    Target("service_queue", "service queue, party office", "office", "/service/queue/"),
    Target("meetings", "meetings list, secretary", "secretary", "/meetings/"),
    Target("points_leaderboard", "points leaderboard, party office", "office", "/points/leaderboard/"),
    Target("projects", "project list, party office", "office", "/projects/"),
]
BATCH = 100  # records per body of the batch push
APIS = [
    Target("api_value_records", "POST /api/v1/value/records", "token:bench_zz_mes", "/api/v1/value/records"),
    Target("api_indicator_values", "POST /api/v1/indicators/values", "token:mes", "/api/v1/indicators/values"),
    Target(
        "api_value_batch",
        f"POST /api/v1/value/records/batch ({BATCH} records)",
        "token:bench_zz_mes",
        "/api/v1/value/records/batch",
        records=BATCH,
        # A feed sends its batches one after another. Two connections (one per wrk thread) write disjoint records:
        # a version's chunks alternate between the threads; more connections would send the same records at once.
        connections=(1, 2),
    ),
]
# Each record is sent in this many versions (other hours), one whole pass per version, so that every body a
# measuring run sends writes (a record sent again unchanged is only compared): the runs go on through the file.
VERSIONS = 40


def log(message: str) -> None:
    print(message, flush=True)


# --- database and seeding ---------------------------------------------------------------------------------------------


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    params = psycopg.conninfo.conninfo_to_dict(url)
    name = params.get("dbname")
    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            log(f"Created database {name}.")


def server_env(url: str, static_root: Path, **extra) -> dict:
    """The production settings (tests/test_production.py): DEBUG off, manifest static files, a strong key, behind the
    TLS proxy, no access log."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_MANIFEST_STATIC", "TASKS_EAGER", "REDIS_URL", "DJANGO_DEBUG")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="dangjian.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_BEHIND_TLS_PROXY="true",
        DJANGO_STATIC_ROOT=str(static_root),
        DATABASE_URL=url,
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def seed(env: dict, args) -> None:
    """Migrate the database measured, seed the demo and the group (each once), collect the static files."""
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo", "--quiet")
    manage(env, "seed_scale", "--orgs", str(args.orgs), "--people", str(args.people), "--root", "GRP")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE')")
    log(f"Database ready in {time.monotonic() - started:.0f} s (seeding happens once; later runs skip it).")


def bench_accounts(today_iso: str, work: Path) -> dict[str, str]:
    """In-process (the same settings): the bench's own logins, made through the services the first time and given
    their roles again if a reseed lost them; push tokens; the POST bodies. Returns token per account."""
    import django

    django.setup()
    from dangjian.accounts.models import RoleAssignment, User
    from dangjian.accounts.services import account_create, role_assign, token_issue
    from dangjian.core.services import SYSTEM
    from dangjian.indicators.models import Indicator
    from dangjian.org.models import PartyOrg
    from dangjian.value.models import AccountingUnit, GroupItem

    def account(username: str, role: str, org) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = account_create(actor=SYSTEM, username=username, password=BENCH_PASSWORD, must_change_password=False)
        if not RoleAssignment.objects.filter(user=user, role=role, org=org).exists():
            role_assign(actor=SYSTEM, user=user, role=role, org=org)
        return user

    account("bench_grp_office", "party_office", PartyOrg.objects.get(code="GRP"))
    zz_unit = AccountingUnit.objects.select_related("org").first()
    zz_root = PartyOrg.objects.get(path="/" + zz_unit.org.path.strip("/").split("/")[0] + "/")
    zz_mes = account("bench_zz_mes", "integration", zz_root)
    mes = User.objects.get(username="mes")
    tokens = {"bench_zz_mes": token_issue(user=zz_mes, scope="push"), "mes": token_issue(user=mes, scope="push")}

    # Value records: one per accounting unit and shift for today, in a fixed order (each body once per pass).
    lines = []
    units = AccountingUnit.objects.filter(active=True).select_related("unit").order_by("unit__code")
    items = {}
    for gi in GroupItem.objects.select_related("item").order_by("group_id", "sort_order"):
        items.setdefault(gi.group_id, []).append(gi.item.code)
    # Shifts A and B through the API; C and D are the scale-out run's import. The hours change from run to run (a
    # record pushed again unchanged would prove nothing about this run's writes).
    hours = str(secrets.choice(range(60, 100)))
    (work / "push_hours").write_text(hours)
    for shift in "AB":
        for i, unit in enumerate(units):
            quantities = [
                {"item": code, "quantity": str(10 + (i + n) % 7)} for n, code in enumerate(items[unit.group_id])
            ]
            lines.append(
                json.dumps(
                    {"unit": unit.unit.code, "date": today_iso, "shift": shift, "hours": hours, "items": quantities}
                )
            )
    (work / "value_records.jsonl").write_text("\n".join(lines) + "\n")
    # The measuring runs' bodies: the same records in VERSIONS versions (hours + n), each version a whole pass, and
    # the batches' versions apart from the single pushes' (+ 0.5), so that every body sent changes what is stored.
    records = [json.loads(line) for line in lines]
    singles, batches = [], []
    for n in range(VERSIONS):
        singles += [json.dumps({**r, "hours": str(int(hours) + n)}) for r in records]
        version = [{**r, "hours": f"{int(hours) + n}.5"} for r in records]
        batches += [json.dumps({"records": version[i : i + BATCH]}) for i in range(0, len(version), BATCH)]
    (work / "value_records_versions.jsonl").write_text("\n".join(singles) + "\n")
    (work / "value_batches.jsonl").write_text("\n".join(batches) + "\n")

    # Indicator values: the daily indicators with an owner unit, for today (those `mes` may not push are dropped by
    # the preflight).
    indicators = list(
        Indicator.objects.filter(granularity="day", active=True, owner_unit__isnull=False)
        .select_related("owner_unit")
        .order_by("code")
    )
    batches = []
    for indicator in indicators:
        if getattr(indicator, "is_ratio", False):
            continue
        batches.append(
            json.dumps(
                {
                    "values": [
                        {
                            "indicator": indicator.code,
                            "unit": indicator.owner_unit.code,
                            "period": today_iso,
                            "value": "1",
                        }
                    ]
                }
            )
        )
    (work / "indicator_values.jsonl").write_text("\n".join(batches) + "\n")
    return tokens


# --- servers ----------------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn as docs/operations.md runs it (sync workers, timeout 60, max-requests recycling), without the access
    log; started in its own process group and stopped by its pid."""

    def __init__(self, app: str, env: dict, *, workers: int = WORKERS, chdir: Path = ROOT, name: str = "app"):
        self.port = free_port()
        self.name = name
        self.log = tempfile.NamedTemporaryFile(prefix=f"bench-load-{name}-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", app, "--chdir", str(chdir), "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--timeout", "60", "--max-requests", str(MAX_REQUESTS),
             "--max-requests-jitter", str(MAX_REQUESTS // 2),
             "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn ({name}) did not start: see {self.log.name}") from None
                time.sleep(0.3)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def request(port: int, method: str, path: str, *, headers=None, body: bytes | None = None):
    # a generous timeout: after a 64-connection run the workers may still be draining its queue
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    base = {"Host": f"127.0.0.1:{port}", "X-Forwarded-Proto": "https", "Accept-Language": "zh-hans"}
    connection.request(method, path, body=body, headers={**base, **(headers or {})})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def cookies_of(response) -> dict[str, str]:
    jar = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key.strip()] = rest.split(";", 1)[0]
    return jar


def sign_in(port: int, username: str, password: str) -> str:
    """Sign in through the login form as a browser does; returns the Cookie header of the session."""
    response, html = request(port, "GET", "/accounts/login/")
    jar = cookies_of(response)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
    origin = f"https://127.0.0.1:{port}"
    form = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    response, _ = request(
        port, "POST", "/accounts/login/", body=form.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={jar['csrftoken']}",
                 "Referer": f"{origin}/accounts/login/", "Origin": origin},
    )  # fmt: skip
    jar.update(cookies_of(response))
    if response.status != 302 or "sessionid" not in jar:
        raise SystemExit(f"Could not sign in as {username}: {response.status}")
    return f"sessionid={jar['sessionid']}; csrftoken={jar['csrftoken']}"


# --- wrk --------------------------------------------------------------------------------------------------------------


@dataclass
class Run:
    rps: float
    p50: float
    p95: float
    p99: float
    requests: int
    errors: int  # non-2xx answers + socket errors + timeouts
    first_status: int = 0


def wrk(
    port: int, path: str, connections: int, seconds: float, headers: dict, bodies: Path | None = None, offset: int = 0
) -> Run:
    env = {
        **os.environ,
        "WRK_THREADS": str(min(THREADS, connections)),
        "WRK_BODIES": str(bodies or ""),
        "WRK_OFFSET": str(offset),
    }
    command = ["wrk", "-t", str(min(THREADS, connections)), "-c", str(connections), "-d", f"{max(1, round(seconds))}s",
               "--timeout", "10s", "-s", str(BENCH / "load" / "wrk.lua")]  # fmt: skip
    for name, value in {"X-Forwarded-Proto": "https", "Accept-Language": "zh-hans", **headers}.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode:
        raise SystemExit(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no result:\n{done.stdout}\n{done.stderr}")
    data = json.loads(line[len("WRKJSON ") :])
    return Run(
        rps=data["requests"] / (data["duration_us"] / 1e6),
        p50=data["p50_us"] / 1000,
        p95=data["p95_us"] / 1000,
        p99=data["p99_us"] / 1000,
        requests=data["requests"],
        errors=data["non2xx"] + data["socket_errors"] + data["timeouts"],
        first_status=data["first_status"],
    )


@dataclass
class Measured:
    target: Target
    app: dict[int, list[Run]] = field(default_factory=dict)
    hello: list[Run] = field(default_factory=list)
    refused: str = ""


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} ({min(values):.1f}–{max(values):.1f})"


def preflight(port: int, target: Target, headers: dict) -> str:
    """Why the target cannot be measured ('' when it answers 2xx as it should)."""
    if target.bodies is None:
        response, html = request(port, "GET", target.path, headers=headers)
        if response.status != 200:
            return f"answered {response.status} (Location {response.getheader('Location')})"
        if b'name="password"' in html:
            return "answered the login page"
        return ""
    kept, refused = [], []
    lines = target.bodies.read_text().splitlines()
    # every body of a short file, the first few of a long one (they share one shape)
    for n, body in enumerate(lines):
        if n < 40:
            response, answer = request(
                port, "POST", target.path, body=body.encode(), headers={**headers, "Content-Type": "application/json"}
            )
            if response.status // 100 != 2:
                refused.append(f"{response.status} {answer[:200]!r}")
                continue
        kept.append(body)
    if refused:
        log(f"  {target.key}: {len(refused)} bodies refused and left out, e.g. {refused[0]}")
    if not kept:
        return "every POST body was refused"
    target.bodies.write_text("\n".join(kept) + "\n")
    return ""


def measure(
    args, app: Gunicorn, hello: Gunicorn | None, targets: list[Target], auth: dict[str, dict]
) -> list[Measured]:
    results = []
    for target in targets:
        m = Measured(target)
        headers = auth[target.login]
        m.refused = preflight(app.port, target, headers)
        if m.refused:
            log(f"{target.label}: not measured — {m.refused}")
            results.append(m)
            continue
        # POST bodies: each run goes on through the file where the last one stopped (a body sent again would find
        # its record unchanged and write nothing); the preflight sent the first few.
        offset = 40
        warm_connections = max(target.connections) if target.connections else 8
        warm = wrk(app.port, target.path, warm_connections, 1, headers, target.bodies, offset)  # warm the workers
        offset += warm.requests
        for connections in target.connections or args.connections:
            runs = m.app.setdefault(connections, [])
            for _ in range(args.rounds):
                runs.append(wrk(app.port, target.path, connections, args.seconds, headers, target.bodies, offset))
                offset += runs[-1].requests + connections  # wrk may have sent a few more than it counted
                if hello is not None and connections == 8:
                    m.hello.append(wrk(hello.port, "/", connections, args.seconds, {}))
            last = runs[-1]
            per_record = f" = {spread([r.rps * target.records for r in runs])} records/s" if target.records > 1 else ""
            log(
                f"{target.label:<48} c={connections:<3} {spread([r.rps for r in runs])} req/s{per_record}"
                f"  p95 {spread([r.p95 for r in runs])} ms  errors {sum(r.errors for r in runs)}"
                + (f" (first status {last.first_status})" if last.first_status else "")
            )
        results.append(m)
    return results


def report(results: list[Measured], args) -> list[str]:
    lines = ["", f"{'target':<48}{'conns':>6}{'req/s med (min–max)':>26}{'% hello':>22}{'p50 ms':>9}"
             f"{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"]  # fmt: skip
    summary = []
    for m in results:
        if m.refused:
            lines.append(f"{m.target.label:<48}  not measured: {m.refused}")
            summary.append(f"RESULT | {m.target.label} | not measured: {m.refused} | 2xx | NOT met")
            continue
        for connections, runs in m.app.items():
            errors = sum(r.errors for r in runs)
            share = ""
            if connections == 8 and m.hello:
                if errors:
                    share = "no ratio: errors"
                else:
                    ratios = [a.rps / h.rps * 100 for a, h in zip(runs, m.hello, strict=True)]
                    share = f"{spread(ratios)} %"
                    if m.target.bodies is None:
                        met = statistics.median(ratios) >= GOAL_RATIO
                        summary.append(
                            f"RESULT | {m.target.label}, req/s as % of hello world (8 conns) | "
                            f"{statistics.median(ratios):.1f} % ({statistics.median([r.rps for r in runs]):.0f} req/s)"
                            f" | ≥ {GOAL_RATIO:.0f} % | {'met' if met else 'NOT met'}"
                        )
            p95 = statistics.median([r.p95 for r in runs])
            if m.target.records > 1:
                rate = statistics.median([r.rps * m.target.records for r in runs])
                summary.append(
                    f"RESULT | {m.target.label}, records written per second ({connections} conns) | {rate:.0f} "
                    f"records/s, p95 {p95:.0f} ms per call | — | printed"
                )
            if connections == 64:
                met = p95 <= GOAL_P95_MS and not errors and all(r.requests for r in runs)
                summary.append(
                    f"RESULT | {m.target.label}, p95 at 64 conns | {p95:.0f} ms, {errors} errors | "
                    f"≤ {GOAL_P95_MS:.0f} ms, 0 errors | {'met' if met else 'NOT met'}"
                )
            lines.append(
                f"{m.target.label:<48}{connections:>6}{spread([r.rps for r in runs]):>26}{share:>22}"
                f"{statistics.median([r.p50 for r in runs]):>9.1f}{p95:>9.1f}"
                f"{statistics.median([r.p99 for r in runs]):>9.1f}{errors:>8}"
            )
    hello_runs = [r for m in results for r in m.hello]
    if hello_runs:
        lines.append(f"{'hello world (baseline, 8 conns)':<48}{8:>6}{spread([r.rps for r in hello_runs]):>26}")
    return lines + [""] + summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orgs", type=int, default=6000)
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3, help="wrk runs per target and connection count (default 3)")
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run (default 5)")
    parser.add_argument("--connections", type=int, nargs="+", default=[8, 64])
    parser.add_argument("--only", nargs="*", default=[], help="target keys, e.g. people value_board")
    parser.add_argument("--no-hello", action="store_true", help="skip the hello-world baseline")
    parser.add_argument("--no-seed", action="store_true", help="assume the database is migrated and seeded")
    parser.add_argument(
        "--no-redis", action="store_true", help="the embedded cache (each process's memory: no kept pages)"
    )
    parser.add_argument(
        "--page-cache", type=int, default=None, help="PAGE_CACHE_SECONDS for the app (0: every page rendered anew)"
    )
    parser.add_argument("--scale-out", action="store_true", help="two app servers and two task workers (see above)")
    parser.add_argument("--max-requests", type=int, default=20000, help="gunicorn --max-requests (jitter: half of it)")
    parser.add_argument(
        "--app-root",
        type=Path,
        default=ROOT,
        help="serve the app from another checkout (e.g. `git archive` of an "
        "earlier commit) against the same database, for before/after",
    )
    args = parser.parse_args(argv)
    globals()["MAX_REQUESTS"] = args.max_requests  # what Gunicorn() starts with, here and in the scale-out run

    if shutil.which("wrk") is None:
        log("bench/load.py needs wrk (Debian: apt-get install wrk).")
        return 2
    url = os.environ.get("BENCH_LOAD_URL") or DEFAULT_URL  # never the DATABASE_URL you develop or test with
    if not url.startswith(("postgres://", "postgresql://")):
        log("bench/load.py needs PostgreSQL: set BENCH_LOAD_URL to a postgres:// URL.")
        return 2
    ensure_database(url)
    (ROOT / "var").mkdir(exist_ok=True)
    static_root = ROOT / "var" / "bench_static"
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    env = server_env(url, static_root)
    if args.scale_out:
        env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    elif not args.no_redis:
        # docs/operations.md's production: Redis as the shared cache (sessions, kept pages) and the task queue
        env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    if args.page_cache is not None:
        env["PAGE_CACHE_SECONDS"] = str(args.page_cache)
    if not args.no_seed:
        seed(env, args)
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})

    import datetime as dt
    from zoneinfo import ZoneInfo

    today = dt.datetime.now(ZoneInfo(os.environ.get("DJANGO_TIME_ZONE", "Asia/Shanghai"))).date().isoformat()
    tokens = bench_accounts(today, work)
    APIS[0].bodies = work / "value_records.jsonl"
    APIS[1].bodies = work / "indicator_values.jsonl"
    APIS[2].bodies = work / "value_batches.jsonl"

    if args.scale_out:
        from load_scaleout import scale_out

        return scale_out(args, env, work, tokens, PAGES, APIS)
    APIS[0].bodies = work / "value_records_versions.jsonl"

    targets = [t for t in PAGES + APIS if not args.only or t.key in args.only]
    app_env = {**env, "PYTHONPATH": str(args.app_root)} if args.app_root != ROOT else env
    app = Gunicorn("dangjian.wsgi:application", app_env, chdir=args.app_root, name="app")
    hello = None if args.no_hello else Gunicorn("hello_wsgi:application", env, chdir=BENCH, name="hello")
    try:
        auth = {}
        for target in targets:
            if target.login in auth:
                continue
            if target.login.startswith("token:"):
                auth[target.login] = {"Authorization": f"Bearer {tokens[target.login[6:]]}"}
            else:
                password = BENCH_PASSWORD if target.login.startswith("bench_") else PASSWORD
                auth[target.login] = {"Cookie": sign_in(app.port, target.login, password)}
        load = os.getloadavg()
        cache = (
            f"Redis cache, pages kept {env.get('PAGE_CACHE_SECONDS', '60')} s" if env.get("REDIS_URL") else "no Redis"
        )
        log(f"\ngunicorn {WORKERS} workers, {cache}, wrk {THREADS} threads, {args.rounds} rounds × {args.seconds:g} s; "
            f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")  # fmt: skip
        results = measure(args, app, hello, targets, auth)
    finally:
        app.stop()
        if hello is not None:
            hello.stop()
    load = os.getloadavg()
    for line in report(results, args):
        log(line)
    log(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
