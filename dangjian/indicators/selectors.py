"""Reads for the indicator pages: the indicator and unit a page is about, the trend with its target, benchmark and
best-ever lines, and the unit × month table of actual against target.

Each read is a fixed number of queries however many values, units or months there are: one roll-up per series (see
rollup.py), one query for the targets, one for the units.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core.errors import InvalidInput, NotFound
from dangjian.core.months import add_months, last_day
from dangjian.core.permissions import VIEW
from dangjian.indicators.attainment import Attainment, compare
from dangjian.indicators.models import Indicator, IndicatorValue, Target
from dangjian.indicators.periods import QUANTUM
from dangjian.indicators.records import Record, records_broken, series_records
from dangjian.indicators.rollup import FINENESS, Point, rollup_by_unit, rollup_series
from dangjian.org import tenancy
from dangjian.org.models import Unit

Rollup = Indicator.Rollup
# The longest trend a page draws, per bucket (a day chart of three years is still readable; more is not).
MAX_BUCKETS = {"day": 1100, "month": 240, "year": 60}
# The unit picker lists at most this many units (a company has a few hundred; a group uses the unit code field).
MAX_UNIT_CHOICES = 1000
MAX_CHILDREN = 100
# Best-ever values are looked for back to here (before any plant in the catalogue ran).
HISTORY_START = dt.date(2000, 1, 1)


def bucket_end(start: dt.date, bucket: str) -> dt.date:
    if bucket == "month":
        return last_day(start)
    if bucket == "year":
        return dt.date(start.year, 12, 31)
    return start


def bucket_label(start: dt.date, bucket: str) -> str:
    return {"year": f"{start:%Y}", "month": f"{start:%Y-%m}"}.get(bucket, start.isoformat())


def bucket_starts(start: dt.date, end: dt.date, bucket: str) -> list[dt.date]:
    """Every bucket from the one holding `start` to the one holding `end`."""
    if bucket == "year":
        return [dt.date(y, 1, 1) for y in range(start.year, end.year + 1)]
    if bucket == "month":
        months, month = [], start.replace(day=1)
        while month <= end:
            months.append(month)
            month = add_months(month, 1)
        return months
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


# --- what a page is about ------------------------------------------------------------------------------------------


def indicator_detail(*, user, code: str) -> Indicator:
    """The indicator with this code, if the user may view indicators (NotFound otherwise)."""
    found = (
        Indicator.objects.restrict(user, VIEW)
        .select_related("weight", "numerator", "denominator", "owner_unit", "company")
        .filter(code=code)
        .first()
    )
    if found is None:
        raise NotFound(_("No such indicator, or you do not have access to it."))
    return found


def root_unit(user) -> Unit | None:
    """The user's company: the unit linked to the root org of their company (see dangjian/org/tenancy.py)."""
    return tenancy.company_root_unit(user)


def unit_by_code(user, code: str | None) -> Unit | None:
    """A production unit of the user's companies by code (their company when no code is given); None for a unit of
    another company, as for one that does not exist. Units are reached through the indicator grant (the MES/ERP
    account holds no unit grant), bounded by the company."""
    if not code:
        return root_unit(user)
    return tenancy.units(user).filter(code=code[:40]).first()


def unit_choices(user, writing: str | None = None) -> list[tuple[str, str]]:
    """(code, indented name) of the active units of the user's companies in tree order, for a unit picker; with
    `writing` (an action), only the units the user may write values or targets for."""
    units = tenancy.units(user).filter(active=True)
    if writing is not None and not tenancy.is_system(user):
        units = units.filter(tenancy.paths_q(tenancy.write_unit_paths(user, "indicator", writing)))
    units = units.order_by("path").only("code", "name", "depth")[:MAX_UNIT_CHOICES]
    return [(u.code, "\u2003" * u.depth + u.name) for u in units]


