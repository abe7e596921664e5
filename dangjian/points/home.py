"""The points section of the home page: one's own points this year (for those with a ledger of their own: a party
member, not a non-member employee), and for a reviewer the entries waiting for them. One query."""

from __future__ import annotations

from django.utils import timezone

from dangjian.core.permissions import CHANGE
from dangjian.core.scoping import can_anywhere
from dangjian.points import selectors


def home_sections(request) -> list[tuple[str, dict]]:
    user = request.user
    context = {}
    year = timezone.localdate().year
    mine, to_decide = selectors.home_figures(user=user, year=year, deciding=can_anywhere(user, "points", CHANGE))
    if mine is not None:
        context["mine"] = mine
    if to_decide is not None:
        context["to_decide"] = to_decide
    return [("points/_home.html", context)] if context else []
