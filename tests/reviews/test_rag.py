"""Red/amber/green arithmetic on hand-computed cases (Decimal, both directions, margins, zero span), and the task and
review flags across month ends. Pure functions: no database."""

import datetime as dt
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from dangjian.core import months
from dangjian.projects.reviews import rag

MARGINS = rag.Margins(amber=D("0.10"), red=D("0.25"))
YEAR = {"starts_on": dt.date(2022, 1, 1), "ends_on": dt.date(2022, 12, 31)}


def goal(baseline, target, direction="higher", name="电流效率", pk=1):
    return SimpleNamespace(pk=pk, indicator_name=name, baseline=D(baseline), target=D(target), direction=direction)


def project(starts_on=dt.date(2022, 1, 1), ends_on=dt.date(2022, 12, 31), pk=7):
    return SimpleNamespace(pk=pk, starts_on=starts_on, ends_on=ends_on)


def task(due, done=None, title="修订操作规程", pk=3):
    return SimpleNamespace(pk=pk, title=title, due_on=due, done_on=done)


# --- the straight line ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        # 92.1 → 92.6 over the 12 months of 2022: +0.5 ÷ 12 a month, measured at each month's end
        (dt.date(2022, 1, 1), D("92.1") + D("0.5") / 12),
        (dt.date(2022, 3, 1), D("92.225")),  # 92.1 + 0.5 × 3/12
        (dt.date(2022, 6, 1), D("92.35")),  # half way
        (dt.date(2022, 12, 1), D("92.6")),  # the target at the end of the last month
        (dt.date(2023, 2, 1), D("92.6")),  # after the period it stays at the target
    ],
)
def test_expected_value_on_the_straight_line(month, expected):
    assert rag.expected_value(baseline=D("92.1"), target=D("92.6"), month=month, **YEAR) == expected


def test_expected_value_of_a_period_that_does_not_start_on_the_first():
    # 2022-03-15 … 2023-02-14 is 12 calendar months (Mar … Feb); June is the 4th: 50 − 12.5 × 4/12
    value = rag.expected_value(
        baseline=D("50"),
        target=D("37.5"),
        starts_on=dt.date(2022, 3, 15),
        ends_on=dt.date(2023, 2, 14),
        month=dt.date(2022, 6, 1),
    )
    assert value == D("50") - D("12.5") * 4 / 12
    assert rag.num(value) == "45.8333"


# --- goals: higher is better ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "deviation", "level"),
    [
        ("92.25", "0.05", rag.GREEN),  # (92.25 − 92.225) ÷ 0.5 = +0.05: ahead
        ("92.225", "0", rag.GREEN),  # on the line
        ("92.2", "-0.05", rag.GREEN),  # behind by 5 % of the planned change: within the amber margin
        ("92.175", "-0.1", rag.GREEN),  # behind by exactly the amber margin: not MORE than it
        ("92.15", "-0.15", rag.AMBER),  # 15 % behind
        ("92.1", "-0.25", rag.AMBER),  # still at the baseline: exactly the red margin, so amber
        ("92.05", "-0.35", rag.RED),  # below the baseline: 35 % behind
    ],
)
def test_higher_is_better_in_march(actual, deviation, level):
    check = rag.check_goal(
        goal=goal("92.1", "92.6"), actual=D(actual), month=dt.date(2022, 3, 1), margins=MARGINS, **YEAR
    )
    assert check.expected == D("92.225")
    assert check.deviation == D(deviation)
    assert check.level == level


def test_reason_sentence_names_the_numbers():
    check = rag.check_goal(
        goal=goal("92.1", "92.6"), actual=D("92.15"), month=dt.date(2022, 3, 1), margins=MARGINS, **YEAR
    )
    assert check.reason == (
        "电流效率 is 15% of the planned change behind its path in 2022-03: 92.15 against 92.225 expected on the way "
        "from 92.1 to 92.6."
    )
    ahead = rag.check_goal(
        goal=goal("92.1", "92.6"), actual=D("92.3"), month=dt.date(2022, 3, 1), margins=MARGINS, **YEAR
    )
    assert ahead.reason.endswith("(15% ahead).")


