"""Typing indicator data in by hand: one value (through values_upsert, source "manual", with the cell's revision
history shown) and a unit's targets for a year (through target_set)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from dangjian.core.views.pages import place_on_top, refusal_on
from dangjian.indicators import selectors, services
from dangjian.indicators.forms import TargetsForm, ValueEntryForm, place_errors
from dangjian.indicators.periods import PeriodError, parse_period
from dangjian.indicators.views.state import login_required, require

MAX_REVISIONS = 50


def _cell_history(user, indicator, unit_code: str, period: str, shift: str):
    """The stored value of one cell and its earlier values (newest first), or (None, []): two queries."""
    unit = selectors.unit_by_code(user, unit_code) if unit_code else None
    if unit is None or not period:
        return None, []
    try:
        start, shift = parse_period(indicator.granularity, period, shift)
    except PeriodError:
        return None, []
    value = selectors.cell_value(indicator=indicator, unit=unit, start=start, shift=shift)
    if value is None:
        return None, []
    revisions = list(value.revisions.select_related("recorded_by", "replaced_by").order_by("-revision")[:MAX_REVISIONS])
    return value, revisions


@login_required
def value_entry(request, code: str):
    """One value typed in by hand. After saving, the page shows that cell: its value now and every earlier one."""
    user = request.user
    indicator = selectors.indicator_detail(user=user, code=code)
    require(user, "add")
    units = selectors.unit_choices(user, writing="add")
    if request.method == "POST":
        form = ValueEntryForm(request.POST, indicator=indicator, units=units)
        if form.is_valid():
            with refusal_on(form, place=place_errors) as refused:
                counts = services.values_upsert(
                    actor=user,
                    rows=[form.row(indicator)],
                    source=services.Source.MANUAL,
                    reason=form.cleaned_data["reason"],
                )
            if not refused:
                if counts["unchanged"]:
                    messages.info(request, _("That value was already stored; nothing changed."))
                else:
                    messages.success(request, _("The value is saved."))
                cell = {k: form.cleaned_data.get(k) or "" for k in ("unit", "period", "shift")}
                return redirect(f"{reverse('indicators:entry', args=[indicator.code])}?{urlencode(cell)}")
        status = 400
    else:
        initial = {k: request.GET.get(k, "")[:40] for k in ("unit", "period", "shift")}
        # The first unit the user may write for: the company for the party office, the workshop for a branch.
        initial["unit"] = initial["unit"] or (units[0][0] if units else "")
        form = ValueEntryForm(initial=initial, indicator=indicator, units=units)
        status = 200
    source = form.data if form.is_bound else form.initial
    value, revisions = _cell_history(
        user, indicator, source.get("unit", ""), source.get("period", ""), source.get("shift", "")
    )
    context = {"indicator": indicator, "form": form, "value": value, "revisions": revisions}
    return render(request, "indicators/value_entry.html", context, status=status)


@login_required
def targets(request, code: str):
    """A unit's targets for a year: the whole year and each month. Saving sets every changed box, all or nothing."""
    user = request.user
    indicator = selectors.indicator_detail(user=user, code=code)
    require(user, "change")
    units = selectors.unit_choices(user, writing="change")
    # Without a choice: the first unit the user may set targets for.
    unit = selectors.unit_by_code(user, request.GET.get("unit", "")[:40] or (units[0][0] if units else ""))
    if unit is None and request.GET.get("unit"):
        raise Http404(_("No such unit, or you do not have access to it."))
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else timezone.localdate().year
    current = {}
    if unit is not None:
        current = selectors.year_targets(indicator=indicator, unit=unit, year=year)
    if request.method == "POST" and unit is not None:
        form = TargetsForm(request.POST, initial_targets=current)
        if form.is_valid():
            with refusal_on(form, place=place_on_top) as refused, transaction.atomic():
                changes = form.changes(current)
                for month, value in changes:
                    services.target_set(actor=user, indicator=indicator, unit=unit, year=year, month=month, value=value)
            if not refused:
                messages.success(request, _("%(count)s targets saved.") % {"count": len(changes)})
                query = urlencode({"unit": unit.code, "year": year})
                return redirect(f"{reverse('indicators:targets', args=[indicator.code])}?{query}")
        status = 400
    else:
        form = TargetsForm(initial_targets=current)
        status = 200
    context = {
        "indicator": indicator,
        "form": form,
        "unit": unit,
        "year": year,
        "years": range(year - 3, year + 2),
        "units": units,
    }
    return render(request, "indicators/targets.html", context, status=status)
