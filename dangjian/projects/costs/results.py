"""The monthly result of a programme: each item's actual (from the indicator series) against its target, the
attainment, the gap, the money it is worth and the performance-pay points. All arithmetic in Decimal.

- target of a month: the item's own monthly target, else the annual target — as is for a rate (kWh/t, %), pro rata
  to the month's days for a quantity that adds up (output, freight 元);
- attainment and gap: indicators.attainment.compare (actual ÷ target, or target ÷ actual when lower is better);
- saving (元): the gap in the better direction, as a quantity, × the item's unit price. For a sum it is the gap
  itself (kWh, t, 元); for a ratio it is the gap × the denominator's total ÷ the factor (−50 kWh/t-Al over 20,000 t
  is 1,000,000 kWh); other roll-ups (weighted averages, levels) have no quantity and so no money figure. Positive means
  better than target, negative worse;
- points (绩效挂钩): `pay_points` with the programme's rule.

Queries: one roll-up per distinct indicator of the programme (all its items' units and months at once) and one per
distinct ratio denominator — flat as values and months grow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dangjian.core.months import last_day
from dangjian.indicators.attainment import Attainment, compare
from dangjian.indicators.models import Indicator
from dangjian.indicators.rollup import rollup_by_unit
from dangjian.indicators.selectors import target_for
from dangjian.projects.costs.models import Programme, ProgrammeItem

CENT = Decimal("0.01")
Rollup = Indicator.Rollup


def pay_points(percent: Decimal | None, *, full_points: Decimal, full_at: Decimal, zero_below: Decimal) -> Decimal:
    """Points for an attainment: full at or above `full_at` %, none below `zero_below` %, linear in between
    (rounded half up to the cent). No attainment (no data) earns nothing."""
    if percent is None or percent < zero_below:
        return Decimal(0).quantize(CENT)
    if percent >= full_at:
        return full_points.quantize(CENT)
    share = (percent - zero_below) / (full_at - zero_below)
    return (full_points * share).quantize(CENT, rounding=ROUND_HALF_UP)


def programme_points(programme: Programme, percent: Decimal | None) -> Decimal:
    return pay_points(
        percent, full_points=programme.full_points, full_at=programme.full_at, zero_below=programme.zero_below
    )


@dataclass(frozen=True)
class ItemResult:
    """One item in one month (`month` 1–12) or the year (`month` None)."""

    item: ProgrammeItem
    month: int | None
    attainment: Attainment
    saving: Decimal | None
    points: Decimal | None
    running: bool = False

    @property
    def state(self) -> str:
        if self.attainment.actual is None or self.attainment.met is None:
            return "none"
        if self.running:
            return "running"
        return "met" if self.attainment.met else "missed"


def item_targets(item: ProgrammeItem, year: int) -> dict:
    """{(year, month or None): target} for indicators.selectors.target_for (monthly targets prefetched)."""
    targets = {(year, None): item.annual_target}
    targets.update({(year, t.month): t.value for t in item.monthly_targets.all()})
    return targets


def saving(item: ProgrammeItem, attainment: Attainment, denominator: Decimal | None) -> Decimal | None:
    """The money value of the gap (positive when better than target); None without a price or a quantity."""
    indicator, gap = item.indicator, attainment.gap
    if item.unit_price is None or gap is None:
        return None
    better = gap if indicator.higher_is_better else -gap
    if indicator.rollup == Rollup.SUM:
        quantity = better
    elif indicator.rollup == Rollup.RATIO and denominator:
        quantity = better * denominator / indicator.factor
    else:
        return None
    return (quantity * item.unit_price).quantize(CENT, rounding=ROUND_HALF_UP)


def _series(items: list[ProgrammeItem], year: int, bucket) -> dict[tuple[int, int], dict]:
    """{(indicator id, unit id): {month or None: value}} for the items' indicators and their ratios' denominators:
    one roll-up query per distinct indicator."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    wanted: dict[int, tuple[Indicator, dict]] = {}
    for item in items:
        indicator = item.indicator
        wanted.setdefault(indicator.pk, (indicator, {}))[1][item.unit_id] = item.unit
        if indicator.rollup == Rollup.RATIO:
            wanted.setdefault(indicator.denominator_id, (indicator.denominator, {}))[1][item.unit_id] = item.unit
    values: dict[tuple[int, int], dict] = {}
    for indicator_id, (indicator, units) in wanted.items():
        found = rollup_by_unit(indicator, list(units.values()), start, end, bucket)
        for unit_id, points in found.items():
            values[(indicator_id, unit_id)] = {(p.start.month if bucket else None): p.value for p in points}
    return values


def programme_results(
    *, programme: Programme, items: list[ProgrammeItem], months: list[int], today: dt.date
) -> dict[int, list[ItemResult]]:
    """{item id: [result per month in `months`, then the year]} for the programme's year. `items` come with their
    indicator (and its denominator), unit and monthly targets loaded (see selectors.programme_items)."""
    year = programme.year
    monthly = _series(items, year, "month")
    yearly = _series(items, year, None)
    results: dict[int, list[ItemResult]] = {}
    for item in items:
        indicator = item.indicator
        targets = item_targets(item, year)
        actual = monthly.get((indicator.pk, item.unit_id), {})
        denominators = monthly.get((indicator.denominator_id, item.unit_id), {}) if indicator.denominator_id else {}
        additive = indicator.rollup == Rollup.SUM
        rows = []
        for m in months:
            first = dt.date(year, m, 1)
            target = target_for(indicator, targets, first, "month")
            attainment = compare(indicator, item.unit_id, year, m, actual.get(m), target)
            running = last_day(first) >= today
            rows.append(
                ItemResult(
                    item,
                    m,
                    attainment,
                    saving(item, attainment, denominators.get(m)),
                    None if attainment.actual is None else programme_points(programme, attainment.percent),
                    running and additive,
                )
            )
        year_actual = yearly.get((indicator.pk, item.unit_id), {}).get(None)
        year_den = yearly.get((indicator.denominator_id, item.unit_id), {}).get(None)
        year_target = target_for(indicator, targets, dt.date(year, 1, 1), "year")
        attainment = compare(indicator, item.unit_id, year, None, year_actual, year_target)
        rows.append(
            ItemResult(
                item,
                None,
                attainment,
                saving(item, attainment, year_den),
                None if attainment.actual is None else programme_points(programme, attainment.percent),
                additive and dt.date(year, 12, 31) >= today,
            )
        )
        results[item.pk] = rows
    return results