# --- goals: lower is better ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "deviation", "level"),
    [
        # 效应电压偏差 50 → 37.5 mV (−12.5) over 2022; June expects 50 − 12.5 × 6/12 = 43.75
        ("41", "0.22", rag.GREEN),  # (43.75 − 41) ÷ 12.5 = +0.22: ahead (lower)
        ("45", "-0.1", rag.GREEN),  # 1.25 above the line = exactly the amber margin
        ("46", "-0.18", rag.AMBER),  # 2.25 ÷ 12.5
        ("47", "-0.26", rag.RED),  # 3.25 ÷ 12.5
        ("52", "-0.66", rag.RED),  # worse than the baseline
    ],
)
def test_lower_is_better_in_june(actual, deviation, level):
    check = rag.check_goal(
        goal=goal("50", "37.5", direction="lower", name="效应电压偏差"),
        actual=D(actual),
        month=dt.date(2022, 6, 1),
        margins=MARGINS,
        **YEAR,
    )
    assert check.expected == D("43.75")
    assert check.deviation == D(deviation)
    assert check.level == level


def test_margins_are_configurable():
    tight = rag.Margins(amber=D("0.02"), red=D("0.05"))
    check = rag.check_goal(
        goal=goal("92.1", "92.6"), actual=D("92.2"), month=dt.date(2022, 3, 1), margins=tight, **YEAR
    )
    assert (check.deviation, check.level) == (D("-0.05"), rag.AMBER)  # exactly at red → amber
    check = rag.check_goal(
        goal=goal("92.1", "92.6"), actual=D("92.19"), month=dt.date(2022, 3, 1), margins=tight, **YEAR
    )
    assert (check.deviation, check.level) == (D("-0.07"), rag.RED)


def test_margins_come_from_settings(settings):
    settings.REVIEW_AMBER_MARGIN, settings.REVIEW_RED_MARGIN = D("0.2"), D("0.4")
    assert rag.Margins.from_settings() == rag.Margins(D("0.2"), D("0.4"))


# --- zero span: "hold the line" -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "actual", "level"),
    [
        ("lower", "0", rag.GREEN),  # zero accidents held
        ("lower", "1", rag.RED),  # one accident: any slip from a line to hold is red
        ("higher", "100", rag.GREEN),  # 100 % inspection rate held
        ("higher", "101", rag.GREEN),
        ("higher", "99.5", rag.RED),
    ],
)
def test_zero_span_goal_is_held_or_red(direction, actual, level):
    target = "0" if direction == "lower" else "100"
    check = rag.check_goal(
        goal=goal(target, target, direction=direction, name="安全事故"),
        actual=D(actual),
        month=dt.date(2022, 5, 1),
        margins=MARGINS,
        **YEAR,
    )
    assert check.deviation is None
    assert check.level == level
    assert ("should hold" in check.reason) == (level == rag.RED)


# --- tasks across month ends ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "done", "level", "days"),
    [
        (dt.date(2022, 3, 31), None, None, 0),  # due today: not overdue yet
        (dt.date(2022, 4, 1), None, rag.AMBER, 1),  # the month ended: one day overdue
        (dt.date(2022, 4, 30), None, rag.AMBER, 30),  # 30 days: still amber
        (dt.date(2022, 5, 1), None, rag.RED, 31),  # more than 30 days: red
        (dt.date(2022, 5, 1), dt.date(2022, 4, 20), None, 0),  # done (late) before the day judged
        (dt.date(2022, 4, 10), dt.date(2022, 4, 20), rag.AMBER, 10),  # judged before it was done
    ],
)
def test_overdue_task(as_of, done, level, days):
    flag = rag.check_task(task=task(dt.date(2022, 3, 31), done), as_of=as_of)
    if level is None:
        assert flag is None
    else:
        assert (flag.level, flag.kind, flag.ref) == (level, rag.TASK, 3)
        assert flag.reason == f"Task “修订操作规程” was due on 2022-03-31 and is {days} days overdue."


def test_task_without_due_date_is_never_overdue():
    assert rag.check_task(task=task(None), as_of=dt.date(2030, 1, 1)) is None