def allowed_buckets(indicator: Indicator) -> list[str]:
    """The granularities a trend of this indicator can be drawn at: its own and the coarser ones (no shift charts)."""
    return [b for b in ("day", "month", "year") if FINENESS[b] >= FINENESS[indicator.granularity]]


# --- targets per bucket --------------------------------------------------------------------------------------------


def additive(indicator: Indicator) -> bool:
    """Does the indicator add up over time (output, energy)? Its target for part of a month or year is pro rata."""
    return indicator.rollup == Rollup.SUM


def target_for(indicator: Indicator, targets: dict, start: dt.date, bucket: str) -> Decimal | None:
    """The target of one bucket from the unit's targets {(year, month or None): value}.

    A rate or level (efficiency, kWh/t, a stock) has the same target for a day as for its month, and a month without
    its own target takes the year's. An additive indicator (output) splits: a day gets its month's target ÷ the days
    of the month, a month without its own target gets the year's × its share of the year's days, and a year without
    its own target is the sum of twelve monthly targets when all twelve are set.
    """
    year_target = targets.get((start.year, None))
    if bucket == "year":
        if year_target is not None or not additive(indicator):
            return year_target
        months = [targets.get((start.year, m)) for m in range(1, 13)]
        return sum(months) if all(m is not None for m in months) else None
    month_target = targets.get((start.year, start.month))
    days_in_month = calendar.monthrange(start.year, start.month)[1]
    if month_target is None and year_target is not None:
        days_in_year = 366 if calendar.isleap(start.year) else 365
        month_target = year_target * days_in_month / days_in_year if additive(indicator) else year_target
    if month_target is None:
        return None
    if bucket == "day" and additive(indicator):
        month_target = month_target / days_in_month
    return month_target.quantize(QUANTUM)


def unit_targets(indicator: Indicator, units: list, years: set[int]) -> dict[int, dict]:
    """{unit id: {(year, month): value}} in one query."""
    found: dict[int, dict] = {}
    rows = Target.objects.filter(indicator=indicator, unit__in=units, year__in=years)
    for unit_id, year, month, value in rows.values_list("unit_id", "year", "month", "value"):
        found.setdefault(unit_id, {})[(year, month)] = value
    return found


# --- the trend -----------------------------------------------------------------------------------------------------


@dataclass
class Trend:
    """A chart's data: one entry per bucket from `start` to `end`. `best` is the best value of the unit's rolled-up
    series up to and including each bucket (a step line that rises at every record); `best_point` is the best of all.
    `records` are the rolled-up series' records broken inside the range, newest first, as (record, previous best)."""

    indicator: Indicator
    unit: Unit
    bucket: str
    start: dt.date
    end: dt.date
    labels: list[str] = field(default_factory=list)
    actual: list[Decimal | None] = field(default_factory=list)
    target: list[Decimal | None] = field(default_factory=list)
    best: list[Decimal | None] = field(default_factory=list)
    benchmark: Decimal | None = None
    best_point: Point | None = None
    records: list[tuple[Point, Point]] = field(default_factory=list)

    def rows(self):
        """(label, actual, target, best-ever) per bucket, for the export."""
        return zip(self.labels, self.actual, self.target, self.best, strict=True)

    def chart(self) -> dict:
        def num(values):
            return [None if v is None else float(v) for v in values]

        return {
            "labels": self.labels,
            "actual": num(self.actual),
            "target": num(self.target),
            "best": num(self.best),
            "benchmark": None if self.benchmark is None else float(self.benchmark),
            "decimals": self.indicator.decimals,
            "unit_of_measure": self.indicator.unit_of_measure,
            "names": {
                "actual": str(self.unit),
                "target": _("target"),
                "best": _("best ever"),
                "benchmark": _("industry benchmark"),
            },
        }


