"""Exports of an indicator page to .xlsx: the trend's series and the unit × month table, each with an audit row."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.core.exports import xlsx_response
from dangjian.core.views.pages import refusal
from dangjian.indicators import selectors, services
from dangjian.indicators.views.state import login_required, page_state, require


def _audit(request, indicator, what: str, rows: int, state) -> None:
    services.indicator_export_audit(
        actor=request.user, indicator=indicator, what=what, rows=rows, params=state.params()
    )


def _state(request, indicator):
    """The page's choices; a unit that is not found — missing, or of another company — is 404, not an export of
    the company instead."""
    state = page_state(request, indicator)
    if state.form.is_bound and state.form.has_error("unit"):
        raise Http404(_("No such unit, or you do not have access to it."))
    return state


def _back(request, indicator, message: str):
    messages.error(request, message)
    return redirect(f"{reverse('indicators:detail', args=[indicator.code])}?{request.GET.urlencode()}")


@login_required
def series_export(request, code: str):
    """The trend as shown on the page: period, actual, target, best ever and benchmark."""
    indicator = selectors.indicator_detail(user=request.user, code=code)
    require(request.user, "export")
    state = _state(request, indicator)
    if state.unit is None:
        return _back(request, indicator, _("There are no production units yet."))
    with refusal() as refused:
        trend = selectors.trend(
            indicator=indicator, unit=state.unit, bucket=state.bucket, start=state.start, end=state.end
        )
    if refused:
        return _back(request, indicator, refused.message)
    rows = [
        [label, actual, target, best, indicator.benchmark, state.unit.code, state.unit.name]
        for label, actual, target, best in trend.rows()
    ]
    _audit(request, indicator, "series", len(rows), state)
    headers = [
        _("Period"),
        _("Actual"),
        _("Target"),
        _("Best ever"),
        _("Industry benchmark"),
        _("Unit code"),
        _("Unit"),
    ]
    filename = f"{indicator.code}-{state.unit.code}-{state.bucket}.xlsx"
    return xlsx_response(filename, [str(h) for h in headers], rows, sheet_title=indicator.code)


@login_required
def table_export(request, code: str):
    """The unit × month table: one row per unit and month (and the year), with attainment and gap."""
    indicator = selectors.indicator_detail(user=request.user, code=code)
    require(request.user, "export")
    state = _state(request, indicator)
    if state.unit is None:
        return _back(request, indicator, _("There are no production units yet."))
    table = selectors.unit_month_table(indicator=indicator, unit=state.unit, year=state.year, today=state.today)
    rows = []
    for row in table.rows:
        for cell in [*row.months, row.year]:
            a = cell.attainment
            period = f"{a.year}-{a.month:02d}" if a.month else str(a.year)
            met = None if cell.state in ("none", "running") else a.met
            rows.append([row.unit.code, row.unit.name, period, a.actual, a.target, a.percent, a.gap, met])
    _audit(request, indicator, "unit_month_table", len(rows), state)
    headers = [
        _("Unit code"), _("Unit"), _("Period"), _("Actual"), _("Target"), _("Attainment %"), _("Gap"), _("Target met"),
    ]  # fmt: skip
    filename = f"{indicator.code}-{state.unit.code}-{state.year}.xlsx"
    return xlsx_response(filename, [str(h) for h in headers], rows, sheet_title=indicator.code)
