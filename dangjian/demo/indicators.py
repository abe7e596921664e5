"""The demo company's indicators: the catalogue, daily and monthly series from 2019-01 (a project of 2020 needs a
year of baseline) to the day before the anchor, targets, and the 2022 cost-reduction programme — with the seed-000
project effects built in (series.EFFECTS), in the year and at the unit of the demo project that claims them
(demo/data/projects.py), so a goal linked to the indicator and unit reads its result from the series and the effect
estimate (dangjian/projects/effects) recovers it:

Seed-000 result → indicator (code), the goal's unit, from, comparison units for the difference in differences:
- current efficiency +0.5 % → 电流效率 CURRENT_EFF (+0.5 points), QN-DJ3 电解三车间, 2022-01-01; QN-DJ1, DJ2, DJ4.
- deviation voltage −12.5 mV → 偏离电压 DEVIATION_V (42.5 → 30 mV), QN-DJ4 电解四车间, 2021-01-01; QN-DJ1, DJ2, DJ3.
- air-compressor power −50 kWh/t-Al → 空压机电耗 AIR_KWH_T (118 → 68), QN-LY 铝业分公司 (*), 2022-01-01; none.
- exhaust-fan power −12 kWh/t-Al → 排烟风机电耗 FAN_KWH_T (86 → 74), QN-LY (*), 2022-01-01; none.
- 19 million kWh a year → AIR_POWER + FAN_POWER (kWh), QN-LY (*), 2022: 62 kWh/t × ≈ 314,000 t.
- 4,500 t of coal a year → 发电煤耗 COAL_RATE (−0.93 g/kWh over ≈ 4.9 TWh), QN-FD / QN-FDYX, 2020-01-01; none
  (one power plant: before/after).
- record-low anode and AlF3 consumption → 阳极毛耗 ANODE_GROSS −15 kg/t, 氟化铝单耗 ALF3_RATE −2.1 kg/t, QN-DJ2
  电解二车间, 2020-01-01; QN-DJ1, DJ3, DJ4.
- freight −2.37 million 元 a year → 运费 FREIGHT, QN-CW 采购和物流分公司, 2021-01-01; none.
- rail income +2.32 million 元 a year → 铁路对外运输收入 RAIL_INCOME, QN-CW (QN-CW-TL), 2021-01-01; none.
- spare parts −1.25 million 元 a year → 备件费用 SPARE_PARTS, QN-FDJX 检修车间, 2021-01-01; none.

The demo plan's other production goals with a series here: 平均电压 −0.06 V and 效应系数 0.035 → 0.020 at QN-DJ3
from 2021; 平均电压 −0.07 V at QN-DJ1 from 2022; 吨铝直流电耗 at QN-DJ1 from 2021 (busbar drop −0.045 V); 阳极毛耗
−12 kg/t at QN-DJ4 from 2022; 铝液铁含量 0.125 → 0.090 % at all four potlines from 2021 (阳极组装车间's low-iron
project; its goal is named 原铝铁含量 in the plan).
(*) The compressors and fume fans of the 净化车间 are metered per potline, so kWh per tonne of aluminium exists where
the aluminium is: at each potline and above (QN-DJn, QN-LY), not under QN-JH; the retrofit served all four lines,
so there is no untreated line to compare with.

Daily electrolysis values are stored at each workshop's 电解作业区 (QN-DJn-ZY) and roll up to the workshop; monthly
power-plant values at QN-FDYX-JK. Records broken: daily output rises with the series current and each October–November
campaign, so 日产纪录 fall every autumn; DJ3's current efficiency sets records from 2022.

Writing: values go through indicators.services.values_upsert as SYSTEM in batches of 5,000 (one audit row per batch;
the values carry their source and time), targets through target_set, the catalogue through indicator_create, the
programme through the costs services — so a second run writes only the days since the last one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from dangjian.core.services import SYSTEM
from dangjian.demo import series
from dangjian.demo.data import qineng_indicators as spec_data
from dangjian.demo.progress import chunk_size, refresh_statistics
from dangjian.indicators import services
from dangjian.indicators.models import Indicator, Target
from dangjian.indicators.periods import QUANTUM
from dangjian.org.models import PartyOrg, Person, Unit
from dangjian.projects.costs import services as cost_services
from dangjian.projects.costs.models import Programme

BATCH = services.MAX_BATCH
Rollup = Indicator.Rollup


def _fields(spec: spec_data.Spec, by_code: dict[str, Indicator], order: int) -> dict:
    fields = {
        "name": spec.name,
        "unit_of_measure": spec.unit_of_measure,
        "category": spec.category,
        "direction": spec.direction,
        "rollup": spec.rollup,
        "granularity": spec.granularity,
        "decimals": spec.decimals,
        "benchmark": spec.benchmark,
        "key": spec.key,
        "sort_order": order,
        "description": spec.description,
        "factor": spec.factor,
        "weight": by_code[spec.weight] if spec.weight else None,
        "numerator": by_code[spec.of[0]] if spec.of else None,
        "denominator": by_code[spec.of[1]] if spec.of else None,
    }
    owner = spec.units[0].split("-ZY")[0] if spec.units else None
    fields["owner_unit"] = Unit.objects.filter(code=owner).first() if owner else None
    return fields


def seed_catalogue() -> dict[str, Indicator]:
    """Create the indicators that are missing (sums first: weights, numerators and denominators must exist)."""
    by_code = {i.code: i for i in Indicator.objects.filter(code__in=spec_data.BY_CODE)}
    ordered = sorted(spec_data.CATALOGUE, key=lambda s: s.rollup != Rollup.SUM)
    for spec in ordered:
        if spec.code not in by_code:
            order = spec_data.CATALOGUE.index(spec) * 10
            by_code[spec.code] = services.indicator_create(
                actor=SYSTEM, code=spec.code, **_fields(spec, by_code, order)
            )
    return by_code


def _rows(values: dict[tuple[str, str], dict[dt.date, Decimal]]):
    for (code, unit), by_day in sorted(values.items()):
        for day, value in sorted(by_day.items()):
            yield {"indicator": code, "unit": unit, "period": day, "value": value}


def seed_values(values: dict) -> dict[str, int]:
    """Write the series in batches through values_upsert; returns the summed counts."""
    totals = {"created": 0, "updated": 0, "unchanged": 0}
    batch: list[dict] = []

    def flush():
        for key, count in services.values_upsert(actor=SYSTEM, rows=batch, source="import", reason="演示数据").items():
            totals[key] += count
        batch.clear()

    for row in _rows(values):
        batch.append(row)
        if len(batch) >= chunk_size(BATCH):
            flush()
    if batch:
        flush()
    return totals


# --- targets -------------------------------------------------------------------------------------------------------


def _ancestors(unit: Unit, units_by_id: dict[int, Unit]) -> list[Unit]:
    chain, current = [], unit
    while current is not None:
        chain.append(current)
        current = units_by_id.get(current.parent_id)
    return chain


class Sums:
    """Yearly totals of the stored series per (code, unit, year), added up the unit tree, so a target can be last
    year's actual improved by the indicator's step — for a sum, a ratio (Σ num ÷ Σ den) or a weighted average."""

    def __init__(self, values: dict, units: dict[str, Unit]):
        by_id = {u.pk: u for u in units.values()}
        self.total: dict[tuple[str, str, int], float] = defaultdict(float)
        self.weighted: dict[tuple[str, str, int], float] = defaultdict(float)
        weights = {s.code: s.weight for s in spec_data.CATALOGUE if s.weight}
        for (code, unit_code), by_day in values.items():
            chain = [u.code for u in _ancestors(units[unit_code], by_id)]
            weight_series = values.get((weights[code], unit_code), {}) if code in weights else {}
            yearly, yearly_weighted = defaultdict(float), defaultdict(float)
            for day, value in by_day.items():
                yearly[day.year] += float(value)
                if weight_series:
                    yearly_weighted[day.year] += float(value) * float(weight_series[day])
            for code_at in chain:
                for year, amount in yearly.items():
                    self.total[(code, code_at, year)] += amount
                for year, amount in yearly_weighted.items():
                    self.weighted[(code, code_at, year)] += amount

    def actual(self, spec: spec_data.Spec, unit: str, year: int) -> float | None:
        if spec.rollup == Rollup.RATIO:
            den = self.total.get((spec.of[1], unit, year))
            num = self.total.get((spec.of[0], unit, year))
            return num / den * float(spec.factor) if num and den else None
        if spec.rollup == Rollup.WEIGHTED_AVG:
            weight = self.total.get((spec.weight, unit, year))
            amount = self.weighted.get((spec.code, unit, year))
            return amount / weight if amount and weight else None
        return self.total.get((spec.code, unit, year))


def _target(spec: spec_data.Spec, last_year: float) -> Decimal:
    better = 1 if spec.direction == "higher" else -1
    if spec.rollup == Rollup.SUM:
        value = last_year * (1 + better * float(spec.step))
    else:
        value = last_year + better * float(spec.step)
    return Decimal(repr(round(value, spec.decimals))).quantize(QUANTUM)


def seed_targets(values: dict, units: dict[str, Unit], by_code: dict[str, Indicator], years: list[int]) -> int:
    """Annual targets for every indicator at the units holding its data and their parents: last year's actual (the
    year's own for 2020) improved by the indicator's step. A month follows its year's target (pro rata for a
    quantity). Returns how many targets were set or changed."""
    sums = Sums(values, units)
    by_id = {u.pk: u for u in units.values()}
    changed = 0
    for spec in spec_data.CATALOGUE:
        sources = spec.units or spec_data.BY_CODE[spec.of[0]].units
        where = []
        for source in sources:
            # The 作业区 carries the same figures as its workshop: targets go to the workshop and above.
            start = units[source].parent if source.endswith("-ZY") else units[source]
            for unit in _ancestors(start, by_id):
                if unit not in where:
                    where.append(unit)
        for year in years:
            for unit in where:
                base = sums.actual(spec, unit.code, max(year - 1, series.START.year))
                if base is None:
                    continue
                value = _target(spec, base)
                before = Target.objects.filter(indicator=by_code[spec.code], unit=unit, year=year, month=None).first()
                if before is None or before.value != value:
                    services.target_set(actor=SYSTEM, indicator=by_code[spec.code], unit=unit, year=year, value=value)
                    changed += 1
    return changed


# --- the cost-reduction programme ----------------------------------------------------------------------------------


def _owner(title: str) -> Person | None:
    job, _sep, unit = title.partition("@")
    people = Person.objects.filter(job_title=job)
    if unit:
        people = people.filter(unit__code=unit)
    return people.order_by("employee_no").first()


def seed_programme(units: dict[str, Unit], by_code: dict[str, Indicator]) -> bool:
    """The 2022 programme of the company committee, once (False when it is already there or the org is missing)."""
    org_code, year, name = spec_data.PROGRAMME
    org = PartyOrg.objects.filter(code=org_code).first()
    if org is None or Programme.objects.filter(owner_org=org, year=year, name=name).exists():
        return False
    programme = cost_services.programme_create(
        actor=SYSTEM,
        owner_org=org,
        year=year,
        name=name,
        description="围绕吨铝电耗、阳极毛耗、氟化铝单耗、空压机与排烟风机电耗、发电煤耗、运费和备件费用等指标，"
        "细化重点措施，与各单位负责人月度绩效挂钩。",
    )
    for order, (code, unit_code, price, owner, measures) in enumerate(spec_data.PROGRAMME_ITEMS):
        indicator, unit = by_code[code], units[unit_code]
        target = Target.objects.filter(indicator=indicator, unit=unit, year=year, month=None).first()
        annual = spec_data.PROGRAMME_TARGETS.get(code) or (target.value if target else None)
        if annual is None:
            continue
        cost_services.item_save(
            actor=SYSTEM,
            programme=programme,
            indicator=indicator,
            unit=unit,
            annual_target=annual,
            owner=_owner(owner),
            unit_price=price,
            measures=list(measures),
            sort_order=order,
        )
    return True


def seed_indicators(*, today: dt.date) -> dict:
    """Everything above, up to the day before `today`. Returns counts for the command to print."""
    units = {u.code: u for u in Unit.objects.filter(code__startswith="QN")}
    if "QN-DJ1-ZY" not in units:
        return {"skipped": True}
    end = today - dt.timedelta(days=1)
    by_code = seed_catalogue()
    values = series.potlines(end)
    values.update(series.monthly(end, values))
    counts = seed_values(values)
    refresh_statistics()  # the targets below read the series just loaded
    years = sorted({*spec_data.TARGET_YEARS, today.year - 1, today.year})
    counts["targets"] = seed_targets(values, units, by_code, years)
    counts["programme"] = seed_programme(units, by_code)
    return counts
