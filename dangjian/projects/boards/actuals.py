"""The latest actual value of each project goal, for the boards and the compilation.

Where the value comes from is the goal's `source`:
- "series": the goal reads a production indicator at a unit. The latest month with data inside the project's period
  (and not after today) is rolled up by the indicator's own rule — one roll-up query per distinct indicator, however
  many goals and projects share it.
- "review": the value is entered in monthly reviews: the latest submitted review's value (one query for all goals).
  Without the reviews capability installed these goals have no actual yet (shown as "—").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from dangjian.core.permissions import VIEW
from dangjian.core.scoping import can_anywhere
from dangjian.core.services import is_system
from dangjian.indicators.rollup import rollup_by_unit
from dangjian.projects.projects.models import Goal


@dataclass(frozen=True)
class Actual:
    """A goal's latest actual value and the month it is for (first day); both None when there is none yet."""

    value: Decimal | None = None
    month: dt.date | None = None


NONE = Actual()


def latest_actuals(goals: Iterable[Goal], *, user, today: dt.date | None = None) -> dict[int, Actual]:
    """{goal id: Actual} for `goals` (each with `project`, `indicator` and `unit` loaded). Production data is read
    only for a user who may view indicators (or the system actor, e.g. a seed or a scheduled panel submission)."""
    today = today or timezone.localdate()
    goals = list(goals)
    result = {goal.pk: NONE for goal in goals}
    result.update(_reviewed([g for g in goals if g.source == Goal.Source.REVIEW]))
    series = [g for g in goals if g.source == Goal.Source.SERIES and g.indicator_id and g.unit_id]
    if not series or not (is_system(user) or can_anywhere(user, "indicator", VIEW)):
        return result
    by_indicator: dict[int, list[Goal]] = defaultdict(list)
    for goal in series:
        by_indicator[goal.indicator_id].append(goal)
    for goals_of_indicator in by_indicator.values():
        indicator = goals_of_indicator[0].indicator
        windows = {g.pk: _window(g, today) for g in goals_of_indicator}
        if not any(windows.values()):
            continue
        start = min(w[0] for w in windows.values() if w)
        end = max(w[1] for w in windows.values() if w)
        units = list({g.unit_id: g.unit for g in goals_of_indicator}.values())
        points = rollup_by_unit(indicator, units, start, end, bucket="month")
        for goal in goals_of_indicator:
            window = windows[goal.pk]
            if not window:
                continue
            inside = [p for p in points.get(goal.unit_id, []) if window[0] <= p.start <= window[1]]
            latest = max(inside, key=lambda p: p.start, default=None)
            if latest is not None and latest.value is not None:
                result[goal.pk] = Actual(latest.value, latest.start)
    return result


def _reviewed(goals: list[Goal]) -> dict[int, Actual]:
    """The value in each goal's latest submitted monthly review (the goals come from projects already in scope)."""
    if not goals:
        return {}
    try:
        GoalActual = apps.get_model("reviews", "GoalActual")
    except LookupError:  # monthly reviews not installed
        return {}
    reviewed = GoalActual.objects.filter(review__status="submitted", value__isnull=False)
    latest = reviewed.filter(goal=OuterRef("goal")).order_by("-review__month").values("review__month")[:1]
    rows = (
        reviewed.filter(goal__in=[g.pk for g in goals], review__month=Subquery(latest))
        .order_by()
        .values_list("goal_id", "review__month", "value")
    )
    return {goal_id: Actual(value, month) for goal_id, month, value in rows}


def _window(goal: Goal, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The months the goal's project runs in, up to today: (first day of the first month, last day to read)."""
    project = goal.project
    start = project.starts_on.replace(day=1)
    end = min(project.ends_on, today)
    return (start, end) if end >= start else None
