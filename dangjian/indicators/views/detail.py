"""The indicator page: the trend for a unit's subtree (target, benchmark and best-ever lines), the unit × month
table of actual against target, and the records broken."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render

from dangjian.core.scoping import can_anywhere
from dangjian.core.views.pages import place_on_top, refusal_on
from dangjian.indicators import selectors, services
from dangjian.indicators.views.state import login_required, page_state, require

# Records broken are listed for the last year up to the end of the trend.
RECORD_DAYS = 365


@login_required
def indicator_page(request, code: str):
    """One indicator for one unit's subtree. A fixed number of queries: the indicator, the units for the picker, the
    trend (history roll-up and targets), the table (children, two roll-ups, targets) and the records (two)."""
    user = request.user
    indicator = selectors.indicator_detail(user=user, code=code)  # out of scope: 404, then the grant: 403
    require(user, "view")
    state = page_state(request, indicator, selectors.unit_choices(user))
    trend = table = None
    unit_records = []
    if state.unit is not None:
        with refusal_on(state.form, place=place_on_top):
            trend = selectors.trend(
                indicator=indicator, unit=state.unit, bucket=state.bucket, start=state.start, end=state.end
            )
        table = selectors.unit_month_table(indicator=indicator, unit=state.unit, year=state.year, today=state.today)
        unit_records = selectors.unit_records(
            indicator=indicator,
            unit=state.unit,
            since=state.end - dt.timedelta(days=RECORD_DAYS),
            until=state.end,
            limit=12,
        )
    context = {
        "indicator": indicator,
        "state": state,
        "form": state.form,
        "trend": trend,
        "chart": trend.chart() if trend else None,
        "table": table,
        "unit_records": unit_records,
        "query": request.GET.urlencode(),
        "can_enter": indicator.stores_values and can_anywhere(user, "indicator", "add"),
        "can_target": can_anywhere(user, "indicator", "change"),
        "can_edit": indicator.company_id is not None and services.catalogue_editable(user, indicator.company),
        "can_export": can_anywhere(user, "indicator", "export"),
    }
    return render(request, "indicators/indicator_detail.html", context)
