"""The measured effect of each goal of a project, read from the production series (no stored results).

For a goal linked to an indicator and a production unit:
- treatment months: from the project's first full month to the earliest of its end month, the last month with data
  for the unit, and the last finished month (a month under way would understate sums such as output);
- baseline months: the 12 months before the first treatment month;
- treated series: the indicator rolled up over the unit's subtree per month, by the indicator's own rule;
- comparison units: production units of the same kind whose subtrees neither overlap the treated unit nor any unit a
  project ran on for the same indicator at any time in the baseline or treatment window (so they did not run the
  project, nor one like it), and that have data in both periods (estimate.did decides how much is enough).
The arithmetic is in estimate.py. Queries: the project, its goals, the candidate units, the other projects' goals,
then one roll-up per distinct indicator — flat as months, units and values grow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dangjian.core.errors import NotFound
from dangjian.core.months import add_months, between, last_day
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import can_anywhere
from dangjian.indicators.rollup import rollup_by_unit
from dangjian.org import tenancy
from dangjian.org.models import Unit
from dangjian.projects.effects import estimate
from dangjian.projects.projects.models import Goal, Project, State

BASELINE_MONTHS = 12
# Projects that ran (or were cleared to run): their units are not "units that did not run the project".
RAN = (State.APPROVED, State.IN_PROGRESS, State.INSPECTED, State.ACCEPTED, State.RATED)
# More comparison units than this add nothing to the estimate and only lengthen the query.
MAX_COMPARISONS = 100

IMPROVED_TEXT = gettext_noop("That is an improvement (%(direction)s).")
WORSENED_TEXT = gettext_noop("That is a deterioration (%(direction)s).")


@dataclass
class GoalEffect:
    """One goal's effect: the main estimate (did, or before_after when there is no comparison), the change against
    the project's own baseline, the sentence to show, and the monthly series behind them (for the chart)."""

    goal: Goal
    estimate: estimate.Estimate
    own_change: estimate.Estimate
    note: str
    months: list[dt.date] = field(default_factory=list)
    start: dt.date | None = None
    treated: dict = field(default_factory=dict)
    comparison_mean: dict = field(default_factory=dict)


def treatment_start(project: Project) -> dt.date:
    """The first full month of the project: a project starting mid-month leaves that month out of both periods."""
    first = project.starts_on.replace(day=1)
    return first if project.starts_on.day == 1 else add_months(first, 1)


def windows(project: Project, today: dt.date) -> tuple[list[dt.date], dt.date, dt.date]:
    """(baseline months, first treatment month, last possible treatment month) before looking at the data."""
    start = treatment_start(project)
    last_finished = add_months(today.replace(day=1), -1)
    last = min(project.ends_on.replace(day=1), last_finished)
    return between(add_months(start, -BASELINE_MONTHS), add_months(start, -1)), start, last


def _overlaps(path: str, other: str) -> bool:
    """Do two units' subtrees overlap (one contains the other)?"""
    return path.startswith(other) or other.startswith(path)


def _project_in_scope(user, project: Project | int) -> Project:
    pk = project.pk if isinstance(project, Project) else project
    found = Project.objects.restrict(user, VIEW).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such project, or you do not have access to it."))
    return found


def _as_series(points) -> dict:
    return {p.start: p.value for p in points if p.value is not None}


def _direction_sentence(goal: Goal, result: estimate.Estimate) -> str:
    if not result.significant:
        return ""
    higher = goal.direction == Goal.Direction.HIGHER
    better = (result.effect > 0) == higher
    return _(IMPROVED_TEXT if better else WORSENED_TEXT) % {"direction": goal.get_direction_display()}


def project_effects(*, user, project: Project | int, today: dt.date | None = None) -> list[GoalEffect]:
    """The effect of each goal of `project` that is linked to an indicator and a unit, in goal order. A project the
    user may not view is NotFound; a user without the indicator grant gets no effects (the series are indicator
    data)."""
    project = _project_in_scope(user, project)
    if not can_anywhere(user, "indicator", VIEW):
        return []
    goals = list(project.goals.filter(indicator__isnull=False, unit__isnull=False).select_related("indicator", "unit"))
    if not goals:
        return []
    baseline, start, last = windows(project, today or timezone.localdate())
    first = baseline[0]
    window_end = last_day(max(last, start))
    indicator_ids = {g.indicator_id for g in goals}
    # Every project's goals count here, not only those the user may see: whether a unit ran a similar project is a
    # property of the data, and the same effect must come out for every viewer. Nothing of them is shown.
    ran = list(
        Goal.objects.filter(indicator_id__in=indicator_ids, unit__isnull=False)
        .filter(project__starts_on__lte=window_end, project__ends_on__gte=first)
        .filter(project__state__in=RAN)
        .exclude(project=project)
        .select_related("unit")
        .only("indicator_id", "unit__path")
    )
    # Comparison units are read whole (not as the viewer may see them) for the same reason: the comparison set must not
    # depend on who is looking. They come from the project's own company only: another company's figures never show.
    candidates = list(
        Unit._base_manager.filter(kind__in={g.unit.kind for g in goals})
        .filter(tenancy.paths_q(sorted({tenancy.root_path(g.unit.path) for g in goals})))
        .order_by("path")
    )
    effects = []
    for indicator_id in sorted(indicator_ids):
        own = [g for g in goals if g.indicator_id == indicator_id]
        indicator = own[0].indicator
        # Units this project or a similar one touched are never comparisons for this indicator.
        touched = [g.unit.path for g in own] + [g.unit.path for g in ran if g.indicator_id == indicator_id]
        comparisons = {
            g.pk: [u for u in candidates if u.kind == g.unit.kind and not any(_overlaps(u.path, p) for p in touched)][
                :MAX_COMPARISONS
            ]
            for g in own
        }
        anchors = {g.unit.pk: g.unit for g in own}
        for units in comparisons.values():
            anchors.update((u.pk, u) for u in units)
        series = rollup_by_unit(indicator, list(anchors.values()), first, window_end, "month")
        for goal in own:
            treated = _as_series(series.get(goal.unit_id, []))
            effects.append(_goal_effect(goal, treated, comparisons[goal.pk], series, baseline, start, last))
    order = {g.pk: i for i, g in enumerate(goals)}
    return sorted(effects, key=lambda e: order[e.goal.pk])


def _goal_effect(goal, treated, comparison_units, series, baseline, start, last) -> GoalEffect:
    decimals = goal.indicator.decimals
    data_months = [m for m in treated if m >= start]
    last_data = min(last, max(data_months)) if data_months else last
    treatment = between(start, last_data) if last_data >= start else []
    others = [_as_series(series.get(u.pk, [])) for u in comparison_units]
    others = [s for s in others if s]
    result = estimate.did(treated, others, baseline, treatment, decimals=decimals)
    own_change = estimate.before_after(treated, baseline, treatment, decimals=decimals)
    note = estimate.join_sentences([result.note(_), _direction_sentence(goal, result)])
    months = baseline + treatment
    # The chart's comparison line is the mean of the units the estimate used (those with enough data).
    used = [s for s in others if estimate.covers_both(s, treated, baseline, treatment)]
    used = used if result.method == estimate.DID else []
    return GoalEffect(
        goal=goal,
        estimate=result,
        own_change=own_change,
        note=note,
        months=months,
        start=start,
        treated={m: treated.get(m) for m in months},
        comparison_mean=estimate.comparison_mean(used, months),
    )
