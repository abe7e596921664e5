"""A team's page: its trend charts (value per hour against its peers, value by month), its benchmark gaps for a
month (best month ever, peer average, target) and its latest records."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dangjian.core.scoping import can
from dangjian.value import selectors
from dangjian.value.benchmarks import trend, unit_benchmarks
from dangjian.value.rankings import month_bounds
from dangjian.value.views.common import latest_day, month_from

RECENT = 14


@login_required
def team(request, pk: int):
    user = request.user
    unit = selectors.unit_detail(user=user, pk=pk)
    month = month_from(request, user)
    _first, last = month_bounds(month)
    records = selectors.recent_records(unit=unit, limit=RECENT)
    context = {
        "unit": unit,
        "month": month,
        "benchmarks": unit_benchmarks(unit, month),
        "chart": trend(unit, min(last, latest_day(user))),
        "records": records,
        "can_enter": can(user, "add", unit),
        "wins": list(unit.wins.order_by("-year")),
    }
    return render(request, "value/team.html", context)
