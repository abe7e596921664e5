"""The home page's value section for whoever enters team days: for a team leader, a 今日填报 button straight into the
entry form of their own team for the day that is due (yesterday's shift while its record is missing, else today);
and the teams still without yesterday's record (the figures of a shift are entered the next morning), with a link to
the daily entry. Two queries however many teams, three for a team leader."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from dangjian.core.counting import first_and_total
from dangjian.core.permissions import Role
from dangjian.core.scoping import assignments, can_anywhere, scope_for
from dangjian.value.inbox import entry_link
from dangjian.value.models import AccountingUnit, DailyRecord

SHOWN = 5


def my_team(user, day: dt.date) -> tuple[AccountingUnit, dt.date] | None:
    """A team leader's own team (the accounting unit they work in, among those they may enter) and the day its entry
    is due: `day` (yesterday) while that day's record is missing, else today — today too for a team enrolled after
    `day`, which owes no record for it. None for anyone else."""
    if not any(role == Role.TEAM_LEADER for role, _path, _kind in assignments(user)):
        return None
    person = getattr(user, "person", None)
    unit = getattr(person, "unit", None)
    if unit is None:
        return None
    ids = [pk for pk in (unit.pk, unit.parent_id) if pk]
    team = (
        AccountingUnit.objects.restrict(user, "add")
        .filter(Q(unit_id__in=ids), active=True)
        .annotate(entered=Exists(DailyRecord.objects.filter(unit=OuterRef("pk"), date=day)))
        .select_related("unit")
        .order_by("-unit__depth")  # the crew itself before its team
        .first()
    )
    if team is None:
        return None
    owes = not team.entered and (team.since is None or team.since <= day)
    return team, (day if owes else timezone.localdate())


def home_sections(request) -> list[tuple[str, dict]]:
    user = request.user
    # The machine account (a global grant) has no home to speak of; people with the add grant do.
    if not can_anywhere(user, "value", "add") or scope_for(user, "value", "add").everywhere:
        return []
    day = timezone.localdate() - dt.timedelta(days=1)
    entered = DailyRecord.objects.filter(unit=OuterRef("pk"), date=day)
    missing = (
        AccountingUnit.objects.restrict(user, "add")
        .filter(Q(since__isnull=True) | Q(since__lte=day), active=True)
        .exclude(Exists(entered))
        .select_related("unit")
        .order_by("unit__path")
    )
    shown, count = first_and_total(missing, SHOWN)
    mine = my_team(user, day)
    if not shown and mine is None:
        return []
    data = {"value_day": day, "value_missing": shown, "value_count": count}
    if mine is not None:
        team, due = mine
        data.update(value_team=team, value_team_day=due, value_team_link=entry_link(team.pk, due))
    return [("value/_home.html", data)]
