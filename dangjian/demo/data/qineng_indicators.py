"""The indicator catalogue of the demo company 旗能电铝, and where each series is recorded.

Electrolysis is recorded per day at each workshop's 电解作业区 (QN-DJn-ZY, the 74 cells of one potline); the power
plant, purchased power, freight, rail income and spare parts per month at the unit that keeps the books. Ratios
(kWh/t-Al, kg/t-Al, g/kWh, %) are computed from their numerator and denominator and store nothing.
See dangjian/demo/indicators.py for the series and the project effects built into them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

D = Decimal
POTLINES = ("QN-DJ1", "QN-DJ2", "QN-DJ3", "QN-DJ4")
# Where daily electrolysis values sit: the 作业区 of each workshop.
POTLINE_AREAS = tuple(f"{w}-ZY" for w in POTLINES)
POWER_PLANT = "QN-FDYX-JK"  # 发电车间 · 集控运行
RECTIFIER = "QN-GD-ZL"  # 供电车间 · 整流运行: the grid intake
LOGISTICS = "QN-CW-DD"  # 采购和物流分公司 · 物流调度中心: alumina freight
RAILWAY = "QN-CW-TL"  # 铁路运输站: rail transport sold to others
POWER_MAINTENANCE = "QN-FDJX"  # 发电分公司 · 检修车间: spare parts


@dataclass(frozen=True)
class Spec:
    """One indicator: `of` = (numerator, denominator) for a ratio, `weight` for a weighted average; `units` are the
    units whose values are seeded (none for a ratio); `step` is how much better than last year's actual a target is
    (an amount for a rate or level, a share for a quantity)."""

    code: str
    name: str
    unit_of_measure: str
    category: str
    direction: str
    rollup: str
    granularity: str
    decimals: int
    units: tuple[str, ...] = ()
    weight: str = ""
    of: tuple[str, str] | None = None
    factor: Decimal = D(1)
    benchmark: Decimal | None = None
    key: bool = False
    step: Decimal = D(0)
    description: str = ""


DAY, MONTH = "day", "month"
SUM, WAVG, RATIO = "sum", "weighted_avg", "ratio"
UP, DOWN = "higher", "lower"

CATALOGUE = (
    # --- electrolysis, daily per potline ---------------------------------------------------------------------------
    Spec("AL_OUTPUT", "原铝产量", "t", "output", UP, SUM, DAY, 1, POTLINE_AREAS, key=True, step=D("0.01"),
         description="按槽数×系列电流×0.3356×24×电流效率计算的日产铝量。"),
    Spec("DC_POWER", "直流电量", "kWh", "energy", DOWN, SUM, DAY, 0, POTLINE_AREAS, step=D("0.005")),
    Spec("CURRENT_EFF", "电流效率", "%", "output", UP, WAVG, DAY, 2, POTLINE_AREAS, weight="AL_OUTPUT",
         benchmark=D("93.00"), key=True, step=D("0.2")),
    Spec("DC_KWH_T", "吨铝直流电耗", "kWh/t-Al", "energy", DOWN, RATIO, DAY, 0, of=("DC_POWER", "AL_OUTPUT"),
         benchmark=D("12900"), key=True, step=D("30")),
    Spec("CELL_VOLTAGE", "平均电压", "V", "energy", DOWN, WAVG, DAY, 3, POTLINE_AREAS, weight="AL_OUTPUT",
         step=D("0.005")),
    Spec("DEVIATION_V", "偏离电压", "mV", "quality", DOWN, WAVG, DAY, 1, POTLINE_AREAS, weight="AL_OUTPUT",
         benchmark=D("30"), step=D("2")),
    Spec("EFFECT_COEF", "效应系数", "次/槽·日", "equipment", DOWN, WAVG, DAY, 3, POTLINE_AREAS, weight="AL_OUTPUT",
         benchmark=D("0.015"), step=D("0.002")),
    Spec("ANODE_USE", "阳极消耗量", "t", "cost", DOWN, SUM, DAY, 2, POTLINE_AREAS, step=D("0.005")),
    Spec("ANODE_GROSS", "阳极毛耗", "kg/t-Al", "cost", DOWN, RATIO, DAY, 1, of=("ANODE_USE", "AL_OUTPUT"),
         factor=D(1000), benchmark=D("525"), key=True, step=D("3")),
    Spec("ALF3_USE", "氟化铝消耗量", "t", "cost", DOWN, SUM, DAY, 3, POTLINE_AREAS, step=D("0.005")),
    Spec("ALF3_RATE", "氟化铝单耗", "kg/t-Al", "cost", DOWN, RATIO, DAY, 2, of=("ALF3_USE", "AL_OUTPUT"),
         factor=D(1000), benchmark=D("16"), step=D("0.3")),
    Spec("FE_CONTENT", "铝液铁含量", "%", "quality", DOWN, WAVG, DAY, 4, POTLINE_AREAS, weight="AL_OUTPUT",
         benchmark=D("0.08"), step=D("0.003")),
    Spec("AIR_POWER", "空压机电量", "kWh", "energy", DOWN, SUM, DAY, 0, POTLINE_AREAS, step=D("0.01")),
    Spec("AIR_KWH_T", "空压机电耗", "kWh/t-Al", "energy", DOWN, RATIO, DAY, 1, of=("AIR_POWER", "AL_OUTPUT"),
         step=D("5")),
    Spec("FAN_POWER", "排烟风机电量", "kWh", "energy", DOWN, SUM, DAY, 0, POTLINE_AREAS, step=D("0.01")),
    Spec("FAN_KWH_T", "排烟风机电耗", "kWh/t-Al", "energy", DOWN, RATIO, DAY, 1, of=("FAN_POWER", "AL_OUTPUT"),
         step=D("2")),
    # --- power plant, monthly --------------------------------------------------------------------------------------
    Spec("GEN_POWER", "发电量", "kWh", "output", UP, SUM, MONTH, 0, (POWER_PLANT,), key=True, step=D("0.01")),
    Spec("COAL_STD", "标煤耗量", "t", "cost", DOWN, SUM, MONTH, 0, (POWER_PLANT,), step=D("0.005")),
    Spec("COAL_RATE", "发电煤耗", "g/kWh", "energy", DOWN, RATIO, MONTH, 1, of=("COAL_STD", "GEN_POWER"),
         factor=D(1000000), benchmark=D("300"), key=True, step=D("0.5")),
    Spec("UNIT_HOURS", "机组运行小时", "h", "equipment", UP, SUM, MONTH, 0, (POWER_PLANT,), step=D("0"),
         description="两台330MW机组的平均运行小时。"),
    Spec("AUX_POWER", "厂用电量", "kWh", "energy", DOWN, SUM, MONTH, 0, (POWER_PLANT,), step=D("0.005")),
    Spec("AUX_RATE", "厂用电率", "%", "energy", DOWN, RATIO, MONTH, 2, of=("AUX_POWER", "GEN_POWER"),
         factor=D(100), benchmark=D("5.2"), step=D("0.1")),
    # --- purchasing, logistics, maintenance, monthly ---------------------------------------------------------------
    Spec("PURCHASED_POWER", "外购电量", "kWh", "energy", DOWN, SUM, MONTH, 0, (RECTIFIER,), key=True,
         step=D("0.02")),
    Spec("FREIGHT", "运费", "元", "cost", DOWN, SUM, MONTH, 0, (LOGISTICS,), key=True, step=D("0.02"),
         description="氧化铝等大宗原料运费。"),
    Spec("RAIL_INCOME", "铁路对外运输收入", "元", "value", UP, SUM, MONTH, 0, (RAILWAY,), step=D("0.05")),
    Spec("SPARE_PARTS", "备件费用", "元", "cost", DOWN, SUM, MONTH, 0, (POWER_MAINTENANCE,), step=D("0.03")),
)  # fmt: skip

BY_CODE = {spec.code: spec for spec in CATALOGUE}

# Targets are set for these years (2022 always; the anchor's year and the one before are added by the seeder) and at
# the units that hold the data, their parents up to the company.
TARGET_YEARS = (2022,)
# The company's 2022 cost-reduction programme: (indicator, unit, price in 元 per unit of the numerator, owner's job
# title [@ unit], measures). Each item's annual target is the indicator's 2022 target at that unit, except where the
# programme planned the year's retrofit in (PROGRAMME_TARGETS: the 净化车间 project's targets).
PROGRAMME_ITEMS = (
    ("DC_KWH_T", "QN-LY", D("0.38"), "铝业分公司经理", ("稳定槽况，降低平均电压", "推广低电压高效节能技术")),
    ("ANODE_GROSS", "QN-DJ2", D("4.2"), "车间主任@QN-DJ2", ("“十个一”换极质量控制", "阳极残极高度精细管理")),
    ("ALF3_RATE", "QN-DJ2", D("9.5"), "车间主任@QN-DJ2", ("按分子比精准添加氟化铝",)),
    ("AIR_KWH_T", "QN-LY", D("0.38"), "车间主任@QN-JH", ("冷干机改造", "空压机群控")),
    ("FAN_KWH_T", "QN-LY", D("0.38"), "车间主任@QN-JH", ("排烟风机运行模式优化",)),
    ("COAL_RATE", "QN-FDYX", D("0.001"), "发电分公司总经理", ("投运新型节能复合式换热器", "优化燃烧调整")),
    ("FREIGHT", "QN-CW", D("1"), "总经理@QN-CW", ("氧化铝运费议价下调", "公铁联运优化")),
    ("SPARE_PARTS", "QN-FDJX", D("1"), "车间主任@QN-FDJX", ("党员带头修旧利废", "备件国产化替代")),
)
PROGRAMME = ("QNDL", 2022, "2022年降本增效实施方案")
PROGRAMME_TARGETS = {"AIR_KWH_T": D(70), "FAN_KWH_T": D(75)}
