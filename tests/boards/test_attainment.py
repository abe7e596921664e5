"""Goal attainment = (actual − baseline) ÷ (target − baseline), read in the goal's direction; hand-computed cases."""

from decimal import Decimal

import pytest

from dangjian.projects.boards.attainment import attainment_percent, clamp_for_display, goal_attainment

D = Decimal


@pytest.mark.parametrize(
    ("baseline", "target", "actual", "expected"),
    [
        # 电流效率 92.1 → 92.6: actual 92.4 covers 0.3 of 0.5 = 60 %.
        ("92.1", "92.6", "92.4", "60.0"),
        ("92.1", "92.6", "92.1", "0.0"),
        ("92.1", "92.6", "92.6", "100.0"),
        # Over-achieving: 92.8 covers 0.7 of 0.5 = 140 %.
        ("92.1", "92.6", "92.8", "140.0"),
        # Worse than the baseline: 91.9 is −0.2 of 0.5 = −40 %.
        ("92.1", "92.6", "91.9", "-40.0"),
        # Thirds round half up at one decimal: 1 of 3 = 33.3 %, 2 of 3 = 66.7 %.
        ("0", "3", "1", "33.3"),
        ("0", "3", "2", "66.7"),
    ],
)
def test_higher_is_better(baseline, target, actual, expected):
    assert attainment_percent(baseline=D(baseline), target=D(target), actual=D(actual), higher=True) == D(expected)


@pytest.mark.parametrize(
    ("baseline", "target", "actual", "expected"),
    [
        # 偏离电压 lower is better, 50 → 37.5 mV (−12.5): actual 40 fell 10 of 12.5 = 80 %.
        ("50", "37.5", "40", "80.0"),
        ("50", "37.5", "37.5", "100.0"),
        # Over-achieving downwards: 35 fell 15 of 12.5 = 120 %.
        ("50", "37.5", "35", "120.0"),
        # Rose instead of falling: 52.5 is −2.5 of 12.5 = −20 %.
        ("50", "37.5", "52.5", "-20.0"),
        # 换极作业时间 20 → 18 min: 19.5 is 0.5 of 2 = 25 %.
        ("20", "18", "19.5", "25.0"),
    ],
)
def test_lower_is_better(baseline, target, actual, expected):
    assert attainment_percent(baseline=D(baseline), target=D(target), actual=D(actual), higher=False) == D(expected)


@pytest.mark.parametrize(
    ("higher", "actual", "expected"),
    [
        # Zero span ("hold the line", e.g. 0 accidents, lower is better): met → 100 %, missed → 0 %.
        (False, "0", "100.0"),
        (False, "1", "0.0"),
        # Higher is better with target = baseline = 95: at or above → 100 %, below → 0 %.
        (True, "95", "100.0"),
        (True, "96", "100.0"),
        (True, "94.9", "0.0"),
    ],
)
def test_zero_span(higher, actual, expected):
    level = "0" if not higher else "95"
    result = attainment_percent(baseline=D(level), target=D(level), actual=D(actual), higher=higher)
    assert result == D(expected)


def test_target_on_the_wrong_side_is_judged_by_met_only():
    # Higher is better but the target sits below the baseline (old data): no span, so met or not.
    assert attainment_percent(baseline=D("10"), target=D("8"), actual=D("9"), higher=True) == D("100.0")
    assert attainment_percent(baseline=D("10"), target=D("8"), actual=D("7"), higher=True) == D("0.0")


def test_no_actual_has_no_attainment():
    assert attainment_percent(baseline=D("1"), target=D("2"), actual=None, higher=True) is None
    result = goal_attainment(baseline=D("1"), target=D("2"), actual=None, higher=True)
    assert (result.percent, result.display, result.met, result.band) == (None, None, None, "none")


@pytest.mark.parametrize(
    ("percent", "shown"),
    [("-40.0", "0"), ("0.0", "0.0"), ("87.5", "87.5"), ("120.0", "120.0"), ("140.0", "120")],
)
def test_display_is_clamped_but_percent_is_not(percent, shown):
    assert clamp_for_display(D(percent)) == D(shown)


def test_goal_attainment_keeps_the_real_percent_and_bands():
    over = goal_attainment(baseline=D("92.1"), target=D("92.6"), actual=D("92.8"), higher=True)
    assert (over.percent, over.display, over.met, over.band) == (D("140.0"), D("120"), True, "good")
    fair = goal_attainment(baseline=D("50"), target=D("37.5"), actual=D("40"), higher=False)
    assert (fair.percent, fair.met, fair.band) == (D("80.0"), False, "fair")
    poor = goal_attainment(baseline=D("92.1"), target=D("92.6"), actual=D("92.2"), higher=True)
    assert (poor.percent, poor.band) == (D("20.0"), "poor")
    assert all(isinstance(v, Decimal) for v in (over.percent, over.display, fair.percent))
