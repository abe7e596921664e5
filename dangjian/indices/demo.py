"""The demo companies' indices: each office's weights and the indices computed for the twelve months before the
demo's today from the demo's own data, on the day the monthly task would have run. Idempotent: nothing is done for a
company that has weights.

旗能电铝 gets both indices (last year's weights and this year's, which weigh the projects and production more), read
from its projects' goals, meetings, concerns, assessment sheets and points. It keeps no daily team accounting (its
production score is entered in the 双百分 assessment), so its production component stays empty. The demo's team
accounting (卓越行动, dangjian/value/demo.py) is 中州铝业's, a company of its own: its branches get the branch index
too, whose production component is the mean monthly assessment score of the teams each branch covers. It keeps no
member points or projects here, so no member index.
"""

from __future__ import annotations

import datetime as dt
import os
import time

from dangjian.core import months
from dangjian.core.services import SYSTEM
from dangjian.demo.clock import DemoClock
from dangjian.demo.data import qineng
from dangjian.demo.progress import phase_atomic
from dangjian.indices import components, services
from dangjian.indices.models import IndexValue, Kind, WeightVersion
from dangjian.org.models import PartyOrg
from dangjian.value import demo_data as value_demo

THIS_YEAR_BRANCH = {
    "project_goals": 30,
    "production": 30,
    "meetings": 10,
    "service_sla": 10,
    "assessment": 10,
    "points": 10,
}
THIS_YEAR_MEMBER = {"member_points": 50, "member_projects": 50}
# 中州铝业 keeps only its team accounting on the platform (no projects, meetings or points). Meetings expected and none
# recorded would read as 0 %, so its office weighs what it records here, in one version.
ZZLY_BRANCH = {"production": 70, "project_goals": 10, "service_sla": 10, "assessment": 10}
# Twelve months by default; DEMO_INDICES_MONTHS shortens it (e.g. for a test run: each month is computed in full).
MONTHS = max(1, int(os.environ.get("DEMO_INDICES_MONTHS") or 12))


def seed(*, today: dt.date, stdout) -> None:
    last = months.add_months(months.first_of(today), -1)
    span = months.between(months.add_months(last, 1 - MONTHS), last)
    for code in (qineng.ROOT_CODE, value_demo.ROOT_CODE):
        root = PartyOrg.objects.filter(code=code).first()
        if root is None or WeightVersion.objects.filter(company=root).exists():
            continue
        _seed_company(root, _versions(code, span, today), span, stdout)


def _versions(code: str, span: list[dt.date], today: dt.date) -> dict[int, dict[str, dict]]:
    """{year: {kind: weights}}: the weight versions the company's office set at the start of each year."""
    years = sorted({m.year for m in span})
    if code == value_demo.ROOT_CODE:
        return {years[0]: {Kind.BRANCH: ZZLY_BRANCH}}
    this_year = {Kind.BRANCH: THIS_YEAR_BRANCH, Kind.MEMBER: THIS_YEAR_MEMBER}
    return {
        year: {
            kind: this_year[kind] if year == today.year and len(years) > 1 else components.default_weights(kind)
            for kind in Kind.values
        }
        for year in years
    }


def _seed_company(root: PartyOrg, versions: dict[int, dict[str, dict]], span: list[dt.date], stdout) -> None:
    started = time.monotonic()
    kinds = tuple(next(iter(versions.values())))
    with phase_atomic(), DemoClock(span[0]) as clock:
        for year, weights in versions.items():
            clock.at(dt.date(year, 1, 5), 10)
            for kind, given in weights.items():
                services.weights_set(
                    actor=SYSTEM,
                    company=root,
                    kind=kind,
                    valid_from=dt.date(year, 1, 1),
                    weights=given,
                    note=f"{year}年度权重（党群工作部）",
                )
        for month in span:
            clock.at(months.add_months(month, 1) + dt.timedelta(days=1), 3, 30)
            services.compute_month(actor=SYSTEM, company=root, month=month, kinds=kinds)
    values = IndexValue.objects.filter(company=root)
    produced = sum(
        1
        for parts in values.filter(kind=Kind.BRANCH).values_list("components", flat=True)
        if any(p["code"] == "production" and p["normalised"] is not None for p in parts)
    )
    stdout.write(
        f"Computed the indices of {root.name}: {values.count()} values over {len(span)} months "
        f"({span[0]:%Y-%m}–{span[-1]:%Y-%m}), {produced} branch-months with a production score, weights of "
        f"{', '.join(map(str, versions))}, in {time.monotonic() - started:.1f} s."
    )
