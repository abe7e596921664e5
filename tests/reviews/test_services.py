"""review_save / review_submit: who may write, which months, which states; actual values entered or read from the
indicator roll-up; submission rules; audit rows."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import timezone

from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.projects.projects.models import State
from dangjian.projects.reviews import services
from dangjian.projects.reviews.models import GoalActual, ProjectReview
from tests.projects.factories import GoalFactory, ProjectFactory

pytestmark = pytest.mark.django_db
MARCH = dt.date(2022, 3, 1)


def save(actor, project, month=MARCH, **kwargs):
    kwargs.setdefault("narrative", "3月电流效率稳中有升")
    return services.review_save(actor=actor, project=project, month=month, **kwargs)


def test_owner_secretary_writes_a_draft_with_entered_and_computed_actuals(project, goals, logins, smelter_march):
    review = save(logins["secretary"], project, actuals={goals["entered"].pk: D("3")}, held_at="3月支委会")
    assert (review.status, review.held_at, review.written_by) == ("draft", "3月支委会", logins["secretary"])
    actuals = {a.goal_id: a for a in review.actuals.all()}
    assert actuals[goals["entered"].pk].value == D("3")
    assert actuals[goals["entered"].pk].source == GoalActual.Source.ENTERED
    # weighted by output over W1's subtree only: (92.0 × 600 + 92.5 × 400) ÷ 1000 = 92.2
    series = actuals[goals["series"].pk]
    assert (series.value, series.source) == (D("92.2"), GoalActual.Source.SERIES)
    assert series.computation == (
        "电流效率 (%) for 电解一车间 and the units below it in 2022-03, from daily values: "
        "the average weighted by 铝产量 = 92.2"
    )
    row = AuditLog.objects.get(object_type="reviews.projectreview")
    assert (row.action, row.actor, row.after["actuals"][str(goals["entered"].pk)]) == (
        "create",
        logins["secretary"],
        "3.0000",
    )


def test_series_goal_without_data_says_so(project, goals, logins):
    review = save(logins["secretary"], project)
    series = review.actuals.get(goal=goals["series"])
    assert series.value is None
    assert series.computation == "No production data for 电流效率 (%) at 电解一车间 in 2022-03."


@pytest.mark.parametrize("who", ["committee", "member", "other"])
def test_others_may_not_write(project, goals, logins, who):
    with pytest.raises(NotPermitted):
        save(logins[who], project, actuals={goals["entered"].pk: D("3")})
    assert not ProjectReview.objects.exists()
    assert not AuditLog.objects.filter(object_type="reviews.projectreview").exists()


def test_party_office_above_may_write(project, logins):
    assert save(logins["office"], project).pk


@pytest.mark.parametrize(
    ("month", "message"),
    [
        (dt.date(2021, 12, 1), "The project runs from 2022-01 to 2022-12; choose a month in that period."),
        (dt.date(2023, 1, 1), "The project runs from 2022-01 to 2022-12; choose a month in that period."),
        (dt.date(2022, 3, 15), "A review is for a whole month: use the first day of the month."),
    ],
)
def test_months_outside_the_period_are_refused(project, logins, month, message):
    with pytest.raises(InvalidInput) as refused:
        save(logins["secretary"], project, month=month)
    assert refused.value.message == message and refused.value.errors == {"month": [message]}


def test_future_months_are_refused_but_this_month_is_allowed(company, logins):
    today = timezone.localdate()
    project = ProjectFactory(
        owner=company["branch_a"],
        state=State.IN_PROGRESS,
        year=today.year,
        starts_on=today.replace(month=1, day=1),
        ends_on=today.replace(year=today.year + 1, month=12, day=31),
    )
    this_month = today.replace(day=1)
    assert save(logins["secretary"], project, month=this_month).month == this_month
    next_month = (this_month + dt.timedelta(days=32)).replace(day=1)
    with pytest.raises(InvalidInput, match="has not begun yet"):
        save(logins["secretary"], project, month=next_month)


@pytest.mark.parametrize("state", [State.PROPOSED, State.SUBMITTED, State.ACCEPTED, State.RATED, State.CANCELLED])
def test_only_running_projects_are_reviewed(project, logins, state):
    project.state = state
    project.save()
    with pytest.raises(Conflict):
        save(logins["secretary"], project)
    assert not ProjectReview.objects.exists()


@pytest.mark.parametrize("state", [State.APPROVED, State.IN_PROGRESS, State.INSPECTED])
def test_running_states(project, logins, state):
    project.state = state
    project.save()
    assert save(logins["secretary"], project).pk


def test_series_values_cannot_be_entered_and_unknown_goals_are_refused(project, goals, logins):
    with pytest.raises(InvalidInput, match="read from production data"):
        save(logins["secretary"], project, actuals={goals["series"].pk: D("93")})
    other = GoalFactory(project=ProjectFactory(owner=project.owner))
    with pytest.raises(InvalidInput, match="not part of this project"):
        save(logins["secretary"], project, actuals={other.pk: D("1")})
    assert not ProjectReview.objects.exists()


def test_a_draft_can_be_changed_and_a_value_cleared(project, goals, logins):
    entered = goals["entered"].pk
    save(logins["secretary"], project, actuals={entered: D("3")})
    review = save(logins["secretary"], project, narrative="改过", actuals={entered: D("4.5")})
    assert review.actuals.get(goal_id=entered).value == D("4.5")
    assert ProjectReview.objects.count() == 1
    save(logins["secretary"], project, actuals={entered: None})
    assert not review.actuals.filter(goal_id=entered).exists()
    assert list(
        AuditLog.objects.filter(object_type="reviews.projectreview").order_by("pk").values_list("action", flat=True)
    ) == [
        "create",
        "update",
        "update",
    ]


def test_submit_needs_every_entered_goal_and_the_narrative(project, goals, logins):
    with pytest.raises(InvalidInput) as refused:
        save(logins["secretary"], project, narrative="", submit=True)
    errors = refused.value.errors
    assert errors["actuals"] == ["Enter the actual value of every goal before submitting: 党员攻坚课题."]
    assert errors[f"goal_{goals['entered'].pk}"] == ["Enter the actual value."]
    assert errors["narrative"] == ["Say how the month went before submitting."]
    # all or nothing: the draft of the refused submission is not kept either
    assert not ProjectReview.objects.exists()


def test_submitted_review_is_final_and_series_refreshed(project, goals, logins, smelter_march):
    draft = save(logins["secretary"], project, actuals={goals["entered"].pk: D("3")})
    draft.actuals.filter(goal=goals["series"]).update(value=D("1"))  # stale: the data was corrected since
    review = services.review_submit(actor=logins["secretary"], review=draft)
    assert review.status == "submitted" and review.submitted_at is not None
    assert review.actuals.get(goal=goals["series"]).value == D("92.2")
    with pytest.raises(Conflict, match="can no longer be changed"):
        save(logins["secretary"], project)
    with pytest.raises(Conflict, match="already been submitted"):
        services.review_submit(actor=logins["secretary"], review=review)


def test_unknown_fields_are_refused(project, logins):
    with pytest.raises(InvalidInput, match="Unknown fields: status"):
        save(logins["secretary"], project, status="submitted")


def test_system_may_write(project):
    review = save(SYSTEM, project)
    assert review.written_by is None
