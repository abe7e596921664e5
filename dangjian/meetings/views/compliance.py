"""Compliance pages: the company's frequency rules, an org's calendar (each rule's periods of a year, met / late /
missing / open) and the matrix of orgs × months with red / amber / green for 党群工作部."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core.scoping import can_at
from dangjian.core.views.pages import refusal_as_message, require_anywhere
from dangjian.meetings import compliance, selectors, services
from dangjian.meetings.forms import RuleForm
from dangjian.meetings.models import MeetingType


def _year(request) -> int:
    text = request.GET.get("year", "")
    year = int(text) if text.isdigit() else timezone.localdate().year
    if not 1990 < year < 2200:
        raise Http404
    return year


@login_required
def calendar(request, pk: int):
    """One org's year: a row per applicable rule, a cell per period."""
    org = selectors.org_get(user=request.user, pk=pk)
    year = _year(request)
    results = selectors.org_compliance(org=org, year=year)
    labels = dict(MeetingType.choices)
    rows = [{"label": labels[r.meeting_type], "result": r} for r in results]
    context = {"org": org, "year": year, "rows": rows, "rate": compliance.rate(results)}
    return render(request, "meetings/calendar.html", context)


@login_required
def matrix(request):
    """Orgs × months, red / amber / green, for the orgs whose meetings the user may see (a fixed number of queries)."""
    user = request.user
    require_anywhere(user, "meeting", "view")
    year = _year(request)
    under = None
    if request.GET.get("org"):
        under = selectors.org_get(user=user, code=request.GET["org"][:40])
    orgs = selectors.matrix_orgs(user=user, under=under)
    rows = compliance.matrix(orgs, year, timezone.localdate())
    context = {"year": year, "rows": rows, "under": under, "months": range(1, 13)}
    return render(request, "meetings/matrix.html", context)


@login_required
def rules(request):
    """The company's frequency rules (党群工作部 at the company's committee changes them; others who see meetings
    read them). One form per rule; saving one stores the company's own copy of every default."""
    user = request.user
    require_anywhere(user, "meeting", "view")
    company = selectors.rules_company(user=user)
    if company is None:
        raise Http404
    may_change = can_at(user, "meeting", "change", company)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        form = RuleForm(request.POST)
        if form.is_valid():
            with refusal_as_message(request) as refused:
                services.rule_save(actor=user, company=company, **form.cleaned_data)
            if not refused:
                messages.success(request, _("Rule saved."))
                return redirect("meetings:rules")
        else:
            messages.error(request, _("Check the rule: %(errors)s") % {"errors": form.errors.as_text()})
    rows = [
        {"rule": rule, "form": RuleForm(initial=RuleForm.initial_for(rule), prefix=rule.meeting_type)}
        for rule in selectors.company_rules(company=company)
    ]
    return render(request, "meetings/rules.html", {"company": company, "rows": rows, "may_change": may_change})
