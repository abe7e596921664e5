"""Actual values of goals read from production data: the indicator's monthly roll-up for the goal's unit (and every
unit below it), by the indicator's own rule — never typed in again — with a sentence saying how it was computed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from dangjian.core import months
from dangjian.indicators.rollup import rollup_by_unit

# GoalActual stores four decimal places, like the goal's baseline and target.
PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class SeriesActual:
    """A goal's value for a month from production data (None without data) and how it was computed."""

    value: Decimal | None
    computation: str


def _rule(indicator) -> str:
    rule = indicator.rollup
    if rule == "weighted_avg":
        return _("the average weighted by %(weight)s") % {"weight": indicator.weight.name}
    if rule == "ratio":
        factor = Decimal(str(indicator.factor))
        names = {"numerator": indicator.numerator.name, "denominator": indicator.denominator.name}
        if factor == 1:
            return _("Σ %(numerator)s ÷ Σ %(denominator)s") % names
        return _("Σ %(numerator)s ÷ Σ %(denominator)s × %(factor)s") % {
            **names,
            "factor": format(factor.normalize(), "f"),
        }
    if rule == "last":
        return _("each unit's latest value, added up")
    if rule == "avg":
        return _("the mean of the values")
    return _("the sum of the values")


def explain(goal, month: dt.date, value: Decimal | None) -> str:
    """How a series goal's actual is computed, e.g. "电流效率 (%) for 电解一车间 and the units below it in 2022-03,
    from daily values: the average weighted by 铝产量 = 92.35"."""
    indicator, unit = goal.indicator, goal.unit
    values = {"indicator": str(indicator), "unit": unit.name, "month": months.label(month)}
    if value is None:
        return _("No production data for %(indicator)s at %(unit)s in %(month)s.") % values
    source = {"shift": _("shift values"), "day": _("daily values")}.get(indicator.granularity, _("monthly values"))
    values.update(source=source, rule=_rule(indicator), value=format(value.normalize(), "f"))
    return _(
        "%(indicator)s for %(unit)s and the units below it in %(month)s, from %(source)s: %(rule)s = %(value)s"
    ) % (values)


def series_actuals(goals: Iterable, month: dt.date) -> dict[int, SeriesActual]:
    """{goal id: SeriesActual} for the goals read from production data (each with indicator and unit loaded, and the
    indicator's weight, numerator and denominator for the sentence): one roll-up query per distinct indicator."""
    by_indicator: dict[int, list] = defaultdict(list)
    for goal in goals:
        if goal.source == "series" and goal.indicator_id and goal.unit_id:
            by_indicator[goal.indicator_id].append(goal)
    result = {}
    for same in by_indicator.values():
        indicator = same[0].indicator
        units = list({g.unit_id: g.unit for g in same}.values())
        points = rollup_by_unit(indicator, units, month, months.last_day(month))
        for goal in same:
            found = points.get(goal.unit_id)
            value = found[0].value if found else None
            if value is not None:
                value = value.quantize(PLACES, rounding=ROUND_HALF_UP)
            result[goal.pk] = SeriesActual(value, explain(goal, month, value))
    return result