# --- missing reviews across month ends -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "reviewed", "level", "missing"),
    [
        (dt.date(2022, 1, 31), set(), None, []),  # January has not ended
        (dt.date(2022, 2, 1), set(), rag.AMBER, ["2022-01"]),  # it has: its review is due
        (dt.date(2022, 2, 1), {"2022-01"}, None, []),
        (dt.date(2022, 3, 1), {"2022-01"}, rag.AMBER, ["2022-02"]),
        (dt.date(2022, 3, 1), set(), rag.RED, ["2022-02", "2022-01"]),  # two months in a row
        (dt.date(2022, 5, 15), {"2022-01", "2022-03"}, rag.AMBER, ["2022-04"]),  # an old gap (Feb) does not count
        (dt.date(2022, 5, 15), {"2022-01"}, rag.RED, ["2022-04", "2022-03", "2022-02"]),
        # after the period the last month is the one due, for as long as it stays missing
        (dt.date(2024, 6, 1), {f"2022-{m:02d}" for m in range(1, 12)}, rag.AMBER, ["2022-12"]),
    ],
)
def test_missing_reviews(as_of, reviewed, level, missing):
    reviewed = {months.parse(m) for m in reviewed}
    flag = rag.check_reviews(project=project(), reviewed=reviewed, as_of=as_of)
    assert [months.label(m) for m in rag.missing_months(project=project(), reviewed=reviewed, as_of=as_of)] == missing
    assert (flag.level if flag else None) == level
    if level == rag.RED:
        assert (
            flag.reason
            == f"No review has been submitted for {len(missing)} months in a row ({missing[-1]} to {missing[0]})."
        )


# --- the whole project ----------------------------------------------------------------------------------------------


def test_overall_is_the_worst_flag_and_flags_are_worst_first():
    g1, g2 = goal("92.1", "92.6", pk=1), goal("50", "37.5", direction="lower", name="效应电压偏差", pk=2)
    result = rag.assess(
        project=project(),
        tasks=[task(dt.date(2022, 3, 20))],  # 12 days overdue on 2022-04-01: amber
        reviewed={dt.date(2022, 1, 1), dt.date(2022, 2, 1), dt.date(2022, 3, 1)},
        latest=(dt.date(2022, 3, 1), [(g1, D("92.2")), (g2, D("48")), (goal("1", "2", pk=9), None)]),
        as_of=dt.date(2022, 4, 1),
        margins=MARGINS,
    )
    # g2 in March: expected 50 − 12.5 × 3/12 = 46.875; (46.875 − 48) ÷ 12.5 = −0.09 → green
    assert [(g.goal_id, g.level) for g in result.goals] == [(1, rag.GREEN), (2, rag.GREEN)]
    assert result.goals[1].deviation == D("-0.09")
    assert result.level == rag.AMBER
    assert [f.kind for f in result.flags] == [rag.TASK]
    worse = rag.assess(
        project=project(),
        tasks=[task(dt.date(2022, 3, 20))],
        reviewed={dt.date(2022, 3, 1)},
        latest=(dt.date(2022, 3, 1), [(g1, D("92.0"))]),
        as_of=dt.date(2022, 4, 1),
        margins=MARGINS,
    )
    assert worse.level == rag.RED
    assert [(f.level, f.kind) for f in worse.flags] == [(rag.RED, rag.GOAL), (rag.AMBER, rag.TASK)]
    assert worse.missing == []


def test_nothing_wrong_is_green():
    result = rag.assess(
        project=project(),
        tasks=[],
        reviewed={dt.date(2022, 1, 1)},
        latest=None,
        as_of=dt.date(2022, 2, 10),
        margins=MARGINS,
    )
    assert (result.level, result.flags, result.label) == (rag.GREEN, [], "on track")


def test_as_of_for_a_month_is_the_day_after_it_unless_that_is_later_than_today():
    today = dt.date(2022, 5, 17)
    assert rag.as_of_for(dt.date(2022, 3, 1), today) == dt.date(2022, 4, 1)
    assert rag.as_of_for(dt.date(2022, 5, 1), today) == today
    assert rag.as_of_for(None, today) == today
