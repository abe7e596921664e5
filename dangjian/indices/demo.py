"""The demo company's indices: the office's weights (last year's version and this year's, which weighs the projects
and production more) and both indices computed for the twelve months before the demo's today from the demo's own
data — projects' goals, team value, meetings, concerns, assessment sheets and points — on the day the monthly task
would have run. Idempotent: nothing is done once the company has weights."""

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

THIS_YEAR_BRANCH = {
    "project_goals": 30,
    "production": 30,
    "meetings": 10,
    "service_sla": 10,
    "assessment": 10,
    "points": 10,
}
THIS_YEAR_MEMBER = {"member_points": 50, "member_projects": 50}
# Twelve months by default; DEMO_INDICES_MONTHS shortens it (e.g. for a test run: each month is computed in full).
MONTHS = max(1, int(os.environ.get("DEMO_INDICES_MONTHS") or 12))


def seed(*, today: dt.date, stdout) -> None:
    root = PartyOrg.objects.filter(code=qineng.ROOT_CODE).first()
    if root is None or WeightVersion.objects.filter(company=root).exists():
        return
    started = time.monotonic()
    last = months.add_months(months.first_of(today), -1)
    span = months.between(months.add_months(last, 1 - MONTHS), last)
    years = sorted({m.year for m in span})
    with phase_atomic(), DemoClock(span[0]) as clock:
        for year in years:
            clock.at(dt.date(year, 1, 5), 10)
            newest = year == today.year
            for kind in Kind.values:
                weights = components.default_weights(kind)
                if newest and len(years) > 1:
                    weights = THIS_YEAR_BRANCH if kind == Kind.BRANCH else THIS_YEAR_MEMBER
                services.weights_set(
                    actor=SYSTEM,
                    company=root,
                    kind=kind,
                    valid_from=dt.date(year, 1, 1),
                    weights=weights,
                    note=f"{year}年度权重（党群工作部）",
                )
        for month in span:
            clock.at(months.add_months(month, 1) + dt.timedelta(days=1), 3, 30)
            services.compute_month(actor=SYSTEM, company=root, month=month)
    count = IndexValue.objects.filter(company=root).count()
    stdout.write(
        f"Computed the indices: {count} values over {len(span)} months ({span[0]:%Y-%m}–{span[-1]:%Y-%m}), "
        f"weights of {', '.join(map(str, years))}, in {time.monotonic() - started:.1f} s."
    )
