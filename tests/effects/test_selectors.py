"""project_effects end to end on a small database: windows, comparison units, roll-ups, fallbacks, scope."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.core.errors import NotFound
from dangjian.projects.effects import estimate
from dangjian.projects.effects.selectors import project_effects
from dangjian.projects.projects.models import State
from tests.effects.conftest import monthly
from tests.effects.synthetic import BASELINE, MONTHS, TREATMENT
from tests.factories import UnitFactory
from tests.projects.factories import GoalFactory, ProjectFactory

D = Decimal
pytestmark = pytest.mark.django_db
LATER = dt.date(2023, 6, 15)


@pytest.fixture(autouse=True)
def english():
    """The notes are checked in English: switch it on here rather than rely on a module run before this one leaving
    it active (the product's default language is Chinese, so alone or in random order these checks read Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_did_against_the_comparison_workshops(member_a, project, smelter):
    (effect,) = project_effects(user=member_a, project=project, today=LATER)
    series = smelter["series"]
    expected = estimate.did(series["W1"], [series[f"W{i}"] for i in range(2, 7)], BASELINE, TREATMENT, decimals=2)
    result = effect.estimate
    assert result.method == "did" and result.n_comparison == 5
    # The roll-up of W1's two teams (weighted by output) gives back the series written on each.
    assert (result.effect, result.ci_low, result.ci_high) == (expected.effect, expected.ci_low, expected.ci_high)
    assert result.ci_low <= D("0.5") <= result.ci_high
    assert result.baseline == tuple(f"2021-{m:02d}" for m in range(1, 13))
    assert result.treatment == tuple(f"2022-{m:02d}" for m in range(1, 13))
    assert effect.own_change.method == "before_after"
    assert "5 comparable units" in effect.note
    assert len(effect.comparison_mean) == 24 and effect.start == dt.date(2022, 1, 1)


def test_units_that_ran_a_similar_project_are_not_comparisons(member_a, company, project, smelter, efficiency):
    other = ProjectFactory(owner=company["branch_b"], state=State.RATED, starts_on=dt.date(2021, 6, 1))
    GoalFactory(project=other, indicator=efficiency, unit=smelter["units"]["W2"])
    # A cancelled project did not run: its unit stays a comparison.
    cancelled = ProjectFactory(owner=company["branch_b"], state=State.CANCELLED)
    GoalFactory(project=cancelled, indicator=efficiency, unit=smelter["units"]["W3"])
    # A project on the whole company covers every workshop — but in 2019 it is outside the window.
    old = ProjectFactory(
        owner=company["root"],
        state=State.RATED,
        year=2019,
        starts_on=dt.date(2019, 1, 1),
        ends_on=dt.date(2019, 12, 31),
    )
    GoalFactory(project=old, indicator=efficiency, unit=company["unit"])
    (effect,) = project_effects(user=member_a, project=project, today=LATER)
    assert effect.estimate.n_comparison == 4


def test_comparisons_need_data_in_both_periods(member_a, company, project, smelter, efficiency):
    stopped = UnitFactory(code="W9", parent=company["unit"])
    monthly(efficiency, stopped, {m: smelter["series"]["W2"][m] for m in BASELINE})
    monthly(efficiency.weight, stopped, dict.fromkeys(BASELINE, D(1000)))
    (effect,) = project_effects(user=member_a, project=project, today=LATER)
    assert effect.estimate.n_comparison == 5


def test_no_comparison_units_gives_before_after_and_says_so(member_a, company, efficiency, smelter):
    division = UnitFactory(code="DIV", kind="division", parent=company["unit"])
    monthly(efficiency, division, smelter["series"]["W1"])
    monthly(efficiency.weight, division, dict.fromkeys(MONTHS, D(5000)))
    project = ProjectFactory(owner=company["branch_a"], state=State.IN_PROGRESS)
    GoalFactory(project=project, indicator=efficiency, unit=division)
    (effect,) = project_effects(user=member_a, project=project, today=LATER)
    assert effect.estimate.method == "before_after"
    assert effect.estimate.n_comparison == 0
    assert effect.note.startswith("No comparable unit that did not run the project")
    assert effect.comparison_mean == {}


def test_treatment_stops_at_the_last_finished_month_and_skips_a_partial_first_month(
    member_a, company, efficiency, smelter
):
    project = ProjectFactory(
        owner=company["branch_a"],
        state=State.IN_PROGRESS,
        starts_on=dt.date(2022, 1, 10),
        ends_on=dt.date(2023, 12, 31),
    )
    GoalFactory(project=project, indicator=efficiency, unit=company["workshop"])
    (effect,) = project_effects(user=member_a, project=project, today=dt.date(2022, 7, 20))
    assert effect.estimate.baseline[0] == "2021-02" and effect.estimate.baseline[-1] == "2022-01"
    assert effect.estimate.treatment == ("2022-02", "2022-03", "2022-04", "2022-05", "2022-06")


def test_a_project_that_has_not_started_has_no_number_yet(member_a, company, efficiency, smelter):
    project = ProjectFactory(
        owner=company["branch_a"], year=2023, starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2023, 12, 31)
    )
    GoalFactory(project=project, indicator=efficiency, unit=company["workshop"])
    (effect,) = project_effects(user=member_a, project=project, today=dt.date(2023, 1, 20))
    assert effect.estimate.effect is None
    assert "Not enough data yet" in effect.note


def test_out_of_scope_is_not_found(member_b, project, smelter):
    with pytest.raises(NotFound):
        project_effects(user=member_b, project=project)
    with pytest.raises(NotFound):
        project_effects(user=member_b, project=project.pk)
