"""Actual against target with the direction respected: above 100 % always means better than target."""

from decimal import Decimal

import pytest

from dangjian.core.services import SYSTEM
from dangjian.indicators.attainment import attainment_by_month, attainment_for_units
from dangjian.indicators.services import target_set

D = Decimal
pytestmark = pytest.mark.django_db


def test_higher_is_better(values, tree, catalogue):
    out = catalogue["OUT"]
    target_set(actor=SYSTEM, indicator=out, unit=tree["W1"], year=2024, month=3, value=D(50))
    target_set(actor=SYSTEM, indicator=out, unit=tree["W2"], year=2024, month=3, value=D(80))
    rows = attainment_for_units(indicator=out, units=[tree["W1"], tree["W2"], tree["T3"]], year=2024, month=3)
    w1, w2, t3 = rows
    assert (w1.actual, w1.target, w1.gap, w1.percent, w1.met) == (D(60), D(50), D(10), D(120), True)
    assert (w2.actual, w2.gap, w2.percent, w2.met) == (D(40), D(-40), D(50), False)
    assert (t3.actual, t3.target, t3.percent, t3.met) == (D(40), None, None, None)


def test_lower_is_better_uses_target_over_actual(values, tree, catalogue):
    dcu = catalogue["DCU"]
    target_set(actor=SYSTEM, indicator=dcu, unit=tree["W1"], year=2024, month=3, value=D(1340))
    target_set(actor=SYSTEM, indicator=dcu, unit=tree["W2"], year=2024, month=3, value=D(1300))
    w1, w2 = attainment_for_units(indicator=dcu, units=[tree["W1"], tree["W2"]], year=2024, month=3)
    # W1 used 1333.33 kWh/t against 1340: better, 1340 / 1333.33 = 100.50 %.
    assert (w1.met, w1.percent, w1.gap) == (True, D("100.50"), D("-6.666667"))
    # W2 used 1325 against 1300: worse, 1300 / 1325 = 98.11 %.
    assert (w2.met, w2.percent, w2.gap) == (False, D("98.11"), D(25))


def test_months_and_year_for_one_unit(values, tree, catalogue, django_assert_max_num_queries):
    out = catalogue["OUT"]
    target_set(actor=SYSTEM, indicator=out, unit=tree["CO"], year=2024, month=4, value=D(40))
    target_set(actor=SYSTEM, indicator=out, unit=tree["CO"], year=2024, value=D(1200))
    with django_assert_max_num_queries(3):
        rows = attainment_by_month(indicator=out, unit=tree["CO"], year=2024)
    assert len(rows) == 13
    march, april, year = rows[2], rows[3], rows[12]
    assert (march.actual, march.target, march.met) == (D(100), None, None)
    assert (april.actual, april.target, april.percent, april.met) == (D(50), D(40), D(125), True)
    assert (year.month, year.actual, year.target, year.met) == (None, D(150), D(1200), False)
    assert rows[0].actual is None
