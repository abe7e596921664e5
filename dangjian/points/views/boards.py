"""Leaderboards, star distributions, appraisal inputs, the branch star board and rating, and the gaming checks."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core.errors import InvalidInput
from dangjian.core.permissions import CHANGE, VIEW
from dangjian.core.scoping import can_anywhere, can_at
from dangjian.core.views.cached import kept_page
from dangjian.core.views.pages import refusal_as_message, refusal_on, require_anywhere
from dangjian.org.models import PartyOrg
from dangjian.points import gaming, selectors, services
from dangjian.points.forms import AppraisalForm
from dangjian.points.services.common import company_of
from dangjian.points.views.ledger import _year


def _org(request, resource: str, own_branch: bool = False) -> PartyOrg:
    require_anywhere(request.user, resource, VIEW)
    return selectors.visible_org(
        user=request.user, code=request.GET.get("org"), resource=resource, own_branch=own_branch
    )


def _branch_board_visible(user, code: str | None = None) -> bool:
    """Whether the branch star board has an org to show this user (the link to it shows only then)."""
    if not can_anywhere(user, "stars", VIEW):
        return False
    return selectors.visible_org_or_none(user=user, code=code, resource="stars") is not None


def _orgs_for_picker(user, resource: str):
    return selectors.orgs_for_picker(user=user, resource=resource)


@login_required
@kept_page
def leaderboard(request):
    """People of an org subtree ranked by approved points in a year, quarter or month."""
    org = _org(request, "points")
    period = selectors.parse_period(None, timezone.localdate())
    with refusal_as_message(request):
        period = selectors.parse_period(request.GET.get("period"), timezone.localdate())
    context = {
        "org": org,
        "period": period,
        "standings": selectors.leaderboard(org=org, period=period),
        "orgs": _orgs_for_picker(request.user, "points"),
        "branch_board": _branch_board_visible(request.user, org.code),
    }
    return render(request, "points/leaderboard.html", context)


@login_required
def stars(request):
    """The star distribution of an org subtree for a year (a chart) and who holds how many stars (`stars=N`: only
    those with N stars, the list a count of the distribution opens)."""
    org = _org(request, "stars", own_branch=True)
    year = _year(request)
    distribution = selectors.star_distribution(org=org, year=year)
    raw = request.GET.get("stars", "")
    only = int(raw) if raw in {"1", "2", "3", "4", "5"} else None
    rows = selectors.star_list(user=request.user, org=org, year=year)
    if only is not None:
        rows = rows.filter(stars=only)
    context = {
        "org": org,
        "year": year,
        "distribution": distribution,
        "chart": {"labels": [f"{n}★" for n in distribution], "values": list(distribution.values())},
        "rows": list(rows[:200]),
        "only": only,
        "orgs": _orgs_for_picker(request.user, "stars"),
        "can_change": can_at(request.user, "stars", CHANGE, org),
        "branch_board": _branch_board_visible(request.user),
    }
    return render(request, "points/stars.html", context)


@login_required
def appraisal(request):
    """Record a person's democratic appraisal result and veto items for a year (their stars follow)."""
    user = request.user
    require_anywhere(user, "stars", CHANGE)
    form = AppraisalForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = selectors.person_by_employee_no(user=user, employee_no=data["employee_no"])
        with refusal_on(form) as refused:
            if person is None:
                raise InvalidInput(_("No person with this employee number."), errors={"employee_no": [_("Not found.")]})
            services.appraisal_record(
                actor=user,
                person=person,
                year=data["year"],
                appraisal=data["appraisal"],
                sanctioned=data["sanctioned"],
                veto_note=data["veto_note"],
            )
        if not refused:
            messages.success(request, _("The appraisal is recorded; the stars are being recomputed."))
            return redirect("points:appraisal")
    status = 400 if request.method == "POST" else 200
    return render(request, "points/appraisal.html", {"form": form}, status=status)


@login_required
def branches(request):
    """The branch star board: each rated branch's 三星/四星/五星 this year beside last year's."""
    org = _org(request, "stars")
    year = _year(request)
    context = {
        "org": org,
        "year": year,
        "board": selectors.branch_board(user=request.user, org=org, year=year),
        "orgs": _orgs_for_picker(request.user, "stars"),
        "can_rate": can_at(request.user, "stars", CHANGE, org),
        "can_set": can_at(request.user, "stars", CHANGE, company_of(org)),
        "unrated": selectors.unrated_branches(user=request.user, org=org, year=year),
    }
    return render(request, "points/branches.html", context)


@login_required
def branch_rate(request, pk: int, year: int):
    """Score one branch on the year's criteria. A year whose criteria are not set shows the defaults it would start
    from and a link to set them (党群工作部); nothing is written on GET."""
    user = request.user
    org = selectors.org_get(user=user, pk=pk)
    if not can_at(user, "stars", CHANGE, org):
        raise PermissionDenied
    company = company_of(org)
    draft = selectors.branch_template_draft(company=company, year=year)
    criteria = draft.criteria if draft.saved else []
    rating = selectors.branch_rating(org=org, year=year)
    errors = {}
    if request.method == "POST":
        with refusal_as_message(request) as refused:
            try:
                scores = {c.pk: Decimal(request.POST.get(f"c{c.pk}") or 0) for c in criteria}
            except (ArithmeticError, ValueError) as exc:
                raise InvalidInput(_("Give each score as a number.")) from exc
            services.branch_rate(
                actor=user, org=org, year=year, scores=scores, vetoes_found=request.POST.getlist("veto")
            )
        if refused:
            errors = refused.error.errors or {"__all__": [refused.message]}
        else:
            messages.success(request, _("The branch is rated."))
            return redirect(f"{redirect('points:branches').url}?year={year}&org={company.code}")
    given = rating.scores if rating else {}
    rows = [(c, request.POST.get(f"c{c.pk}") or given.get(str(c.pk), "")) for c in criteria]
    found = rating.vetoes_found.splitlines() if rating else []
    context = {
        "org": org,
        "year": year,
        "template": draft.template,
        "draft": draft,
        "rows": rows,
        "rating": rating,
        "errors": errors,
        "vetoes": [(v, v in found) for v in draft.template.veto_list],
        "can_set": can_at(user, "stars", CHANGE, company),
    }
    return render(request, "points/branch_rate.html", context, status=400 if errors else 200)


@login_required
def gaming_checks(request):
    """Signs of gaming the points (刷分) with the entries behind each, for 党群工作部."""
    org = _org(request, "points_review")
    year = _year(request)
    flags = gaming.gaming_flags(org=org, year=year)
    context = {"org": org, "year": year, "flags": flags, "orgs": _orgs_for_picker(request.user, "points_review")}
    return render(request, "points/gaming.html", context)
