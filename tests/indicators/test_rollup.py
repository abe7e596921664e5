"""Roll-ups on a two-level unit tree, checked against numbers computed by hand from conftest.VALUES."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.indicators.rollup import Point, rollup, rollup_by_unit, rollup_series
from tests.indicators.conftest import APR1, MAR1, MAR2, IndicatorValueFactory

D = Decimal
MARCH = (dt.date(2024, 3, 1), dt.date(2024, 3, 31))
SPRING = (dt.date(2024, 3, 1), dt.date(2024, 4, 30))

pytestmark = pytest.mark.django_db


def test_sum_over_subtrees(values, tree, catalogue):
    assert rollup(catalogue["OUT"], tree["CO"], *MARCH) == D(10 + 20 + 30 + 40)
    assert rollup(catalogue["OUT"], tree["W1"], *MARCH) == D(60)
    assert rollup(catalogue["OUT"], tree["T3"], *SPRING) == D(90)


def test_weighted_average_by_output_not_a_plain_mean(values, tree, catalogue):
    # (10×90 + 20×93 + 30×95 + 40×91) / (10+20+30+40) = 9250 / 100; the plain mean would be 92.25.
    assert rollup(catalogue["EFF"], tree["CO"], *MARCH) == D("92.5")
    # W1: (900 + 1860 + 2850) / 60 = 93.5
    assert rollup(catalogue["EFF"], tree["W1"], *MARCH) == D("93.5")


def test_weighted_average_ignores_values_without_a_weight(values, tree, catalogue):
    IndicatorValueFactory(indicator=catalogue["EFF"], unit=tree["T2"], period_start=MAR2, value=D(50))
    assert rollup(catalogue["EFF"], tree["CO"], *MARCH) == D("92.5")


def test_ratio_of_sums_not_a_mean_of_ratios(values, tree, catalogue):
    # (13500 + 26000 + 40500 + 53000) / 100 = 1330; the mean of the four daily ratios would be 1331.25.
    assert rollup(catalogue["DCU"], tree["CO"], *MARCH) == D(1330)
    # W1: 80000 / 60
    assert rollup(catalogue["DCU"], tree["W1"], *MARCH) == D("1333.333333")


def test_ratio_factor_and_zero_denominator(values, tree, catalogue):
    dcu = catalogue["DCU"]
    dcu.factor = D("0.001")  # MWh per tonne
    assert rollup(dcu, tree["CO"], *MARCH) == D("1.33")
    assert rollup(dcu, tree["W2"], dt.date(2024, 5, 1), dt.date(2024, 5, 31)) is None


def test_last_value_per_unit_summed(values, tree, catalogue):
    # March: T1's last is 7 (2 March), T2's 3, T3's 4 → 14; to April T3's last is 6 → 16.
    assert rollup(catalogue["STOCK"], tree["CO"], *MARCH) == D(14)
    assert rollup(catalogue["STOCK"], tree["CO"], *SPRING) == D(16)
    assert rollup(catalogue["STOCK"], tree["W1"], *SPRING) == D(10)


def test_plain_average_for_levels(values, tree, catalogue):
    assert rollup(catalogue["TEMP"], tree["CO"], *MARCH) == D("952.5")


def test_no_data_is_none(tree, catalogue):
    assert rollup(catalogue["OUT"], tree["CO"], *MARCH) is None
    assert rollup(catalogue["EFF"], tree["CO"], *MARCH) is None
    assert rollup_series(catalogue["OUT"], tree["CO"], *MARCH, "day") == []


def test_monthly_series_from_daily_values_follows_each_rule(values, tree, catalogue):
    mar, apr = dt.date(2024, 3, 1), dt.date(2024, 4, 1)

    def series(code):
        return [(p.start, p.value) for p in rollup_series(catalogue[code], tree["CO"], *SPRING, "month")]

    assert series("OUT") == [(mar, D(100)), (apr, D(50))]
    assert series("EFF") == [(mar, D("92.5")), (apr, D(92))]
    assert series("DCU") == [(mar, D(1330)), (apr, D(1320))]
    assert series("STOCK") == [(mar, D(14)), (apr, D(6))]


def test_daily_and_yearly_series(values, tree, catalogue):
    days = rollup_series(catalogue["EFF"], tree["W1"], *MARCH, "day")
    # 1 March: (900 + 2850) / 40 = 93.75; 2 March: T1 alone, 93.
    assert days == [Point(MAR1, "", D("93.75")), Point(MAR2, "", D(93))]
    years = rollup_series(catalogue["DCU"], tree["CO"], *SPRING, "year")
    # (133000 + 66000) / (100 + 50)
    assert years == [Point(dt.date(2024, 1, 1), "", D("1326.666667"))]


def test_shift_values_roll_up_to_days(tree, catalogue):
    shift_out = catalogue["OUT"].__class__.objects.create(
        code="SOUT", name="班产", unit_of_measure="t", granularity="shift", rollup="sum"
    )
    for shift, value in (("A", 5), ("B", 6), ("C", 7)):
        IndicatorValueFactory(indicator=shift_out, unit=tree["T1"], period_start=MAR1, shift=shift, value=D(value))
    IndicatorValueFactory(indicator=shift_out, unit=tree["T2"], period_start=MAR1, shift="A", value=D(1))
    by_shift = rollup_series(shift_out, tree["W1"], *MARCH, "shift")
    assert [(p.shift, p.value) for p in by_shift] == [("A", D(6)), ("B", D(6)), ("C", D(7))]
    assert rollup_series(shift_out, tree["W1"], *MARCH, "day") == [Point(MAR1, "", D(19))]


def test_a_series_finer_than_the_indicator_is_refused(tree, catalogue):
    with pytest.raises(ValueError):
        rollup_series(catalogue["OUT"], tree["CO"], *MARCH, "shift")


def test_april_values_do_not_leak_into_march(values, tree, catalogue):
    assert rollup(catalogue["OUT"], tree["T3"], *MARCH) == D(40)
    assert rollup(catalogue["OUT"], tree["T3"], APR1, APR1) == D(50)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("OUT", {"W1": D(60), "W2": D(40), "CO": D(100)}),
        ("EFF", {"W1": D("93.5"), "W2": D(91), "CO": D("92.5")}),
        ("DCU", {"W1": D("1333.333333"), "W2": D(1325), "CO": D(1330)}),
        ("STOCK", {"W1": D(10), "W2": D(4), "CO": D(14)}),
        ("TEMP", {"W1": D(955), "W2": D(945), "CO": D("952.5")}),
    ],
)
def test_several_subtrees_in_one_query(values, tree, catalogue, code, expected, django_assert_num_queries):
    units = [tree["W1"], tree["W2"], tree["CO"]]
    with django_assert_num_queries(1):
        result = rollup_by_unit(catalogue[code], units, *MARCH)
    assert {unit.code: result[unit.pk][0].value for unit in units} == expected


def test_several_subtrees_per_month(values, tree, catalogue):
    result = rollup_by_unit(catalogue["STOCK"], [tree["W1"], tree["W2"]], *SPRING, "month")
    assert [(p.start.month, p.value) for p in result[tree["W2"].pk]] == [(3, D(4)), (4, D(6))]
    assert [(p.start.month, p.value) for p in result[tree["W1"].pk]] == [(3, D(10))]
