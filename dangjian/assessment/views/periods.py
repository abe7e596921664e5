"""The assessment's front page (periods of a year), a period's sheets with their scores and ranks, opening, locking
and reopening a period, production scores of a month, and the performance-pay export."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.assessment import selectors, services, workflow
from dangjian.assessment.pay import pay_rows
from dangjian.assessment.views.common import month_param, require_view, run, year_param
from dangjian.core import months
from dangjian.core.exports import xlsx_response
from dangjian.core.permissions import ADD, EXPORT
from dangjian.core.scoping import can_anywhere, can_at


def _num(value) -> str | None:
    return None if value is None else str(value)


@login_required
def index(request):
    require_view(request.user)
    year = year_param(request)
    templates = list(selectors.template_list(user=request.user, year=year))
    periods = list(selectors.period_list(user=request.user, year=year))
    offices = [t for t in templates if workflow.OFFICE in workflow.standings(request.user, t.org)]
    opened = {p.month for p in periods}
    unopened = [m for m in (dt.date(year, n, 1) for n in range(1, 13)) if m not in opened]
    context = {
        "year": year,
        "templates": templates,
        "periods": periods,
        "can_open": offices[:1],
        "can_create": can_anywhere(request.user, "assessment", ADD),
        "next_month": months.label(unopened[0]) if unopened else "",
    }
    return render(request, "assessment/index.html", context)


@login_required
@require_POST
def period_open(request, pk: int):
    template = selectors.template_get(user=request.user, pk=pk)
    if workflow.OFFICE not in workflow.standings(request.user, template.org):
        raise PermissionDenied
    month = months.parse(request.POST.get("month", ""))
    if month is None:
        messages.error(request, _("Choose a month."))
        return redirect("assessment:index")
    holder = {}

    def call():
        holder["period"] = services.period_open(actor=request.user, template=template, month=month)

    if run(request, call, _("%(month)s is open for self-assessment.") % {"month": months.label(month)}):
        return redirect("assessment:period", pk=holder["period"].pk)
    return redirect("assessment:index")


@login_required
def period(request, pk: int):
    user = request.user
    found = selectors.period_get(user=user, pk=pk)
    ranking = dict(selectors.month_ranking(user=user, month=found.month)).get(found, [])
    office = workflow.OFFICE in workflow.standings(user, found.template.org)
    context = {
        "period": found,
        "rows": ranking,
        "can_lock": not found.locked and office,
        "can_unlock": found.locked and office,
        "can_export": found.locked and can_at(user, "assessment", EXPORT, found.template.org),
        "chart": {
            "orgs": [r.sheet.org.name for r in reversed(ranking)],
            "party": [_num(r.party) for r in reversed(ranking)],
            "production": [_num(r.production) for r in reversed(ranking)],
            "total": [_num(r.total) for r in reversed(ranking)],
            "labels": {"party": _("Party work"), "production": _("Production"), "total": _("Combined")},
        },
    }
    return render(request, "assessment/period.html", context)


@login_required
@require_POST
def period_lock(request, pk: int):
    found = selectors.period_get(user=request.user, pk=pk)
    run(request, lambda: services.period_lock(actor=request.user, period=found), _("The period is final and locked."))
    return redirect("assessment:period", pk=pk)


@login_required
@require_POST
def period_unlock(request, pk: int):
    """Reopen a locked month for a correction, with the reason (党群工作部)."""
    found = selectors.period_get(user=request.user, pk=pk)
    run(
        request,
        lambda: services.period_unlock(actor=request.user, period=found, reason=request.POST.get("reason", "")),
        _("The month is reopened: correct the sheets, then lock it again."),
    )
    return redirect("assessment:period", pk=pk)


@login_required
def pay_export(request, pk: int):
    """Per person, the branch's rank and combined score and the pay coefficient (绩效挂钩), as .xlsx; audited."""
    user = request.user
    found = selectors.period_get(user=user, pk=pk)
    if not can_at(user, "assessment", EXPORT, found.template.org):
        raise PermissionDenied
    if not found.locked:
        messages.error(request, _("The pay coefficients are exported once the period is locked."))
        return redirect("assessment:period", pk=pk)
    headers, rows = pay_rows(found, user=user)
    services.pay_export_audit(actor=user, period=found, rows=len(rows))
    return xlsx_response(f"绩效挂钩-{months.label(found.month)}.xlsx", headers, rows, _("Pay"))


@login_required
def production(request, pk: int):
    """The production scores (0–100) of the period's branches, entered for its month."""
    user = request.user
    found = selectors.period_get(user=user, pk=pk)
    sheets = [s for s in selectors.sheets_of(user=user, period=found) if services.may_set_production(user, s.org)]
    if not sheets:
        raise PermissionDenied
    if request.method == "POST":
        values = {sheet.org: request.POST.get(f"org-{sheet.org_id}", "") for sheet in sheets}
        holder = {}

        def call():
            holder["n"] = services.production_scores_set(actor=user, month=found.month, values=values)

        if run(request, call, _("Production scores saved.")):
            return redirect("assessment:period", pk=pk)
    stored = selectors.production_scores(orgs=[s.org for s in sheets], month=found.month)
    rows = [(sheet.org, stored.get(sheet.org_id)) for sheet in sheets]
    return render(request, "assessment/production.html", {"period": found, "rows": rows})


@login_required
def rankings(request):
    """A month's ranking (party, production, combined) and the year's, with charts."""
    user = request.user
    require_view(user)
    month = month_param(request)
    year_rows = selectors.year_ranking(user=user, year=month.year)
    by_period = selectors.month_ranking(user=user, month=month)
    context = {
        "month": month,
        "previous": months.add_months(month, -1),
        "next": months.add_months(month, 1),
        "by_period": by_period,
        "year_rows": year_rows,
        "chart": {
            "months": [f"{m}月" for m in range(1, 13)],
            "series": [{"name": r.org.name, "data": [_num(r.months.get(m)) for m in range(1, 13)]} for r in year_rows],
        },
    }
    return render(request, "assessment/rankings.html", context)
