"""`make bench-all`: every benchmark under bench/, one after the other, each in its own process and database, then the
whole table of what they measured — the `RESULT | measure | value | goal | met` lines each prints (bench/harness.py).

A bench that fails is reported in the table (and the exit status is 1); the others still run. Each one seeds its own
data once and keeps it, so a second run goes straight to the measurements. On a fresh clone the first run seeds
everything: about 25 minutes on the 2-core machine, most of it the 14.6 million indicator values.

Usage: `.venv/bin/python bench/all.py [--only value_rankings,meetings_matrix] [--quick]` (`--quick`: fewer rounds).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# In the order the table lists them: rankings and roll-ups, people, imports, pages under load.
BENCHES = [
    "value_rankings",
    "assessment_ranking",
    "meetings_matrix",
    "points_leaderboard",
    "service_sla",
    "indicators_rollup",
    "run",
    "value_import",
    "load",
]


def run(name: str, quick: bool) -> tuple[list[list[str]], int, float]:
    script = HERE / f"{name}.py"
    if not script.exists():
        return [[name, "bench missing", "—", "NOT met"]], 1, 0.0
    args = [sys.executable, str(script)]
    if quick and name not in ("load", "value_import"):
        args += ["--rounds", "5"]
    print(f"\n=== {name} ===", flush=True)
    started = time.monotonic()
    process = subprocess.Popen(args, cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    results = []
    for line in process.stdout:
        print(line, end="", flush=True)
        if line.startswith("RESULT |"):
            results.append([part.strip() for part in line.split("|")[1:5]])
    status = process.wait()
    if status and not results:
        results = [[name, f"failed (exit {status})", "—", "NOT met"]]
    return results, status, time.monotonic() - started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated bench names (default: all)")
    parser.add_argument("--quick", action="store_true", help="5 rounds instead of 11")
    args = parser.parse_args(argv)
    chosen = [b for b in BENCHES if not args.only or b in args.only.split(",")]
    table, failed = [], False
    for name in chosen:
        results, status, seconds = run(name, args.quick)
        failed |= status != 0
        table += [[name, *row] for row in results]
        print(f"=== {name}: {seconds:.0f} s, exit {status}", flush=True)
    widths = [max(len(row[i]) for row in [["bench", "measure", "value", "goal", "verdict"], *table]) for i in range(5)]
    print("\nThe whole table:\n")
    for row in [["bench", "measure", "value", "goal", "verdict"], *table]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    missed = sum(1 for row in table if row[4] == "NOT met")
    print(f"\n{len(table)} measures, {missed} not met{', a bench failed' if failed else ''}.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
