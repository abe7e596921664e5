"""Fixtures for the effect tests: monthly 电流效率 (weighted by output) for workshops of the `company` fixture, a
project of branch BA on workshop W1, and logins in and out of its scope."""

import datetime as dt
import random
from decimal import Decimal

import factory
import pytest

from dangjian.indicators.models import Indicator, IndicatorValue
from dangjian.projects.projects.models import State
from tests.effects.synthetic import MONTHS, panel
from tests.factories import UnitFactory, account_with_role
from tests.projects.factories import GoalFactory, ProjectFactory

D = Decimal


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E{n:03d}")
    name = factory.Sequence(lambda n: f"指标{n}")
    granularity = Indicator.Granularity.MONTH
    rollup = Indicator.Rollup.SUM


def monthly(indicator, unit, series: dict) -> None:
    """Write a monthly series {month: value} for one unit (test set-up, straight to the table)."""
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, unit=unit, granularity="month", period_start=m, value=v, source="manual")
        for m, v in series.items()
    )


@pytest.fixture
def efficiency(db):
    output = IndicatorFactory(code="AL_OUT", name="铝产量", unit_of_measure="t")
    return IndicatorFactory(
        code="CUR_EFF",
        name="电流效率",
        unit_of_measure="%",
        rollup=Indicator.Rollup.WEIGHTED_AVG,
        weight=output,
        decimals=2,
    )


@pytest.fixture
def smelter(company, efficiency):
    """W1 (treated; its data on two teams with different outputs and the same efficiency) and comparison
    workshops, from a synthetic panel with +0.5 from 2022-01. Returns {"series": {code: {month: value}}, units...}."""
    co = company["unit"]
    treated, comparisons = panel(random.Random(17), effect=0.5, n_comparison=5)
    output = efficiency.weight
    units = {"W1": company["workshop"]}
    for i, team_output in enumerate((600, 400), start=1):
        team = UnitFactory(code=f"W1T{i}", kind="team", parent=units["W1"])
        monthly(efficiency, team, treated)
        monthly(output, team, dict.fromkeys(MONTHS, D(team_output)))
    series = {"W1": treated}
    for i, values in enumerate(comparisons, start=2):
        code = f"W{i}"
        units[code] = UnitFactory(code=code, name=f"电解{i}车间", parent=co)
        monthly(efficiency, units[code], values)
        monthly(output, units[code], dict.fromkeys(values, D(1000)))
        series[code] = values
    return {"units": units, "series": series}


@pytest.fixture
def project(company, efficiency):
    """Branch BA's 2022 project on W1's current efficiency, in progress."""
    project = ProjectFactory(
        owner=company["branch_a"],
        state=State.IN_PROGRESS,
        starts_on=dt.date(2022, 1, 1),
        ends_on=dt.date(2022, 12, 31),
    )
    GoalFactory(project=project, indicator=efficiency, unit=company["workshop"], source="series")
    GoalFactory(project=project, indicator_name="党员攻坚小组")  # entered in reviews: no effect to measure
    return project


@pytest.fixture
def member_b(company):
    return account_with_role("member", company["branch_b"], person=company["person_b"], username="mem_b")
