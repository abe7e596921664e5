"""日日出排名: a day's ranking of every visible peer group as a kiosk page that refreshes itself, its .xlsx export,
and closing (locking) a group's day."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.core.exports import xlsx_response
from dangjian.core.scoping import can_anywhere, can_at
from dangjian.core.views.cached import kept_page
from dangjian.core.views.pages import refusal_as_message, require_anywhere
from dangjian.indicators.templatetags.indicator_tags import DASH, num
from dangjian.value import selectors, services
from dangjian.value.models.catalogue import Metric
from dangjian.value.views.common import day_from, group_from, metric_from

REFRESH_SECONDS = 60


def _board(request) -> dict:
    user = request.user
    require_anywhere(user, "value", "view")
    day, metric = day_from(request, user), metric_from(request)
    group, groups = group_from(request, user)
    rows = selectors.daily_ranking(user=user, day=day, group=group, metric=metric)
    shown = [group] if group else groups
    by_group = {g.pk: [] for g in shown}
    for row in rows:
        by_group.setdefault(row.group_id, []).append(row)
    locked = selectors.locked_groups(day=day, groups=shown)
    team_url = reverse("value:team", args=[0]).removesuffix("0/")
    sections = [
        {
            "group": g,
            "rows": by_group.get(g.pk, []),
            "cells": _cells(by_group.get(g.pk, []), team_url),
            "locked": g.pk in locked,
            "can_lock": can_at(user, "value", "change", g.org),
        }
        for g in shown
    ]
    return {
        "can_export": can_anywhere(user, "value", "export"),
        "day": day,
        "metric": metric,
        "show_improvement": metric == "improvement",
        "metrics": Metric.choices,
        "group": group,
        "groups": groups,
        "sections": sections,
        "refresh": REFRESH_SECONDS,
        "query": request.GET.urlencode(),
        # Opened without a day: it shows the latest day with records, which is not today when today has none yet.
        "latest_shown": not request.GET.get("date") and day != timezone.localdate(),
    }


def _cells(rows, team_url: str) -> list[dict]:
    """A group's rows as the board shows them: numbers formatted and the team's URL built here, once per row, instead
    of a filter per cell and a URL reversed per row in the template (190 teams: most of the page's time)."""
    return [
        {
            "css": "dj-vfirst" if r.rank == 1 else "dj-vtop" if r.rank and r.rank <= 3 else "",
            "rank": r.rank or DASH,
            "href": f"{team_url}{r.unit_id}/",
            "name": r.name,
            "value_per_hour": num(r.value_per_hour, 2),
            "value": num(r.value, 0),
            "hours": num(r.hours, 1),
            "improvement": DASH if r.improvement is None else f"{num(r.improvement, 1)}%",
        }
        for r in rows
    ]


@login_required
@kept_page
def board(request):
    return render(request, "value/board.html", _board(request))


@login_required
@kept_page
def board_rows(request):
    return render(request, "value/_board_rows.html", _board(request))


@login_required
def board_export(request):
    user = request.user
    require_anywhere(user, "value", "export")
    context = _board(request)
    headers = [
        _("Peer group"),
        _("Rank"),
        _("Unit code"),
        _("Unit"),
        _("Value created (元)"),
        _("Hours"),
        _("Value per hour (元/h)"),
        _("Baseline (元/h)"),
        _("Improvement (%)"),
    ]
    rows = [
        [s["group"].name, r.rank, r.code, r.name, r.value, r.hours, r.value_per_hour, r.baseline, r.improvement]
        for s in context["sections"]
        for r in s["rows"]
    ]
    services.export_audit(
        actor=user,
        what="daily_ranking",
        rows=len(rows),
        params={"date": context["day"].isoformat(), "metric": context["metric"]},
    )
    return xlsx_response(f"ranking-{context['day']:%Y%m%d}.xlsx", headers, rows, _("Ranking"))


@login_required
@require_POST
def day_lock(request):
    user = request.user
    code = request.POST.get("group", "")
    group = next((g for g in selectors.group_list(user=user) if g.code == code), None)
    if group is None:
        raise PermissionDenied
    with refusal_as_message(request) as refused:
        day = selectors.parse_date(request.POST.get("date"))
        services.day_lock(actor=user, group=group, date=day)
    if refused:
        return redirect("value:board")
    messages.success(request, _("%(group)s's day %(day)s is locked.") % {"group": group.name, "day": day})
    return redirect(f"{reverse('value:board')}?date={day.isoformat()}&group={group.code}")
