"""The assessment's month ranking at group scale: one period over N branches (default 600) with the demo's 33-item
template, every sheet self-assessed and reviewed, scored by the app (`assessment.selectors.month_ranking`, what the
ranking page and GET /api/v1/assessment/rankings run: the sheets, their lines and the production scores, then the
arithmetic in Python) and by hand-written SQL computing the same party scores in the database. It prints both
timings (median of RUNS), the app/raw ratio and whether the answers agree; it also prints how long opening the period
took (sheets, lines and the two automatic metrics for every branch). Nothing is asserted.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_assessment .venv/bin/python bench/assessment_ranking.py
       [--branches 600]   (the database must exist and be migrated; the bench's own rows are under org code BAS)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("DJANGO_MANIFEST_STATIC", "false")

RUNS = 7
MONTH = dt.date(2025, 3, 1)

RAW = """
SELECT s.org_id, ROUND(100 * SUM(GREATEST(COALESCE(CASE WHEN l.automatic THEN l.auto_points ELSE l.self_score END, 0)
                                          - l.deduction, 0)) / SUM(i.max_points), 2)
FROM assessment_sheet s
JOIN assessment_line l ON l.sheet_id = s.id
JOIN assessment_item i ON i.id = l.item_id
JOIN org_partyorg o ON o.id = s.org_id
WHERE s.period_id = %s AND o.path LIKE %s
GROUP BY s.org_id
"""


def seed(n: int):
    from django.db import transaction

    from dangjian.assessment import services
    from dangjian.assessment.demo_data.template import ITEMS
    from dangjian.assessment.models import Line, Period, Sheet
    from dangjian.core.services import SYSTEM
    from dangjian.org.models import PartyOrg

    root = PartyOrg.objects.filter(code="BAS").first()
    if root and Period.objects.filter(template__org=root, month=MONTH).exists():
        return root, Period.objects.get(template__org=root, month=MONTH), None
    with transaction.atomic():
        root = PartyOrg(code="BAS", name="基准公司党委", kind="committee")
        root.save()
        for i in range(n):
            PartyOrg(code=f"BAS-{i:04d}", name=f"基准党支部{i}", kind="branch", parent=root).save()
        template = services.template_create(actor=SYSTEM, org=root, year=MONTH.year, name="基准考核细则")
        for order, (category, code, title, pts, _guide, freq, _evidence, source, rule) in enumerate(ITEMS):
            fields = {"title": title, "max_points": Decimal(pts), "frequency": freq, "source": source, "order": order}
            if rule:
                fields.update(rule=rule[0], zero_at=Decimal(rule[1]), full_at=Decimal(rule[2]), thresholds=rule[3])
            services.item_upsert(actor=SYSTEM, template=template, category_name=category, code=code, **fields)
        started = time.monotonic()
        period = services.period_open(actor=SYSTEM, template=template, month=MONTH)
        opened = time.monotonic() - started
        lines = list(Line.objects.filter(sheet__period=period, automatic=False).select_related("item"))
        for k, line in enumerate(lines):
            line.self_score = line.item.max_points - Decimal(k % 3)
            line.deduction = Decimal(k % 2)
        Line.objects.bulk_update(lines, ["self_score", "deduction"], batch_size=5000)
        Sheet.objects.filter(period=period).update(status=Sheet.Status.REVIEWED)
    return root, period, opened


def median_ms(fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--branches", type=int, default=600)
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection

    from dangjian.accounts.models import RoleAssignment, User
    from dangjian.assessment import selectors

    root, period, opened = seed(args.branches)
    if opened is not None:
        print(f"opened a period for {args.branches} branches x 33 items in {opened:.1f} s")
    user, _ = User.objects.get_or_create(username="bench_office")
    RoleAssignment.objects.get_or_create(user=user, role="party_office", org=root)

    def app():
        fresh = User.objects.get(pk=user.pk)  # each request loads the user and its assignments
        return {r.sheet.org_id: r.party for _p, rows in selectors.month_ranking(user=fresh, month=MONTH) for r in rows}

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW, [period.pk, root.path + "%"])
            return {org: Decimal(v).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) for org, v in cursor.fetchall()}

    app()
    raw()
    app_ms, app_result = median_ms(app)
    raw_ms, raw_result = median_ms(raw)
    print(f"sheets: {len(app_result)}; answers agree: {app_result == raw_result}")
    print(
        f"month ranking (party, production, combined, ranks): app {app_ms:.1f} ms, raw SQL party scores "
        f"{raw_ms:.1f} ms, app/raw {app_ms / raw_ms:.2f}x"
    )


if __name__ == "__main__":
    main()
