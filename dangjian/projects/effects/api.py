"""The measured effect of a project's goals: GET /api/v1/projects/{id}/effects."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from ninja import Router, Schema

from dangjian.core.api.errors import READ_ERRORS
from dangjian.projects.effects import selectors
from dangjian.projects.effects.selectors import GoalEffect

router = Router(tags=["effects"])


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


class ChangeOut(Schema):
    """The change against the project's own baseline (before/after), whatever the main method."""

    effect: str | None
    ci_low: str | None
    ci_high: str | None


class EffectOut(Schema):
    """One goal's effect. Numbers are decimal strings in the indicator's unit, quantised to its decimals; they are
    null when there are not enough months of data yet (the note says so)."""

    goal: int
    indicator: str
    unit: str
    method: Literal["did", "before_after"]
    effect: str | None
    ci_low: str | None
    ci_high: str | None
    n_comparison: int
    baseline: list[str]
    treatment: list[str]
    note: str
    before_after: ChangeOut


def effect_out(item: GoalEffect) -> dict:
    result, own = item.estimate, item.own_change
    return {
        "goal": item.goal.pk,
        "indicator": item.goal.indicator.code,
        "unit": item.goal.unit.code,
        "method": result.method,
        "effect": _text(result.effect),
        "ci_low": _text(result.ci_low),
        "ci_high": _text(result.ci_high),
        "n_comparison": result.n_comparison,
        "baseline": list(result.baseline),
        "treatment": list(result.treatment),
        "note": item.note,
        "before_after": {"effect": _text(own.effect), "ci_low": _text(own.ci_low), "ci_high": _text(own.ci_high)},
    }


@router.get(
    "/projects/{project_id}/effects",
    response={200: list[EffectOut], **READ_ERRORS},
    summary="Measured effect of a project's goals",
)
def project_effects(request, project_id: int):
    """For each goal linked to a production indicator and unit: the difference in differences against comparable
    units that did not run the project (method "did"), or — when there are none — the change against the project's
    own 12-month baseline (method "before_after"), each with a 95 % confidence interval and a sentence saying what
    it means. 404 for a project you may not see."""
    return [effect_out(item) for item in selectors.project_effects(user=request.auth_user, project=project_id)]
