"""Fixtures for the indicator tests: a two-level unit tree, a small catalogue, and hand-computed values."""

import datetime as dt
from decimal import Decimal

import factory
import pytest

from dangjian.indicators.models import Indicator, IndicatorValue
from dangjian.org.models import PartyOrg
from tests.factories import OrgUnitLinkFactory, UnitFactory, account_with_role

D = Decimal
MAR1, MAR2, APR1 = dt.date(2024, 3, 1), dt.date(2024, 3, 2), dt.date(2024, 4, 1)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"IND{n:03d}")
    name = factory.Sequence(lambda n: f"指标{n}")
    unit_of_measure = "t"
    granularity = Indicator.Granularity.DAY
    rollup = Indicator.Rollup.SUM
    # The company of the test's `company` fixture when there is one (the only root org), else shared.
    company = factory.LazyFunction(lambda: PartyOrg.objects.filter(parent__isnull=True).order_by("pk").first())


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    granularity = factory.LazyAttribute(lambda o: o.indicator.granularity)
    source = IndicatorValue.Source.MANUAL


@pytest.fixture
def tree(company):
    """CO → W1 (workshop) → T1, T2 (teams); CO → W2 → T3. branch_a covers W1 and branch_b W2, so a writer over
    branch_a writes for W1, T1 and T2 only (and the party office at the root for the whole company)."""
    co, w1 = company["unit"], company["workshop"]
    w2 = UnitFactory(code="W2", name="电解二车间", parent=co)
    OrgUnitLinkFactory(org=company["branch_a"], unit=w1)
    OrgUnitLinkFactory(org=company["branch_b"], unit=w2)
    return {
        "CO": co,
        "W1": w1,
        "W2": w2,
        "T1": UnitFactory(code="T1", name="甲班", kind="team", parent=w1),
        "T2": UnitFactory(code="T2", name="乙班", kind="team", parent=w1),
        "T3": UnitFactory(code="T3", name="丙班", kind="team", parent=w2),
    }


@pytest.fixture
def catalogue(company):
    """Daily indicators of an aluminium smelter, one per roll-up rule, in the company's catalogue."""
    out = IndicatorFactory(code="OUT", name="铝产量", unit_of_measure="t", category="output")
    dc = IndicatorFactory(code="DC", name="直流电量", unit_of_measure="kWh", category="energy", direction="lower")
    return {
        "OUT": out,
        "DC": dc,
        "EFF": IndicatorFactory(
            code="EFF", name="电流效率", unit_of_measure="%", rollup="weighted_avg", weight=out, category="quality"
        ),
        "DCU": IndicatorFactory(
            code="DCU",
            name="吨铝直流电耗",
            unit_of_measure="kWh/t-Al",
            rollup="ratio",
            numerator=dc,
            denominator=out,
            direction="lower",
            category="energy",
        ),
        "STOCK": IndicatorFactory(code="STOCK", name="铝液库存", rollup="last"),
        "TEMP": IndicatorFactory(code="TEMP", name="电解温度", unit_of_measure="°C", rollup="avg"),
    }


# indicator -> unit -> {day: value}; the expected roll-ups in test_rollup.py are computed by hand from these.
VALUES = {
    "OUT": {"T1": {MAR1: 10, MAR2: 20}, "T2": {MAR1: 30}, "T3": {MAR1: 40, APR1: 50}},
    "EFF": {"T1": {MAR1: 90, MAR2: 93}, "T2": {MAR1: 95}, "T3": {MAR1: 91, APR1: 92}},
    "DC": {"T1": {MAR1: 13500, MAR2: 26000}, "T2": {MAR1: 40500}, "T3": {MAR1: 53000, APR1: 66000}},
    "STOCK": {"T1": {MAR1: 5, MAR2: 7}, "T2": {MAR1: 3}, "T3": {MAR1: 4, APR1: 6}},
    "TEMP": {"T1": {MAR1: 950, MAR2: 960}, "T2": {MAR1: 955}, "T3": {MAR1: 945}},
}


@pytest.fixture
def values(tree, catalogue):
    for code, by_unit in VALUES.items():
        for unit_code, by_day in by_unit.items():
            for day, value in by_day.items():
                IndicatorValueFactory(indicator=catalogue[code], unit=tree[unit_code], period_start=day, value=D(value))
    return VALUES


@pytest.fixture
def integration(company):
    # The MES/ERP account is held over the company's root committee: it feeds that company, no other.
    return account_with_role("integration", company["root"], username="mes")


@pytest.fixture
def team_leader(company):
    return account_with_role("team_leader", company["branch_b"], username="leader_b")
