"""The cockpit's pages: the company page, the wall screen (大屏) and the fragments it refreshes, the colour map and
its thresholds. Thin: each reads one selector or calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.cockpit import selectors, services
from dangjian.cockpit.forms import ThresholdForm
from dangjian.core.scoping import can_anywhere, can_at
from dangjian.core.views.cached import kept_page
from dangjian.core.views.pages import refusal_as_message, refusal_on, require_anywhere

# How often the wall screen refreshes each part, in seconds.
REFRESH_SECONDS = 60


@login_required
@kept_page
def cockpit_page(request):
    """The company page: every part of the cockpit, each number linking to the list it counts."""
    require_anywhere(request.user, "cockpit", "view")
    context = {"summary": selectors.summary(user=request.user), "parts": list(selectors.PARTS)}
    context["shows_map"] = can_anywhere(request.user, "cockpit_map", "view")
    return render(request, "cockpit/cockpit.html", context)


@login_required
@kept_page
def wall(request):
    """The wall screen (大屏, dark, 1920×1080): the same parts, each refreshed by htmx without reloading the page."""
    require_anywhere(request.user, "cockpit", "view")
    context = {"summary": selectors.summary(user=request.user), "refresh": _refresh(request)}
    return render(request, "cockpit/wall.html", context)


def _refresh(request) -> int:
    """The refresh interval: REFRESH_SECONDS, or `?refresh=` (2–600 s) for a screen that wants it faster or slower."""
    try:
        return min(max(int(request.GET.get("refresh", REFRESH_SECONDS)), 2), 600)
    except ValueError:
        return REFRESH_SECONDS


@login_required
@kept_page
def part(request):
    """One part of the cockpit (`?name=projects` …, projects by default), for the wall screen's refresh; `?wall=1`
    in its dark style."""
    require_anywhere(request.user, "cockpit", "view")
    found = selectors.part(user=request.user, name=request.GET.get("name", "projects")[:20])
    context = {"summary": {"org": found["org"], "today": found["today"], found["name"]: found["data"]}}
    context["wall"] = request.GET.get("wall") == "1"
    context["refresh"] = _refresh(request)
    return render(request, f"cockpit/_part_{found['name']}.html", context)


@login_required
@kept_page
def colour_map(request):
    """The colour map (五色地图): the branches the user sees × six dimensions, each cell linked to what it sums up."""
    require_anywhere(request.user, "cockpit_map", "view")
    found = selectors.colour_map(user=request.user)
    user = request.user
    context = {"map": found, "can_set": _can_set(user), "can_read": can_anywhere(user, "cockpit_threshold", "view")}
    if request.htmx:
        return render(request, "cockpit/_map.html", context)
    return render(request, "cockpit/map.html", context)


def _can_set(user) -> bool:
    return can_anywhere(user, "cockpit_threshold", "change")


@login_required
def thresholds(request):
    """The thresholds of the colour map per dimension: read by leaders, set by 党群工作部 (one row per POST)."""
    user = request.user
    require_anywhere(user, "cockpit_threshold", "view")
    company = selectors.threshold_company(user=user)
    form, status = None, 200
    if request.method == "POST":
        form = ThresholdForm(request.POST)
        if form.is_valid():
            with refusal_on(form) as refused:
                services.threshold_save(actor=user, company=company, **form.cleaned_data)
            if not refused:
                messages.success(request, _("Thresholds saved."))
                return redirect("cockpit:thresholds")
        status = 400
    rows = selectors.threshold_rows(user=user, company=company)
    for row in rows:
        bound = form is not None and form.data.get("dimension") == row["dimension"]
        t = row["threshold"]
        initial = {"dimension": row["dimension"]}
        if t is not None:
            initial.update(green_from=t.green_from, yellow_from=t.yellow_from, orange_from=t.orange_from)
        row["form"] = form if bound else ThresholdForm(initial=initial, auto_id=f"id_{row['dimension']}_%s")
    context = {
        "company": company,
        "rows": rows,
        "can_change": can_at(user, "cockpit_threshold", "change", company),
        "any_set": any(r["threshold"] for r in rows),
    }
    return render(request, "cockpit/thresholds.html", context, status=status)


@login_required
@require_POST
def thresholds_defaults(request):
    """Load the default thresholds for every dimension not set yet (one click on an empty install)."""
    user = request.user
    require_anywhere(user, "cockpit_threshold", "change")
    company = selectors.threshold_company(user=user, action="change")
    with refusal_as_message(request) as refused:
        added = services.thresholds_load_defaults(actor=user, company=company)
    if not refused:
        messages.success(request, _("%(n)s default thresholds loaded.") % {"n": added})
    return redirect("cockpit:thresholds")
