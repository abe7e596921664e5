"""The home page's recruitment section, for whoever runs files (the secretary over the branch, 党群工作部 over the
company): the overdue and coming steps of the open files in scope (talks, half-yearly reviews, approvals, conversion
votes), soonest first. Computed from the files when the page is read (one query for the files with their steps, one
for the company's sub-steps), so nothing has to be sent or swept."""

from __future__ import annotations

from dangjian.affairs.recruitment import selectors
from dangjian.core.permissions import CHANGE
from dangjian.core.scoping import can_anywhere


def home_sections(request) -> list[tuple[str, dict]]:
    user = request.user
    if not can_anywhere(user, "recruitment", CHANGE):
        return []
    items, overdue, soon = selectors.due_items(user=user)
    if not items:
        return []
    return [("recruitment/_home.html", {"items": items, "overdue": overdue, "soon": soon})]
