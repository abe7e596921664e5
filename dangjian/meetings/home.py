"""The home page's organisational-life section: the user's unread meeting reminders (one query), for whoever sees
meetings somewhere."""

from __future__ import annotations

from dangjian.core.scoping import can_anywhere
from dangjian.meetings import selectors

HOME_REMINDERS = 5


def home_sections(request) -> list[tuple[str, dict]]:
    user = request.user
    if not can_anywhere(user, "meeting", "view"):
        return []
    reminders = selectors.unread_reminders(user=user, limit=HOME_REMINDERS)
    if not reminders:
        return []
    return [("meetings/_home_reminders.html", {"reminders": reminders})]
