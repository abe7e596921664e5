"""The home page's reviews section (core/capabilities.py): what needs the user's action on the projects they may
change — reviews due, red and amber projects, overdue tasks — and their unread reminders."""

from __future__ import annotations

from dangjian.projects.reviews.sections import home_actions


def home_sections(request) -> list[tuple[str, dict]]:
    actions = home_actions(request)["review_actions"]
    return [("reviews/_home_actions.html", {"review_actions": actions})] if actions else []
