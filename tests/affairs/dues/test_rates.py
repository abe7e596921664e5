"""The 2008 brackets at each boundary, computed by hand: the rate of the bracket applies to the whole base, each upper
bound is inclusive ("含"), and the month's dues are rounded to the fen half up."""

from decimal import Decimal

import pytest

from dangjian.affairs.dues.rates import Category, dues_year, monthly_dues, rate_for

D = Decimal
E, R = Category.EMPLOYED, Category.RETIRED


@pytest.mark.parametrize(
    ("base", "category", "rate", "dues"),
    [
        # in work: 2999.99 × 0.5 % = 14.99995 → 15.00 (half up)
        ("2999.99", E, "0.005", "15.00"),
        # 3000 is in the 0.5 % bracket ("3000元以下（含3000元）"): 3000 × 0.5 % = 15.00
        ("3000", E, "0.005", "15.00"),
        # one fen more is 1 % of the whole base: 3000.01 × 1 % = 30.0001 → 30.00 (not 15.00 + 0.0001)
        ("3000.01", E, "0.01", "30.00"),
        # 5000 is still 1 % ("3000元以上至5000元（含5000元）"): 50.00
        ("5000", E, "0.01", "50.00"),
        # 5000.01 × 1.5 % = 75.00015 → 75.00
        ("5000.01", E, "0.015", "75.00"),
        # 10000 is still 1.5 %: 150.00
        ("10000", E, "0.015", "150.00"),
        # 10000.01 × 2 % = 200.0002 → 200.00
        ("10000.01", E, "0.02", "200.00"),
        # retirees: 5000 × 0.5 % = 25.00; 5000.01 × 1 % = 50.0001 → 50.00
        ("5000", R, "0.005", "25.00"),
        ("5000.01", R, "0.01", "50.00"),
        # students and the unemployed: 0.20 a month whatever the base
        ("0", Category.STUDENT, None, "0.20"),
        ("8000", Category.UNEMPLOYED, None, "0.20"),
        # half up, not banker's: 2001.00 × 0.5 % = 10.005 → 10.01; 4321.50 × 1 % = 43.215 → 43.22
        ("2001.00", E, "0.005", "10.01"),
        ("4321.50", E, "0.01", "43.22"),
    ],
)
def test_monthly_dues_at_each_boundary(base, category, rate, dues):
    assert rate_for(D(base), category) == (D(rate) if rate else None)
    result = monthly_dues(D(base), category)
    assert result == D(dues)
    assert str(result) == dues  # to the fen, as a Decimal (never a float)


def test_a_float_base_is_refused():
    with pytest.raises(TypeError):
        monthly_dues(3000.0, E)


def test_the_dues_year_runs_from_july_to_june():
    import datetime as dt

    assert dues_year(dt.date(2025, 6, 1)) == 2024
    assert dues_year(dt.date(2025, 7, 1)) == 2025
    assert dues_year(dt.date(2026, 6, 1)) == 2025
