"""The cockpit on the home page: for company leaders and 党群工作部, links to the cockpit, the wall screen and the
colour map (no query: the grants are read from the cached assignments)."""

from __future__ import annotations

from dangjian.core.scoping import can_anywhere


def home_sections(request) -> list[tuple[str, dict]]:
    user = request.user
    if not can_anywhere(user, "cockpit", "view"):
        return []
    return [("cockpit/_home.html", {"map": can_anywhere(user, "cockpit_map", "view")})]
