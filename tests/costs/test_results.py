"""The monthly result of a programme and the performance-pay rule, on hand-computed Decimal cases."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.projects.costs import selectors
from dangjian.projects.costs.results import pay_points

D = Decimal
pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 6, 15)
RULE = {"full_points": D(10), "full_at": D(100), "zero_below": D(90)}


@pytest.mark.parametrize(
    ("percent", "points"),
    [
        (None, "0.00"),
        (D("89.99"), "0.00"),
        (D("90"), "0.00"),
        (D("90.01"), "0.01"),
        (D("95"), "5.00"),
        (D("97.50"), "7.50"),
        (D("99.995"), "10.00"),  # 9.995 rounds half up
        (D("99.994"), "9.99"),
        (D("100"), "10.00"),
        (D("135.2"), "10.00"),
    ],
)
def test_pay_rule(percent, points):
    assert pay_points(percent, **RULE) == D(points)


def test_pay_rule_with_other_parameters():
    # 20 points from 105 %, none below 80 %: 92.5 % is half-way → 10.
    assert pay_points(D("92.5"), full_points=D(20), full_at=D(105), zero_below=D(80)) == D("10.00")
    assert pay_points(D("81"), full_points=D(3), full_at=D(100), zero_below=D(80)) == D("0.15")


def test_monthly_results_on_hand_computed_values(programme):
    p = programme["programme"]
    loaded = selectors.programme_items(p)
    march = {r.item.indicator.code: r for r in selectors.month_results(p, loaded, 3, TODAY)}

    dcu = march["DCU"]
    # W1 March: (13,500 + 26,000 + 40,500) kWh ÷ (10 + 20 + 30) t = 1,333.333333 kWh/t against 1,300.
    assert dcu.attainment.actual == D("1333.333333") and dcu.attainment.target == D(1300)
    assert dcu.attainment.gap == D("33.333333") and dcu.attainment.percent == D("97.50")
    assert not dcu.attainment.met and dcu.state == "missed"
    # 33.333333 kWh/t worse over 60 t = 1,999.99998 kWh × 0.35 元 = −700.00 元; 7.5 of 10 points.
    assert dcu.saving == D("-700.00") and dcu.points == D("7.50")

    out = march["OUT"]
    # March has its own target (100 t); CO March = 10 + 20 + 30 + 40 = 100 t.
    assert (out.attainment.actual, out.attainment.target, out.attainment.percent) == (D(100), D(100), D("100.00"))
    assert out.saving == D("0.00") and out.points == D("10.00")

    eff = march["EFF"]
    # W2 March: 91 % against the annual 92 % (a rate: the year's target holds for each month).
    assert (eff.attainment.actual, eff.attainment.percent, eff.points) == (D(91), D("98.91"), D("8.91"))
    assert eff.saving is None  # no price, and a weighted average has no quantity anyway

    april = {r.item.indicator.code: r for r in selectors.month_results(p, loaded, 4, TODAY)}
    # April output: 50 t against 1,098 × 30 ÷ 366 = 90 t → 55.56 %, no points, (50 − 90) × 20,000 = −800,000 元.
    assert april["OUT"].attainment.target == D(90) and april["OUT"].attainment.percent == D("55.56")
    assert (april["OUT"].points, april["OUT"].saving) == (D("0.00"), D("-800000.00"))
    assert april["DCU"].attainment.actual is None and april["DCU"].points is None  # no data: no points


def test_year_results_and_owner_totals(programme):
    p = programme["programme"]
    loaded = selectors.programme_items(p)
    results = selectors.year_results(p, loaded, TODAY)
    out_year = results[programme["items"]["OUT"].pk][12]
    assert out_year.month is None and out_year.attainment.actual == D(150) and out_year.attainment.target == D(1098)
    assert out_year.state == "running"  # 2024 is not over on 2024-06-15
    owners = selectors.by_owner(selectors.month_results(p, loaded, 3, TODAY))
    assert [o.owner.name for o in owners] == ["李明", "王芳"]
    assert owners[0].points == D("17.50") and owners[0].saving == D("-700.00")
    assert owners[1].points == D("8.91") and owners[1].saving is None


def test_a_month_outside_the_programme_year_is_refused(programme):
    from dangjian.core.errors import InvalidInput

    for text in ("2023-03", "2024-13", "lots", ""):
        with pytest.raises(InvalidInput):
            selectors.parse_month(text, programme["programme"])
    assert selectors.parse_month("2024-03", programme["programme"]) == 3
