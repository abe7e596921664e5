"""Actual against target, per unit and month or year, with the indicator's direction respected."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from dangjian.core.months import last_day
from dangjian.indicators.models import Indicator, Target
from dangjian.indicators.periods import QUANTUM
from dangjian.indicators.rollup import rollup_by_unit, rollup_series

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Attainment:
    """One comparison. `gap` is actual − target; `percent` is the attainment (actual ÷ target × 100 when higher is
    better, target ÷ actual × 100 when lower is better, so above 100 always means better than target; None when
    either side is missing, zero or negative); `met` says whether the target was reached."""

    unit_id: int
    year: int
    month: int | None
    actual: Decimal | None
    target: Decimal | None
    gap: Decimal | None
    percent: Decimal | None
    met: bool | None


def compare(indicator: Indicator, unit_id: int, year: int, month, actual, target) -> Attainment:
    if actual is None or target is None:
        return Attainment(unit_id, year, month, actual, target, None, None, None)
    higher = indicator.higher_is_better
    met = actual >= target if higher else actual <= target
    numerator, denominator = (actual, target) if higher else (target, actual)
    percent = None
    if numerator > 0 and denominator > 0:
        percent = (numerator * HUNDRED / denominator).quantize(Decimal("0.01"))
    return Attainment(unit_id, year, month, actual, target, (actual - target).quantize(QUANTUM), percent, met)


def attainment_by_month(*, indicator: Indicator, unit, year: int) -> list[Attainment]:
    """Twelve months and then the whole year for one unit's subtree: two roll-up queries and one target query."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    actual = {p.start.month: p.value for p in rollup_series(indicator, unit, start, end, "month")}
    year_points = rollup_series(indicator, unit, start, end, "year")
    targets = dict(Target.objects.filter(indicator=indicator, unit=unit, year=year).values_list("month", "value"))
    rows = [compare(indicator, unit.pk, year, m, actual.get(m), targets.get(m)) for m in range(1, 13)]
    rows.append(
        compare(indicator, unit.pk, year, None, year_points[0].value if year_points else None, targets.get(None))
    )
    return rows


def attainment_for_units(*, indicator: Indicator, units: list, year: int, month: int | None = None) -> list[Attainment]:
    """One month (or the year, month None) for several units' subtrees: one roll-up query and one target query."""
    start = dt.date(year, month or 1, 1)
    end = last_day(start) if month else dt.date(year, 12, 31)
    actual = {unit_id: points[0].value for unit_id, points in rollup_by_unit(indicator, units, start, end).items()}
    targets = dict(
        Target.objects.filter(indicator=indicator, unit__in=units, year=year, month=month).values_list(
            "unit_id", "value"
        )
    )
    return [compare(indicator, unit.pk, year, month, actual.get(unit.pk), targets.get(unit.pk)) for unit in units]
