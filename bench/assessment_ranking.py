"""The assessment's month ranking at group scale: one period over N branches (default 600) with the demo's 33-item
template, every sheet self-assessed and reviewed, two branches in three with a stored production score. The app
(`assessment.selectors.month_ranking`, what the ranking page and GET /api/v1/assessment/rankings run, loading the
party office's user and scope) against hand-written SQL computing the same rows in the database: per sheet the party
score (100 × Σ final points ÷ Σ maximum points, to the fen), the production score, the combined score (weighted, or
the party score alone without production) and the competition rank over the period. Interleaved rounds, a ratio
only when every row agrees (bench/harness.py). It also prints how long opening the period took.

Usage: `.venv/bin/python bench/assessment_ranking.py [--branches 600 --rounds 11]` (database bench_assessment, or
BENCH_ASSESSMENT_URL; created and migrated if missing; the bench's own rows are under org code BAS).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from decimal import Decimal

import harness

MONTH = dt.date(2025, 3, 1)

RAW = """
WITH sums AS (
  SELECT s.id, s.org_id, o.path,
         ROUND(100 * SUM(GREATEST(COALESCE(CASE WHEN l.automatic THEN l.auto_points ELSE l.self_score END, 0)
                                  - l.deduction, 0)) / NULLIF(SUM(i.max_points), 0), 2) AS party
  FROM assessment_sheet s
  JOIN assessment_line l ON l.sheet_id = s.id
  JOIN assessment_item i ON i.id = l.item_id
  JOIN org_partyorg o ON o.id = s.org_id
  WHERE s.period_id = %(period)s AND o.path LIKE %(scope)s
  GROUP BY s.id, s.org_id, o.path
), scored AS (
  SELECT sums.*, ps.value AS production,
         CASE WHEN sums.party IS NULL THEN NULL
              WHEN ps.value IS NULL THEN sums.party
              ELSE ROUND(sums.party * t.party_weight + ps.value * t.production_weight, 2) END AS total
  FROM sums
  JOIN assessment_period p ON p.id = %(period)s
  JOIN assessment_template t ON t.id = p.template_id
  LEFT JOIN assessment_productionscore ps ON ps.org_id = sums.org_id AND ps.month = p.month
)
SELECT org_id, party, production, total,
       CASE WHEN total IS NULL THEN NULL ELSE RANK() OVER (ORDER BY total DESC NULLS LAST) END AS rank
FROM scored
"""


def seed(n: int):
    from django.db import transaction

    from dangjian.assessment import services
    from dangjian.assessment.demo_data.template import ITEMS
    from dangjian.assessment.models import Line, Period, ProductionScore, Sheet
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
        # Two branches in three have a production score stored for the month (the others stand on party work alone).
        ProductionScore.objects.bulk_create(
            ProductionScore(org=sheet.org, month=MONTH, value=Decimal(60 + (k * 7) % 40), source="entered")
            for k, sheet in enumerate(Sheet.objects.filter(period=period).select_related("org").order_by("org__code"))
            if k % 3
        )
    return root, period, opened


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--branches", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=harness.ROUNDS)
    args = parser.parse_args(argv)
    harness.setup("assessment")

    from dangjian.accounts.models import User
    from dangjian.assessment import selectors

    root, period, opened = seed(args.branches)
    if opened is not None:
        print(f"Opened a period for {args.branches} branches × 33 items in {opened:.1f} s.")
        harness.analyze()
    office = harness.bench_user("bench_assessment_office", "party_office", root)

    def app():
        fresh = User.objects.get(pk=office.pk)  # each request loads the user and its assignments
        return selectors.month_ranking(user=fresh, month=MONTH)

    def app_rows(answer) -> list[tuple]:
        return sorted((r.sheet.org_id, r.party, r.production, r.total, r.rank) for _p, rows in answer for r in rows)

    def base_rows(found) -> list[tuple]:
        return sorted(tuple(row) for row in found)

    comparison = harness.compare(
        f"assessment month ranking, {args.branches} branches",
        app,
        lambda: harness.raw(RAW, {"period": period.pk, "scope": root.path + "%"}),
        normalize_app=app_rows,
        normalize_base=base_rows,
        rounds=args.rounds,
    )
    print("app = assessment.selectors.month_ranking incl. the user and scope; baseline = one SQL statement giving")
    print("the same rows: org, party score, production score, combined score, rank")
    harness.print_comparisons("Assessment month ranking", [comparison])
    return 0


if __name__ == "__main__":
    sys.exit(main())
