"""Goals read from production data: the month's roll-up by each indicator's own rule, the unit's subtree only, and a
sentence saying how it was computed."""

import datetime as dt
from decimal import Decimal as D

import pytest

from dangjian.indicators.models import Indicator
from dangjian.projects.reviews.series import series_actuals
from tests.projects.factories import GoalFactory
from tests.reviews.conftest import IndicatorFactory, values

pytestmark = pytest.mark.django_db
MARCH = dt.date(2022, 3, 1)


def test_ratio_of_monthly_sums(project, company):
    energy = IndicatorFactory(code="DC_KWH", name="直流电量", unit_of_measure="kWh", granularity="month")
    output = IndicatorFactory(code="AL_T", name="原铝产量", unit_of_measure="t", granularity="month")
    per_tonne = IndicatorFactory(
        code="KWH_T",
        name="吨铝直流电耗",
        unit_of_measure="kWh/t",
        granularity="month",
        rollup=Indicator.Rollup.RATIO,
        numerator=energy,
        denominator=output,
    )
    values(energy, company["workshop"], {MARCH: D("13200000"), dt.date(2022, 4, 1): D("1")}, granularity="month")
    values(output, company["workshop"], {MARCH: D("1000"), dt.date(2022, 4, 1): D("1")}, granularity="month")
    goal = GoalFactory(
        project=project,
        source="series",
        indicator=per_tonne,
        unit=company["workshop"],
        indicator_name="吨铝直流电耗",
        baseline=D(13250),
        target=D(13150),
        direction="lower",
    )
    (result,) = series_actuals([goal], MARCH).values()
    assert result.value == D("13200")
    assert result.computation == (
        "吨铝直流电耗 (kWh/t) for 电解一车间 and the units below it in 2022-03, from monthly values: "
        "Σ 直流电量 ÷ Σ 原铝产量 = 13200"
    )


def test_sum_of_daily_values_over_the_subtree_and_goals_sharing_an_indicator(
    project, company, django_assert_num_queries
):
    output = IndicatorFactory(code="OUT_D", name="铝产量", unit_of_measure="t")
    values(output, company["workshop"], {MARCH: D("10.5"), dt.date(2022, 3, 31): D("20"), dt.date(2022, 4, 1): D(99)})
    values(output, company["unit"], {MARCH: D(1000)})  # the company above the workshop: not in its subtree
    on_workshop = GoalFactory(project=project, source="series", indicator=output, unit=company["workshop"])
    on_company = GoalFactory(project=project, source="series", indicator=output, unit=company["unit"])
    with django_assert_num_queries(1):
        results = series_actuals([on_workshop, on_company], MARCH)
    assert results[on_workshop.pk].value == D("30.5")
    assert results[on_company.pk].value == D("1030.5")
    assert "the sum of the values = 30.5" in results[on_workshop.pk].computation


def test_ratio_with_a_factor(project, company):
    passed = IndicatorFactory(code="PASS", name="合格批次", granularity="month")
    tested = IndicatorFactory(code="TESTED", name="检验批次", granularity="month")
    rate = IndicatorFactory(
        code="PASS_RATE",
        name="合格率",
        unit_of_measure="%",
        granularity="month",
        rollup=Indicator.Rollup.RATIO,
        numerator=passed,
        denominator=tested,
        factor=D(100),
    )
    values(passed, company["workshop"], {MARCH: D(197)}, granularity="month")
    values(tested, company["workshop"], {MARCH: D(200)}, granularity="month")
    goal = GoalFactory(project=project, source="series", indicator=rate, unit=company["workshop"])
    (result,) = series_actuals([goal], MARCH).values()
    assert result.value == D("98.5")
    assert result.computation.endswith("Σ 合格批次 ÷ Σ 检验批次 × 100 = 98.5")
