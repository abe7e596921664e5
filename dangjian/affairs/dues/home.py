"""The dues section of the home page: for a branch secretary, the members of the branch in arrears over three
months and those at the six-month warning (last month's sheet); for 党群工作部, the branches that have not closed
last month. A fixed number of queries."""

from __future__ import annotations

from django.utils import timezone

from dangjian.affairs.dues import months, selectors
from dangjian.org import standing


def home_sections(request) -> list[tuple[str, dict]]:
    user = request.user
    context = {}
    arrears = selectors.branch_arrears(user=user)
    if arrears and (arrears["flagged"] or arrears["warnings"]):
        context["arrears"] = arrears
    if standing.office_paths(user):
        month = months.add(months.first(timezone.localdate()), -1)
        late = selectors.unreconciled(user=user, month=month)
        if late:
            context["unreconciled"], context["month"] = late, month
    return [("dues/_home.html", context)] if context else []
