"""The overview of value accounting and the monthly summary (月月有考核): each unit's month with its rank,
assessment points and score, subtotals per workshop and for the company, the year's winning teams; and its export."""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core.exports import xlsx_response
from dangjian.core.scoping import can_anywhere
from dangjian.core.views.pages import require_anywhere
from dangjian.value import selectors, services
from dangjian.value.rankings import per_hour
from dangjian.value.views.common import group_from, month_from


@login_required
def overview(request):
    user = request.user
    require_anywhere(user, "value", "view")
    groups = list(selectors.group_list(user=user).annotate(unit_count=Count("units")))
    last = selectors.last_record_day(user=user)
    context = {
        "groups": groups,
        "last": last,
        # The entry link only when one of the user's teams takes part; else a sentence saying none does.
        "can_enter": can_anywhere(user, "value", "add") and selectors.unit_list(user=user, action="add").exists(),
        "none_enrolled": can_anywhere(user, "value", "add"),
        "can_setup": bool(services.company_roots(user, "add")),
        "can_import": can_anywhere(user, "value", "import") and can_anywhere(user, "import", "add"),
    }
    return render(request, "value/overview.html", context)


def _summary(request) -> dict:
    user = request.user
    require_anywhere(user, "value", "view")
    month = month_from(request, user)
    group, groups = group_from(request, user)
    rows, assessment = selectors.monthly_ranking(user=user, month=month, group=group)
    units = selectors.accounting_units(pks=[r.unit_id for r in rows])
    workshops: OrderedDict = OrderedDict()
    for row in rows:
        unit = units[row.unit_id]
        parent = unit.unit.parent
        key = parent.pk if parent else 0
        block = workshops.setdefault(
            key, {"name": parent.name if parent else "—", "rows": [], "value": Decimal(0), "hours": Decimal(0)}
        )
        points, score = assessment.get(row.unit_id, (None, None))
        block["rows"].append({"row": row, "unit": unit, "points": points, "score": score})
        block["value"] += row.value
        block["hours"] += row.hours
    for block in workshops.values():
        block["per_hour"] = per_hour(block["value"], block["hours"])
    total_value = sum((r.value for r in rows), Decimal(0))
    total_hours = sum((r.hours for r in rows), Decimal(0))
    winners = selectors.winners_list(user=user, year=month.year)
    return {
        "can_export": can_anywhere(user, "value", "export"),
        "month": month,
        "group": group,
        "groups": groups,
        "workshops": list(workshops.values()),
        "total": {"value": total_value, "hours": total_hours, "per_hour": per_hour(total_value, total_hours)},
        "winners": winners,
        "count": len(rows),
        "latest_shown": not request.GET.get("month") and month != timezone.localdate().replace(day=1),
    }


@login_required
def monthly(request):
    return render(request, "value/monthly.html", _summary(request))


@login_required
def monthly_export(request):
    user = request.user
    require_anywhere(user, "value", "export")
    context = _summary(request)
    headers = [
        _("Workshop"),
        _("Peer group"),
        _("Unit code"),
        _("Unit"),
        _("Value created (元)"),
        _("Hours"),
        _("Value per hour (元/h)"),
        _("Rank"),
        _("Points"),
        _("Score"),
    ]
    rows = [
        [
            w["name"],
            e["unit"].group.name,
            e["row"].code,
            e["row"].name,
            e["row"].value,
            e["row"].hours,
            e["row"].value_per_hour,
            e["row"].rank,
            e["points"],
            e["score"],
        ]
        for w in context["workshops"]
        for e in w["rows"]
    ]
    services.export_audit(
        actor=user, what="monthly_summary", rows=len(rows), params={"month": f"{context['month']:%Y-%m}"}
    )
    return xlsx_response(f"value-{context['month']:%Y%m}.xlsx", headers, rows, _("Monthly summary"))
