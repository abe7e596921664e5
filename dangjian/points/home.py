"""The points section of the home page: one's own points this year (for those with a ledger of their own: a party
member, not a non-member employee), and for a reviewer the entries and appeals waiting for them. At most two
queries."""

from __future__ import annotations

from django.utils import timezone

from dangjian.core.permissions import CHANGE
from dangjian.core.scoping import can_anywhere
from dangjian.points import selectors
from dangjian.points.models import PointsEntry


def home_sections(request) -> list[tuple[str, dict]]:
    user = request.user
    context = {}
    year = timezone.localdate().year
    mine = selectors.own_year(user=user, year=year)
    if mine is not None:
        context["mine"] = mine
    if can_anywhere(user, "points", CHANGE):
        context["to_decide"] = (
            PointsEntry.objects.restrict(user, CHANGE)
            .filter(status=PointsEntry.Status.PENDING)
            .exclude(person_id=user.person_id or 0)
            .count()
        )
    return [("points/_home.html", context)] if context else []