def default_range(bucket: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The range a trend shows when none is asked for: 90 days, 24 months or 10 years up to today."""
    if bucket == "day":
        return today - dt.timedelta(days=89), today
    if bucket == "month":
        return add_months(today, -23), today
    return dt.date(today.year - 9, 1, 1), today


def check_range(bucket: str, start: dt.date, end: dt.date) -> None:
    if end < start:
        raise InvalidInput(_("The range cannot end before it starts."), errors={"end": [_("Give a later date.")]})
    if len(bucket_starts(start, end, bucket)) > MAX_BUCKETS[bucket]:
        raise InvalidInput(
            _("That is more than %(max)s points; choose a shorter range or a coarser granularity.")
            % {"max": MAX_BUCKETS[bucket]},
            errors={"start": [_("Too long a range for this granularity.")]},
        )


def trend(*, indicator: Indicator, unit: Unit, bucket: str, start: dt.date, end: dt.date, today=None) -> Trend:
    """The indicator for `unit`'s subtree per bucket, with its target, the industry benchmark and the best-ever line.

    Two queries: the roll-up over all history up to `end` (the best-ever line needs the values before the range) and
    the unit's targets for the years shown. A bucket still under way (this month's output so far) is drawn but is not
    a record for an additive indicator: a part of a month is no month's best.
    """
    if bucket not in allowed_buckets(indicator):
        raise InvalidInput(
            _("%(name)s is recorded per %(granularity)s; choose that or a coarser granularity.")
            % {"name": indicator.name, "granularity": indicator.get_granularity_display()},
            errors={"granularity": [_("Too fine for this indicator.")]},
        )
    check_range(bucket, start, end)
    today = today or timezone.localdate()
    starts = bucket_starts(start, end, bucket)
    first = starts[0]
    history = rollup_series(indicator, unit, HISTORY_START, bucket_end(starts[-1], bucket), bucket)
    complete = [
        p for p in history if p.value is not None and (not additive(indicator) or bucket_end(p.start, bucket) < today)
    ]
    targets = unit_targets(indicator, [unit], {s.year for s in starts}).get(unit.pk, {})
    by_start = {p.start: p.value for p in history}
    best_point, records = series_records(complete, higher_is_better=indicator.higher_is_better)
    result = Trend(indicator, unit, bucket, first, bucket_end(starts[-1], bucket), benchmark=indicator.benchmark)
    result.best_point = best_point
    result.records = [(rec, prev) for rec, prev in reversed(records) if rec.start >= first]
    running, pending = None, iter(complete)
    upcoming = next(pending, None)
    for s in starts:
        while upcoming is not None and upcoming.start <= s:
            if running is None or (
                upcoming.value > running if indicator.higher_is_better else upcoming.value < running
            ):
                running = upcoming.value
            upcoming = next(pending, None)
        target = target_for(indicator, targets, s, bucket)
        end_of_bucket = bucket_end(s, bucket)
        if additive(indicator) and s <= today <= end_of_bucket:
            # The bucket under way holds a part of a quantity (原铝产量 after 7 days): it is labelled as such and set
            # against the share of its target for the days gone, not drawn as a full month that "crashed".
            result.labels.append(_("%(label)s (to date)") % {"label": bucket_label(s, bucket)})
            if target is not None:
                gone = max((today - s).days, 1)
                target = (target * gone / ((end_of_bucket - s).days + 1)).quantize(QUANTUM)
        else:
            result.labels.append(bucket_label(s, bucket))
        result.actual.append(by_start.get(s))
        result.target.append(target)
        result.best.append(running)
    return result


# --- the unit × month table ----------------------------------------------------------------------------------------


@dataclass
class Cell:
    """One month (or the year) of one unit: the comparison, and whether the period is still under way (an additive
    indicator's part-month is not judged against the whole month's target)."""

    attainment: Attainment
    running: bool = False

    @property
    def state(self) -> str:
        """ "met", "missed", "running" or "none" — what the cell's colour says."""
        if self.attainment.actual is None:
            return "none"
        if self.running:
            return "running"
        if self.attainment.met is None:
            return "none"
        return "met" if self.attainment.met else "missed"


