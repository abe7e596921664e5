"""The burden meter's month: a branch secretary's scripted month, its input as the meter saw it, and the meter's own
cost per request.

    .venv/bin/python bench/burden_month.py            # runs tests/browser/test_burden.py (Playwright), then prints
    .venv/bin/python bench/burden_month.py --no-browser   # prints the last run's artifacts/burden_month.json

1. The month (tests/browser/test_burden.py drives it on a 375 px phone: four meetings recorded, three points claims
   decided, the 党建+X project's monthly review submitted, an employee's concern accepted and resolved, the
   assessment sheet self-scored and submitted): what the meter counted — sends (must equal the script's), fields
   typed and reused, and the metered input time, in all and per capability. A script types in milliseconds, so the
   metered time says nothing about people; the bench also prints a person's time for the same input, from a stated
   typing model (the goal: under 15 minutes a month), in all and per capability.
2. The middleware's cost per request, in-process, without the database: a page without an input form (the common
   case: a settings check and a substring test) and a form page (scan, sign, stamp; its one INSERT is not timed
   here — one row, no index but three).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULT = ROOT / "artifacts" / "burden_month.json"
GOAL_MINUTES = 15
# A person's time for the same input (stated, not measured): finding and opening a form, each field typed, each
# pre-filled field checked, each send and its answer read.
MODEL = {"open": 20, "typed": 12, "reused": 2, "send": 5}


def run_month() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-n", "0", "tests/browser/test_burden.py"]
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)


def person_minutes(opens: int, typed: int, reused: int, sends: int) -> float:
    """A person's time for the input the meter counted, by the stated model."""
    return (opens * MODEL["open"] + typed * MODEL["typed"] + reused * MODEL["reused"] + sends * MODEL["send"]) / 60


def print_month() -> None:
    figures = json.loads(RESULT.read_text())
    sends = figures["sends"]
    human = person_minutes(figures["opens"], figures["typed"], figures["reused"], sends)
    print(f"month {figures['month']}: the script sent {sends} forms; the meter saw {figures['seen_by_meter']}")
    print(f"  opened {figures['opens']} form pages, typed {figures['typed']} fields, reused {figures['reused']}")
    print(f"  metered input time {figures['metered_seconds']} s (script: {figures['scripted_seconds']} s in all)")
    # per capability: what each part of the month costs (pages opened but never sent count under their own)
    for capability, row in figures.get("capabilities", {}).items():
        minutes = person_minutes(row["opens"], row["typed"], row["reused"], row["sends"])
        print(
            f"    {capability:12} opens {row['opens']:3}  sends {row['sends']:3}  typed {row['typed']:3}"
            f"  reused {row['reused']:3}  seconds {row['seconds']:3}  a person: {minutes:4.1f} min"
        )
    for form, row in sorted(figures["forms"].items()):
        print(f"    {form:24} sends {row['sends']:3}  typed {row['typed']:3}  seconds {row['seconds']}")
    verdict = "met" if human < GOAL_MINUTES else "NOT met"
    print(f"  a person's time for the same input (model {MODEL} s): {human:.1f} min — goal < {GOAL_MINUTES}: {verdict}")


def print_overhead(rounds: int = 5, n: int = 2000) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from unittest import mock

    from django.conf import settings
    from django.http import HttpResponse
    from django.test import RequestFactory

    from dangjian.burden import middleware

    settings.BURDEN_METER = True
    row = '<tr><td>李明</td><td class="text-end">12</td><td><a href="/x/">详情</a></td></tr>'
    plain = '<html><body><nav><form method="post" action="/accounts/logout/"><button>退出</button></form></nav>'
    plain += "<table>" + row * 300 + "</table></body></html>"
    fields = "".join(
        f'<input type="text" name="f{i}" value="{i}">'
        f'<select name="s{i}"><option value="1" selected>一</option></select>'
        for i in range(12)
    )
    form = plain.replace("<table>", f'<form method="post" action="/meetings/new/">{fields}</form><table>')

    class User:
        is_authenticated = True
        is_active = True
        _scope_assignments = [("secretary", "/1/2/", "branch")]

    request = RequestFactory().get("/meetings/new/")
    request.user = User()
    request.resolver_match = mock.Mock(url_name="create", view_name="meetings:create", namespaces=["meetings"])

    def timed(html: str) -> float:
        samples = []
        for _ in range(rounds):
            responses = [HttpResponse(html) for _ in range(n)]
            it = iter(responses)
            meter = middleware.BurdenMeterMiddleware(lambda _request, it=it: next(it))
            start = time.perf_counter()
            for _ in range(n):
                meter(request)
            samples.append((time.perf_counter() - start) / n * 1e6)
        return statistics.median(samples)

    with mock.patch.object(middleware, "_write"):
        off_page = timed(plain)
        on_form = timed(form)
    settings.BURDEN_METER = False
    off = timed(plain)
    print(f"middleware per request ({len(plain) // 1024} KB page, median of {rounds}×{n}):")
    print(f"  meter off:                 {off:7.1f} µs (the response handed through)")
    print(f"  page without an input form {off_page:7.1f} µs (+{off_page - off:.1f})")
    print(f"  form page, 24 fields       {on_form:7.1f} µs (+{on_form - off:.1f}; plus one INSERT)")


if __name__ == "__main__":
    if "--no-browser" not in sys.argv:
        run_month()
    print_month()
    print_overhead()
