"""The home page's organisational-life section: the user's unread meeting reminders (notifications, one query), for
whoever sees meetings somewhere."""

from __future__ import annotations

from dangjian.core.notifications.selectors import unread_notifications
from dangjian.core.scoping import can_anywhere
from dangjian.meetings.services.reminders import KIND

HOME_REMINDERS = 5


def home_sections(request) -> list[tuple[str, dict]]:
    user = request.user
    if not can_anywhere(user, "meeting", "view"):
        return []
    # A reminder that asks to act is in the work inbox at the top of the page: not repeated here.
    reminders = [r for r in unread_notifications(user=user, kinds=[KIND], limit=HOME_REMINDERS) if not r.action]
    if not reminders:
        return []
    return [("meetings/_home_reminders.html", {"reminders": reminders})]