@dataclass
class UnitRow:
    unit: Unit
    total: bool
    months: list[Cell]
    year: Cell

    @property
    def cells(self) -> list[Cell]:
        return [*self.months, self.year]


@dataclass
class UnitMonthTable:
    indicator: Indicator
    unit: Unit
    year: int
    rows: list[UnitRow]
    more_children: bool = False


def unit_month_table(*, indicator: Indicator, unit: Unit, year: int, today=None) -> UnitMonthTable:
    """The chosen unit and its children (each rolled up over its own subtree by the indicator's rule) × the twelve
    months and the year: actual, target, attainment and gap. Four queries: children, the monthly roll-up, the yearly
    roll-up and the targets."""
    today = today or timezone.localdate()
    children = list(
        Unit._base_manager.filter(parent=unit, active=True).order_by("sort_order", "code")[: MAX_CHILDREN + 1]
    )
    more = len(children) > MAX_CHILDREN
    units = [unit, *children[:MAX_CHILDREN]]
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    monthly = rollup_by_unit(indicator, units, start, end, "month")
    yearly = rollup_by_unit(indicator, units, start, end)
    targets = unit_targets(indicator, units, {year})
    rows = []
    for u in units:
        actual = {p.start.month: p.value for p in monthly.get(u.pk, [])}
        own = targets.get(u.pk, {})
        cells = []
        for m in range(1, 13):
            first = dt.date(year, m, 1)
            target = target_for(indicator, own, first, "month")
            running = additive(indicator) and last_day(first) >= today
            cells.append(Cell(compare(indicator, u.pk, year, m, actual.get(m), target), running))
        points = yearly.get(u.pk, [])
        year_actual = points[0].value if points else None
        year_target = target_for(indicator, own, start, "year")
        year_cell = Cell(
            compare(indicator, u.pk, year, None, year_actual, year_target), additive(indicator) and end >= today
        )
        row = UnitRow(u, u.pk == unit.pk, cells, year_cell)
        # A child with neither values nor targets this year (an office under a plant) would be a row of dots.
        if row.total or any(c.attainment.actual is not None or c.attainment.target is not None for c in row.cells):
            rows.append(row)
    return UnitMonthTable(indicator, unit, year, rows, more)


# --- records -------------------------------------------------------------------------------------------------------


@dataclass
class RecordRow:
    record: Record
    unit: Unit


def unit_records(
    *, indicator: Indicator, unit: Unit, since: dt.date, until: dt.date, limit: int = 20
) -> list[RecordRow]:
    """Records broken (班产/日产纪录) by the units of `unit`'s subtree for this indicator, newest first: one window
    query and one for the units' names. A ratio stores no values, so it has none here (see Trend.records)."""
    if not indicator.stores_values:
        return []
    found = records_broken(unit=unit, since=since, until=until, indicator_ids=[indicator.pk], limit=limit)
    # The parent names the unit: every potline's area is called 电解作业区.
    units = Unit._base_manager.select_related("parent").in_bulk({r.unit_id for r in found})
    return [RecordRow(r, units[r.unit_id]) for r in found if r.unit_id in units]


def cell_value(*, indicator: Indicator, unit: Unit, start, shift: str) -> IndicatorValue | None:
    """The stored value of one cell of the entry grid (one query)."""
    return (
        IndicatorValue.objects.filter(
            indicator=indicator, unit=unit, granularity=indicator.granularity, period_start=start, shift=shift
        )
        .select_related("unit", "updated_by")
        .first()
    )


def year_targets(*, indicator: Indicator, unit: Unit, year: int) -> dict[int, object]:
    """The unit's monthly targets of the year, by month."""
    return dict(Target.objects.filter(indicator=indicator, unit=unit, year=year).values_list("month", "value"))


def indicator_list(*, user) -> QuerySet[Indicator]:
    """The catalogue as the user sees it, with what its rows show."""
    return Indicator.objects.restrict(user, VIEW).select_related("weight", "numerator", "denominator", "owner_unit")
