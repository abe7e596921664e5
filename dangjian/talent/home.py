"""The home page's talent section for whoever evaluates plans: plans in progress ending within 30 days (or overdue)
that want their evaluation. Computed when the page is read (one query), so nothing has to be sent or swept."""

from __future__ import annotations

from django.utils import timezone

from dangjian.core.permissions import CHANGE
from dangjian.core.scoping import can_anywhere
from dangjian.talent import selectors


def home_sections(request) -> list[tuple[str, dict]]:
    user = request.user
    if not can_anywhere(user, "talent", CHANGE):
        return []
    today = timezone.localdate()
    plans = selectors.evaluations_due(user=user, today=today)
    if not plans:
        return []
    return [("talent/_home.html", {"plans": plans, "today": today})]
