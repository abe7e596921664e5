"""The standard catalogues page (标准目录): each catalogue shown before it is installed, installed with one click by the
company's 党群工作部, then edited on its own page; and the company's go-live date."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from dangjian.core.errors import NotPermitted
from dangjian.core.scoping import can_at
from dangjian.core.views.pages import refusal_as_message, require_anywhere
from dangjian.meetings import selectors
from dangjian.shell import standard

# The page is the office's (meeting rules at the company); each other catalogue is installed with its own
# capability's grant (points, 双百分, the calendar), and a refusal of one of them is said on the page as a message.
OTHER_GRANTS = (NotPermitted,)


def _company(user):
    require_anywhere(user, "meeting", "view")
    company = selectors.rules_company(user=user)
    if company is None:
        raise Http404
    if not can_at(user, "meeting", "change", company):
        raise PermissionDenied
    return company


def _install(request, company, which: str, today: dt.date) -> str:
    user = request.user
    if which == "meetings":
        count = standard.install_standard_meeting_rules(actor=user, company=company)
    elif which == "points":
        count = standard.install_standard_points(actor=user, company=company, valid_from=today.replace(month=1, day=1))
    elif which == "assessment":
        standard.install_standard_assessment(actor=user, company=company, year=today.year)
        count = len(standard.assessment_preview())
    elif which == "holidays":
        count = standard.install_standard_holidays(actor=user, years=[today.year, today.year + 1])
    elif which == "go_live":
        day = parse_date(request.POST.get("go_live", "") or "")
        if request.POST.get("go_live") and day is None:
            messages.error(request, _("Enter the go-live date as YYYY-MM-DD."))
            return ""
        standard.company_go_live_set(actor=user, company=company, go_live=day)
        return _("The go-live date is saved.")
    else:
        raise Http404
    return _("Installed: %(count)s added.") % {"count": count}


@login_required
def standard_catalogues(request):
    """GET shows what each standard catalogue holds and whether the company has it; POST installs one."""
    user = request.user
    company = _company(user)
    today = timezone.localdate()
    if request.method == "POST":
        with refusal_as_message(request, also=OTHER_GRANTS) as refused:
            done = _install(request, company, request.POST.get("install", ""), today)
        if not refused and done:
            messages.success(request, done)
        return redirect("standard")
    context = {"company": company, "today": today, **selectors_state(company, today)}
    return render(request, "shell/standard.html", context)


def selectors_state(company, today: dt.date) -> dict:
    """What the company has of each catalogue (a handful of counts, through each capability's selectors) and the
    previews."""
    from dangjian.assessment import selectors as assessment
    from dangjian.points import selectors as points
    from dangjian.points.models import StarPolicy
    from dangjian.service import selectors as service

    years = [today.year, today.year + 1]
    holidays = {year: standard.holidays(year) for year in years}
    return {
        "meeting_rules": standard.meeting_rules_preview(),
        "meeting_rules_installed": selectors.rule_count(company=company),
        "points_rules": standard.points_preview(),
        "points_installed": points.rule_count(company=company),
        "star_policy": points.star_policy(company=company),
        "star_default": StarPolicy(company=company),
        "assessment_items": standard.assessment_preview(),
        "assessment_installed": assessment.template_of(org=company, year=today.year),
        "holidays": [(year, rows) for year, rows in holidays.items()],
        "holidays_marked": service.calendar_days_marked(years=years),
        "holidays_missing": [year for year, rows in holidays.items() if not rows],
    }
