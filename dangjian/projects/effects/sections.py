"""The "measured effect" section of a project page: context for effects/_project_effects.html.

The project page (owned by the projects app) includes it with
`{% include "effects/_project_effects.html" %}` after `context.update(project_section(request, project))`.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from dangjian.projects.effects.estimate import DID, month_label, signed
from dangjian.projects.effects.selectors import GoalEffect, project_effects


def _shown(value: Decimal | None) -> str:
    return "—" if value is None else signed(value)


def _number(value) -> float | None:
    """A chart point (ECharts wants numbers; the table shows the exact Decimals)."""
    return None if value is None else round(float(value), 6)


def _row(item: GoalEffect) -> dict:
    result, own, goal = item.estimate, item.own_change, item.goal
    return {
        "goal": goal,
        "method": result.method,
        "method_label": _("Difference in differences") if result.method == DID else _("Before and after"),
        "effect": _shown(result.effect),
        "ci": None if result.ci_low is None else (_shown(result.ci_low), _shown(result.ci_high)),
        "significant": result.significant,
        "own_effect": _shown(own.effect),
        "own_ci": None if own.ci_low is None else (_shown(own.ci_low), _shown(own.ci_high)),
        "n_comparison": result.n_comparison,
        "note": item.note,
        "chart_id": f"effects-chart-{goal.pk}",
    }


def _chart(item: GoalEffect) -> dict:
    goal = item.goal
    has_comparison = bool(item.comparison_mean)
    return {
        "id": f"effects-chart-{goal.pk}",
        "months": [month_label(m) for m in item.months],
        "treated": [_number(item.treated.get(m)) for m in item.months],
        "comparison": [_number(item.comparison_mean.get(m)) for m in item.months] if has_comparison else None,
        "start": month_label(item.start) if item.start else None,
        "names": {
            "treated": goal.unit.name,
            "comparison": _("Mean of %(n)s comparison units") % {"n": item.estimate.n_comparison},
            "start": _("Project start"),
        },
        "unit_of_measure": goal.indicator.unit_of_measure,
    }


def project_section(request, project) -> dict:
    """Context for the section: `effects` (one row per goal linked to an indicator and unit) and `effects_charts`
    (the data of one line chart per goal: the unit against the mean of its comparison units, the start marked).
    Raises NotFound for a project the user may not view."""
    items = project_effects(user=request.user, project=project)
    return {"effects": [_row(item) for item in items], "effects_charts": [_chart(item) for item in items]}
