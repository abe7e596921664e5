"""`bench/load.py --scale-out`: past one machine, shown on one.

Two gunicorn instances (different ports, 3 workers each) and two huey task workers (`manage.py run_huey --workers 2`,
both running the scheduler) share one PostgreSQL database and one Redis (REDIS_URL; the bench uses database 15 of
127.0.0.1:6379 unless BENCH_REDIS_URL says otherwise). While wrk loads both instances (one wrk process each: pages,
and the value-records push API with disjoint bodies per instance), the bench

- uploads a value-records import (190 teams × shifts C and D × every item of their peer group, for today) through the
  import framework, which the task workers check; once ready it confirms it and the workers commit it;
- queues every periodic task twice, as the two workers' schedulers both would in the same minute.

Then it checks: every pushed record is in the database with this run's hours, every imported record is there with
the import's hours, no task failed (no new TaskFailure), the queue drained, and each periodic task has exactly one
PeriodicRun row for the current period (the second copy was skipped).
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

from load import BENCH_PASSWORD, PASSWORD, ROOT, Gunicorn, log, sign_in, wrk

APP_WORKERS = 3
SECONDS = 20


class TaskWorker:
    def __init__(self, env: dict, n: int):
        self.log = tempfile.NamedTemporaryFile(prefix=f"bench-load-huey{n}-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "run_huey", "--workers", "2"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def import_file(today: dt.date, hours: str) -> bytes:
    from dangjian.value.models import AccountingUnit, GroupItem

    items = {}
    for gi in GroupItem.objects.select_related("item").order_by("group_id", "sort_order"):
        items.setdefault(gi.group_id, []).append(gi.item.code)
    out = io.StringIO()
    out.write("日期,班组编码,班次,工时,项目编码,数量\n")
    for unit in AccountingUnit.objects.filter(active=True).select_related("unit").order_by("unit__code"):
        for shift in "CD":
            for n, code in enumerate(items[unit.group_id]):
                out.write(f"{today.isoformat()},{unit.unit.code},{shift},{hours},{code},{5 + n}\n")
    return out.getvalue().encode()


def wait_for(check, what: str, timeout: float = 600) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(1)
    log(f"  gave up waiting for {what}")
    return False


def scale_out(args, env: dict, work: Path, tokens: dict, pages: list, apis: list) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone
    from huey.contrib.djhuey import HUEY

    from dangjian.accounts.models import User
    from dangjian.core.imports.jobs import import_confirm, import_start
    from dangjian.core.models import ImportJob, PeriodicRun, TaskFailure
    from dangjian.core.tasks import period_of
    from dangjian.value.models import DailyRecord

    if not env.get("REDIS_URL"):
        log("--scale-out needs Redis (BENCH_REDIS_URL).")
        return 2
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("tasks")  # the workers load every app's tasks; this process must know the periodic ones
    today = timezone.localdate()
    push_hours = (work / "push_hours").read_text().strip()
    import_hours = str(secrets.choice(range(100, 140)))
    failures_before = TaskFailure.objects.count()
    bodies = apis[0].bodies.read_text().splitlines()
    halves = [work / "push_a.jsonl", work / "push_b.jsonl"]
    for n, path in enumerate(halves):
        path.write_text("\n".join(bodies[n::2]) + "\n")

    servers = [Gunicorn("dangjian.wsgi:application", env, workers=APP_WORKERS, name=f"app{n}") for n in (1, 2)]
    workers = [TaskWorker(env, n) for n in (1, 2)]
    results: dict[str, list] = {}
    ok = True
    try:
        cookies = {
            login: sign_in(servers[0].port, login, BENCH_PASSWORD if login.startswith("bench_") else PASSWORD)
            for login in {t.login for t in pages}
        }
        push_auth = {"Authorization": f"Bearer {tokens['bench_zz_mes']}"}

        sent: set[str] = set()

        def load(server: Gunicorn, half: Path, key: str) -> None:
            # Pages at 4 connections; the pushes on one connection, so the n-th answer is the n-th body and the
            # bodies answered are known exactly (the next run goes on from there).
            runs, offset = [], 0
            lines = half.read_text().splitlines()
            started = time.monotonic()
            n = 0
            while time.monotonic() - started < SECONDS:
                page = pages[n % len(pages)]
                runs.append(wrk(server.port, page.path, 4, 2, {"Cookie": cookies[page.login]}))
                push = wrk(server.port, apis[0].path, 1, 2, push_auth, half, offset)
                runs.append(push)
                sent.update(lines[(offset + i) % len(lines)] for i in range(push.requests))
                offset += push.requests
                n += 1
            results[key] = runs

        threads = [
            threading.Thread(target=load, args=(s, h, f"app{n}"))
            for n, (s, h) in enumerate(zip(servers, halves, strict=True))
        ]
        for thread in threads:
            thread.start()

        # During the load: an import, checked and committed by the workers, and the periodic tasks, queued twice.
        actor = User.objects.get(username="zz_office")
        upload = SimpleUploadedFile("bench-records.csv", import_file(today, import_hours), content_type="text/csv")
        job = import_start(actor=actor, kind="value-records", upload=upload)
        now = HUEY._get_timestamp()
        periodic = [type(task) for task in HUEY._registry.periodic_tasks]
        for task_class in periodic:
            for _ in range(2):
                HUEY.enqueue(task_class())
        log(f"  import {job.pk} queued; {len(periodic)} periodic tasks queued twice each")
        ready = wait_for(
            lambda: ImportJob.objects.get(pk=job.pk).status not in ("pending", "validating"), "the import's check"
        )
        job.refresh_from_db()
        if ready and job.status == "ready":
            import_confirm(actor=actor, job=job)
        for thread in threads:
            thread.join()
        wait_for(lambda: ImportJob.objects.get(pk=job.pk).status in ("done", "failed", "invalid"), "the import")
        wait_for(lambda: HUEY.pending_count() == 0, "the queue to drain", 120)
        time.sleep(3)  # the last task taken may still be running
    finally:
        for server in servers:
            server.stop()
        for worker in workers:
            worker.stop()

    job.refresh_from_db()
    lines = []
    for key, runs in sorted(results.items()):
        errors = sum(r.errors for r in runs)
        ok &= errors == 0
        lines.append(
            f"{key}: {len(runs)} wrk runs, {sum(r.requests for r in runs)} requests, "
            f"p95 median {statistics.median([r.p95 for r in runs]):.0f} ms, {errors} errors"
        )
    pushed = {(b.split('"unit": "')[1].split('"')[0], b.split('"shift": "')[1][0]) for b in sent}
    stored = {
        (code, shift): hours
        for code, shift, hours in DailyRecord.objects.filter(date=today).values_list(
            "unit__unit__code", "shift", "hours"
        )
    }
    missing_push = [key for key in pushed if stored.get(key) != Decimal(push_hours)]
    imported = {(code, shift) for code, shift in stored if shift in "CD"}
    missing_import = [key for key in imported if stored[key] != Decimal(import_hours)]
    expected_import = len(bodies)  # one record per unit and shift C and D, as many as bodies for A and B
    failures = TaskFailure.objects.count() - failures_before
    lines.append(
        f"pushed records answered 2xx: {len(pushed)} (of {len(bodies)} bodies), not in the database with this run's"
        f" hours: {len(missing_push)}"
    )
    lines.append(
        f"import {job.pk}: {job.status}, {job.total_rows} rows; records C/D with the import's hours: "
        f"{len(imported) - len(missing_import)} of {expected_import}"
    )
    if missing_push:
        lines.append(f"  e.g. {sorted(missing_push)[:3]} stored as {[stored.get(k) for k in sorted(missing_push)[:3]]}")
    lines.append(f"task failures during the run: {failures}")
    ok &= not missing_push and job.status == "done" and len(imported) - len(missing_import) == expected_import
    ok &= failures == 0
    for task_class in periodic:
        task = task_class()
        name = HUEY._registry.task_to_string(task_class)
        period = period_of(lambda t, task=task: task.validate_datetime(t), now)
        aware = timezone.make_aware(period, dt.UTC) if period else None
        count = PeriodicRun.objects.filter(task=name, period=aware).count()
        ok &= count == 1
        lines.append(f"periodic {name} for {period:%Y-%m-%d %H:%M} UTC: {count} run(s) recorded (queued twice)")
    log("\nScale-out: 2 gunicorn instances × 3 workers, 2 huey workers × 2 threads on Redis, one PostgreSQL")
    for line in lines:
        log("  " + line)
    verdict = "met" if ok else "NOT met"
    log(
        "\nRESULT | scale-out: nothing lost, no task failures, each periodic task once"
        f" | {'yes' if ok else 'no'} | yes | {verdict}"
    )
    log(f"(logs: {', '.join(s.log.name for s in servers)}, {', '.join(w.log.name for w in workers)})")
    return 0 if ok else 1
