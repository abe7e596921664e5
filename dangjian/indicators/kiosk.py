"""The kiosk of the company's key indicators: one tile per key indicator with this month's value, its target,
the attainment and a sparkline of the last twelve months, for the whole company (the top production unit).

"This month" is the month under way when it has data (a daily indicator), else the latest month with data in the
last twelve (a monthly indicator is reported after its month ends). An additive indicator (output) in the month under
way is compared with its target pro rata to the days gone: 10 days into a 30-day month, a third of the month's target.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from dangjian.core.months import add_months
from dangjian.indicators.attainment import Attainment, compare
from dangjian.indicators.models import Indicator, Target
from dangjian.indicators.periods import QUANTUM
from dangjian.indicators.rollup import rollup_series
from dangjian.indicators.selectors import additive, root_unit, target_for
from dangjian.org import tenancy
from dangjian.org.models import Unit

MAX_TILES = 12
SPARK_MONTHS = 12


@dataclass
class Tile:
    """One key indicator on the kiosk. `month` is the month the figures are for; `pro_rata` says the target was
    scaled to the part of the month gone; `spark` is the last twelve months' values (None where there is none)."""

    indicator: Indicator
    month: dt.date | None
    attainment: Attainment | None
    pro_rata: bool = False
    spark: list[float | None] = field(default_factory=list)
    spark_labels: list[str] = field(default_factory=list)

    @property
    def state(self) -> str:
        if self.attainment is None or self.attainment.met is None:
            return "none"
        return "met" if self.attainment.met else "missed"


@dataclass
class Kiosk:
    unit: Unit | None
    today: dt.date
    tiles: list[Tile]

    def chart_json(self) -> str:
        return json.dumps(
            [{"labels": t.spark_labels, "values": t.spark, "state": t.state} for t in self.tiles], ensure_ascii=False
        )


def key_indicators(user) -> list[Indicator]:
    """The key indicators of the user's company catalogue (and the shared ones)."""
    found = Indicator.objects.all() if tenancy.is_system(user) else Indicator.objects.restrict(user, "view")
    return list(found.filter(active=True, key=True).order_by("sort_order", "code")[:MAX_TILES])


def _tile(indicator: Indicator, unit: Unit, today: dt.date, targets: dict) -> Tile:
    this_month = today.replace(day=1)
    first = add_months(this_month, -(SPARK_MONTHS - 1))
    points = {p.start: p.value for p in rollup_series(indicator, unit, first, today, "month") if p.value is not None}
    months = [add_months(first, n) for n in range(SPARK_MONTHS)]
    # A quantity's month under way is only part of a month: it would dip at the end of every sparkline.
    # So is a monthly quantity reported month-to-date (外购电量 after 7 days): the month under way is always partial.
    partial = {this_month} if additive(indicator) else set()
    spark = [float(points[m]) if m in points and m not in partial else None for m in months]
    month = max(points) if points else None
    if month is None:
        return Tile(indicator, None, None, spark=spark, spark_labels=[f"{m:%Y-%m}" for m in months])
    target = target_for(indicator, targets, month, "month")
    # A quantity's month under way is compared with the share of the target for the days gone, whatever the
    # granularity it is recorded at: a month-to-date value against the whole month's target reads as 663 %.
    pro_rata = month == this_month and additive(indicator) and target is not None
    if pro_rata:
        days = calendar.monthrange(month.year, month.month)[1]
        # Values up to yesterday are in on a normal day; the first of the month counts one day.
        gone = max((today - month).days, 1)
        target = (target * Decimal(gone) / Decimal(days)).quantize(QUANTUM)
    attainment = compare(indicator, unit.pk, month.year, month.month, points[month], target)
    return Tile(indicator, month, attainment, pro_rata, spark, [f"{m:%Y-%m}" for m in months])


def company_kiosk(*, user, today: dt.date | None = None) -> Kiosk:
    """The tiles for the key indicators (at most twelve, in catalogue order): one roll-up query per tile, one query
    for the indicators, one for the company unit and one for all the targets. The company is the user's own."""
    today = today or timezone.localdate()
    unit = root_unit(user)
    indicators = key_indicators(user)
    if unit is None or not indicators:
        return Kiosk(unit, today, [])
    targets: dict[int, dict] = {}
    rows = Target.objects.filter(indicator__in=indicators, unit=unit, year__in={today.year, today.year - 1})
    for indicator_id, year, month, value in rows.values_list("indicator_id", "year", "month", "value"):
        targets.setdefault(indicator_id, {})[(year, month)] = value
    tiles = [_tile(indicator, unit, today, targets.get(indicator.pk, {})) for indicator in indicators]
    return Kiosk(unit, today, tiles)
