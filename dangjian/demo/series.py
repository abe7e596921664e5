"""The demo company's production series: deterministic, realistic, with the seed-000 project effects built in.

Every series is generated day by day (or month by month) from 2020-01-01 with its own random.Random seeded by the
indicator and unit, so the value of a given day never depends on the day the demo is seeded: seeding later only adds
days. Noise is AR(1) (a good day tends to follow a good day), on top of a season (summer heat lowers current
efficiency and raises fan, compressor and coal consumption), a company-wide shock shared by all potlines, a slow rise
of the series current with a production campaign each October–November (so daily output records fall every autumn),
and the power rationing of August 2022 (Chongqing heat wave, current cut for ten days).

The effects (EFFECTS) are steps in the underlying rate from their start day on; see dangjian/demo/indicators.py for
which project each belongs to.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from dangjian.demo.data.qineng_indicators import (
    LOGISTICS,
    POTLINE_AREAS,
    POWER_MAINTENANCE,
    POWER_PLANT,
    RAILWAY,
    RECTIFIER,
)

# From 2019: a project of 2020 needs twelve months of baseline before it.
START = dt.date(2019, 1, 1)
SEED = 2022
DJ1, DJ2, DJ3, DJ4 = POTLINE_AREAS
RATIONING = (dt.date(2022, 8, 15), dt.date(2022, 8, 24))
FARADAY = 0.3356  # kg of aluminium per kA·h at 100 % current efficiency


@dataclass(frozen=True)
class Effect:
    """A step of `change` in the rate `quantity` at `units` from `start` on (the project's result)."""

    quantity: str
    units: tuple[str, ...]
    start: dt.date
    change: float
    project: str


EFFECTS = (
    # Seed 000's results, in the year and at the unit of the demo project that claims them (demo/data/projects.py).
    Effect("CURRENT_EFF", (DJ3,), dt.date(2022, 1, 1), +0.5, "电解三车间 党建+提高电流效率 (2022)"),
    Effect("DEVIATION_V", (DJ4,), dt.date(2021, 1, 1), -12.5, "电解四车间 党建+电解精益生产 (2021)"),
    Effect("AIR_KWH_T", POTLINE_AREAS, dt.date(2022, 1, 1), -50.0, "净化车间 党建+深度节能 (2022)"),
    Effect("FAN_KWH_T", POTLINE_AREAS, dt.date(2022, 1, 1), -12.0, "净化车间 党建+深度节能 (2022)"),
    # 4,500 t of coal a year over about 4.85 TWh generated: −0.93 g/kWh.
    Effect("COAL_RATE", (POWER_PLANT,), dt.date(2020, 1, 1), -0.93, "发电分公司党总支 党建+科技创新 (2020)"),
    Effect("ANODE_GROSS", (DJ2,), dt.date(2020, 1, 1), -15.0, "电解二车间 党建+“十个一”降本增效 (2020)"),
    Effect("ALF3_RATE", (DJ2,), dt.date(2020, 1, 1), -2.1, "电解二车间 党建+“十个一”降本增效 (2020)"),
    # 2.37 million 元 a year less alumina freight; 2.32 million 元 a year more rail income; 1.25 million less spares.
    Effect("FREIGHT", (LOGISTICS,), dt.date(2021, 1, 1), -197500.0, "采购和物流分公司 党建+创收创效 (2021)"),
    Effect("RAIL_INCOME", (RAILWAY,), dt.date(2021, 1, 1), +193333.0, "采购和物流分公司 党建+创收创效 (2021)"),
    Effect("SPARE_PARTS", (POWER_MAINTENANCE,), dt.date(2021, 1, 1), -104167.0, "检修车间 党建+节支创效 (2021)"),
    # The demo plan's other production projects whose goals read these series.
    Effect("FE_CONTENT", POTLINE_AREAS, dt.date(2021, 1, 1), -0.035, "阳极组装车间 党建+低铁铝生产 (2021)"),
    Effect("CELL_VOLTAGE", (DJ3,), dt.date(2021, 1, 1), -0.06, "电解三车间 党建+提效：工艺技术条件优化 (2021)"),
    Effect("EFFECT_COEF", (DJ3,), dt.date(2021, 1, 1), -0.015, "电解三车间 党建+提效：工艺技术条件优化 (2021)"),
    Effect("CELL_VOLTAGE", (DJ1,), dt.date(2022, 1, 1), -0.07, "电解一车间 党建+提效：平均电压降低 (2022)"),
    # Busbar and contact voltage drop (in the DC power, not in the cell voltage): 电解一车间's 2021 cost project.
    Effect("LINE_DROP", (DJ1,), dt.date(2021, 1, 1), -0.045, "电解一车间 党建+降本：吨铝直流电耗降低 (2021)"),
    Effect("ANODE_GROSS", (DJ4,), dt.date(2022, 1, 1), -12.0, "电解四车间 党建+降本：阳极残极率降低 (2022)"),
)


def effect(quantity: str, unit: str, day: dt.date) -> float:
    return sum(e.change for e in EFFECTS if e.quantity == quantity and unit in e.units and day >= e.start)


class AR1:
    """x(t) = φ·x(t−1) + ε, ε ~ N(0, sd), from a random.Random of its own (started at its stationary spread)."""

    def __init__(self, key: str, phi: float, sd: float):
        self.rng = random.Random(f"{SEED}:{key}")
        self.phi, self.sd = phi, sd
        self.x = self.rng.gauss(0, sd / math.sqrt(1 - phi * phi))

    def __call__(self) -> float:
        self.x = self.phi * self.x + self.rng.gauss(0, self.sd)
        return self.x


def season(day: dt.date) -> float:
    """+1 in mid-July, −1 in mid-January."""
    return math.cos(2 * math.pi * (day.timetuple().tm_yday - 196) / 365.25)


def years(day: dt.date) -> float:
    return (day - START).days / 365.25


def days(end: dt.date) -> Iterator[dt.date]:
    day = START
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def months(end: dt.date) -> Iterator[dt.date]:
    """The first day of every month from 2020-01 whose last day is on or before `end`."""
    month = START
    while True:
        following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        if following - dt.timedelta(days=1) > end:
            return
        yield month
        month = following


def q(value: float, places: int) -> Decimal:
    return Decimal(repr(round(value, places)))


def line_current(day: dt.date) -> float:
    """Series current (kA): 420 rising 1.2 kA a year, +4 kA in the October–November campaign, 395 when rationed."""
    if RATIONING[0] <= day <= RATIONING[1]:
        return 395.0
    campaign = 4.0 if day.month in (10, 11) else 0.0
    return 420.0 + 1.2 * years(day) + campaign


# Per potline: levels differ a little between lines (the demo plan's baselines: DJ4's deviation voltage 42.5 mV,
# DJ3's effect coefficient 0.035, DJ1's voltage 4.05 V …).
BASE = {
    DJ1: {"ce": 91.95, "volt": 4.00, "dev": 44.0, "anode": 547.0, "eff": 0.028, "phase": 0},
    DJ2: {"ce": 92.10, "volt": 4.00, "dev": 45.5, "anode": 548.0, "eff": 0.025, "phase": 24},
    DJ3: {"ce": 92.10, "volt": 4.02, "dev": 45.0, "anode": 544.0, "eff": 0.035, "phase": 48},
    DJ4: {"ce": 92.05, "volt": 4.01, "dev": 42.5, "anode": 540.0, "eff": 0.026, "phase": 72},
}
LINE_DROP = 0.06  # V of busbar and contact drop per cell, paid for in DC power


def potlines(end: dt.date) -> dict[tuple[str, str], dict[dt.date, Decimal]]:
    """Daily stored values of every potline area from 2020-01-01 to `end`: {(indicator code, unit code): {day: v}}."""
    out: dict[tuple[str, str], dict[dt.date, Decimal]] = {}
    common = AR1("common-ce", 0.95, 0.06)
    common_days = {day: common() for day in days(end)}
    for unit in POTLINE_AREAS:
        base = BASE[unit]
        noise = {
            name: AR1(f"{unit}:{name}", phi, sd)
            for name, phi, sd in (
                ("ce", 0.7, 0.33), ("dev", 0.5, 3.0), ("volt", 0.6, 0.008), ("eff", 0.3, 0.006),
                ("anode", 0.4, 6.0), ("alf3", 0.3, 1.0), ("fe", 0.6, 0.006), ("air", 0.6, 3.0), ("fan", 0.6, 1.6),
            )
        }  # fmt: skip
        series = {code: out.setdefault((code, unit), {}) for code in (
            "AL_OUTPUT", "DC_POWER", "CURRENT_EFF", "CELL_VOLTAGE", "DEVIATION_V", "EFFECT_COEF", "ANODE_USE",
            "ALF3_USE", "FE_CONTENT", "AIR_POWER", "FAN_POWER")}  # fmt: skip
        for day in days(end):
            s, current = season(day), line_current(day)
            rationed = RATIONING[0] <= day <= RATIONING[1]
            # Cells in operation: overhauls come and go; in the campaign relining waits.
            cells = (
                70.0
                if day.month in (10, 11)
                else 68.0 + 1.2 * math.sin(2 * math.pi * ((day - START).days + base["phase"]) / 97)
            )
            ce = base["ce"] - 0.3 * s + common_days[day] + noise["ce"]() + effect("CURRENT_EFF", unit, day)
            ce -= 1.0 if rationed else 0.0
            output = cells * current * FARADAY * 24 * ce / 100 / 1000
            dev = max(5.0, base["dev"] + 1.5 * s + noise["dev"]() + effect("DEVIATION_V", unit, day))
            volt = base["volt"] + 0.012 * s + 0.0004 * (dev - 45) + noise["volt"]() + effect("CELL_VOLTAGE", unit, day)
            drop = LINE_DROP + effect("LINE_DROP", unit, day)
            anode = base["anode"] + 3 * s + noise["anode"]() + effect("ANODE_GROSS", unit, day)
            alf3 = max(10.0, 18.5 + 0.5 * s + noise["alf3"]() + effect("ALF3_RATE", unit, day))
            fe = max(0.05, 0.125 + 0.003 * s + noise["fe"]() + effect("FE_CONTENT", unit, day))
            air = 118 + 6 * s + noise["air"]() + effect("AIR_KWH_T", unit, day)
            fan = 86 + 3 * s + noise["fan"]() + effect("FAN_KWH_T", unit, day)
            series["AL_OUTPUT"][day] = q(output, 3)
            series["DC_POWER"][day] = q(cells * current * (volt + drop) * 24, 0)
            series["CURRENT_EFF"][day] = q(ce, 3)
            series["CELL_VOLTAGE"][day] = q(volt, 4)
            series["DEVIATION_V"][day] = q(dev, 2)
            coefficient = base["eff"] + 0.004 * s + noise["eff"]() + effect("EFFECT_COEF", unit, day)
            series["EFFECT_COEF"][day] = q(max(0.004, coefficient), 4)
            series["ANODE_USE"][day] = q(output * anode / 1000, 3)
            series["ALF3_USE"][day] = q(output * alf3 / 1000, 4)
            series["FE_CONTENT"][day] = q(fe, 4)
            series["AIR_POWER"][day] = q(output * air, 0)
            series["FAN_POWER"][day] = q(output * fan, 0)
    return out


def _month_totals(series: dict[dt.date, Decimal]) -> dict[dt.date, float]:
    totals: dict[dt.date, float] = {}
    for day, value in series.items():
        month = day.replace(day=1)
        totals[month] = totals.get(month, 0.0) + float(value)
    return totals


def monthly(end: dt.date, daily: dict[tuple[str, str], dict[dt.date, Decimal]]) -> dict:
    """Monthly stored values (power plant, purchased power, freight, rail income, spare parts) for every finished
    month up to `end`; purchased power and freight follow the potlines' consumption and output."""
    out: dict[tuple[str, str], dict[dt.date, Decimal]] = {}

    def put(code: str, unit: str, month: dt.date, value: Decimal) -> None:
        out.setdefault((code, unit), {})[month] = value

    noise = {
        name: AR1(f"month:{name}", phi, sd)
        for name, phi, sd in (
            ("avail", 0.3, 0.012), ("load", 0.5, 0.015), ("coal", 0.4, 0.6), ("aux", 0.3, 0.0012),
            ("buy", 0.5, 4.0e6), ("freight", 0.5, 4.0), ("rail", 0.4, 30000.0), ("spare", 0.2, 0.12),
        )
    }  # fmt: skip
    totals = {
        (code, unit): _month_totals(daily[(code, unit)])
        for code in ("AL_OUTPUT", "DC_POWER", "AIR_POWER", "FAN_POWER")
        for unit in POTLINE_AREAS
    }
    by_month = {
        month: {
            code: sum(totals[(code, unit)].get(month, 0.0) for unit in POTLINE_AREAS)
            for code in ("AL_OUTPUT", "DC_POWER", "AIR_POWER", "FAN_POWER")
        }
        for month in months(end)
    }
    for month, potline in by_month.items():
        s = season(month.replace(day=15))
        hours = ((month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - month).days * 24
        availability = min(1.0, 0.965 + noise["avail"]())
        overhaul = 288.0 if month.month == 4 and month.year % 2 == 1 else 0.0  # one unit down 24 days, odd years
        unit_hours = hours * availability - overhaul
        generated = 2 * 330000 * unit_hours * (0.88 + 0.02 * s + noise["load"]())
        coal_rate = 306.0 + 2.5 * s + noise["coal"]() + effect("COAL_RATE", POWER_PLANT, month)
        aux = generated * (0.058 + 0.001 * s + noise["aux"]())
        put("UNIT_HOURS", POWER_PLANT, month, q(unit_hours, 1))
        put("GEN_POWER", POWER_PLANT, month, q(generated, 0))
        put("COAL_STD", POWER_PLANT, month, q(generated * coal_rate / 1e6, 1))
        put("AUX_POWER", POWER_PLANT, month, q(aux, 0))
        need = potline["DC_POWER"] / 0.985 + potline["AIR_POWER"] + potline["FAN_POWER"] + 1.8e7
        bought = need - (generated - aux) * 0.94 + 1.5e7 * s + noise["buy"]()
        put("PURCHASED_POWER", RECTIFIER, month, q(max(3.0e6, bought), 0))
        freight = 1.92 * potline["AL_OUTPUT"] * (152 + noise["freight"]()) + effect("FREIGHT", LOGISTICS, month)
        put("FREIGHT", LOGISTICS, month, q(freight, 2))
        rail = 260000 - 30000 * s + noise["rail"]() + effect("RAIL_INCOME", RAILWAY, month)
        put("RAIL_INCOME", RAILWAY, month, q(rail, 2))
        spare = 700000 * (1 + noise["spare"]()) + (300000 if month.month == 4 else 0)
        spare += effect("SPARE_PARTS", POWER_MAINTENANCE, month)
        put("SPARE_PARTS", POWER_MAINTENANCE, month, q(spare, 2))
    return out
