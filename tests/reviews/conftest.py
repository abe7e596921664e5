"""Fixtures for the review tests: branch BA's running project (2022, one goal entered in reviews and one read from
production data, two tasks), its production data, and logins in and out of its scope.

Wording is asserted in English: every test here runs with English active (pages ask for it through the client)."""

import datetime as dt
from decimal import Decimal

import factory
import pytest
from django.test import Client
from django.utils import translation

from dangjian.indicators.models import Indicator, IndicatorValue
from dangjian.projects.projects.models import State
from tests.factories import UnitFactory, account_with_role
from tests.projects.factories import GoalFactory, ProjectFactory, TaskFactory

D = Decimal


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"R{n:03d}")
    name = factory.Sequence(lambda n: f"指标{n}")
    granularity = Indicator.Granularity.DAY
    rollup = Indicator.Rollup.SUM


def values(indicator, unit, rows: dict, granularity="day") -> None:
    """Write {day: value} for one unit straight to the table (test set-up)."""
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator, unit=unit, granularity=granularity, period_start=d, value=v, source="manual"
        )
        for d, v in rows.items()
    )


@pytest.fixture
def efficiency(db):
    """电流效率 (%) weighted by 铝产量 (t), daily."""
    output = IndicatorFactory(code="AL_OUT", name="铝产量", unit_of_measure="t")
    return IndicatorFactory(
        code="CUR_EFF", name="电流效率", unit_of_measure="%", rollup=Indicator.Rollup.WEIGHTED_AVG, weight=output
    )


@pytest.fixture
def project(company, efficiency):
    """BA's 2022 project, in progress: 电流效率 92.1 → 92.6 read from W1's production data, 党员攻坚课题 0 → 12
    entered in reviews; a task due 2022-03-31 and one done."""
    project = ProjectFactory(
        owner=company["branch_a"],
        state=State.IN_PROGRESS,
        starts_on=dt.date(2022, 1, 1),
        ends_on=dt.date(2022, 12, 31),
        secretary=company["person_a"],
    )
    GoalFactory(project=project, order=1, source="series", indicator=efficiency, unit=company["workshop"])
    GoalFactory(
        project=project,
        order=2,
        indicator_name="党员攻坚课题",
        unit_of_measure="项",
        baseline=D(0),
        target=D(12),
        benchmark=None,
    )
    TaskFactory(project=project, title="修订操作规程", due_on=dt.date(2022, 3, 31))
    TaskFactory(
        project=project,
        title="组建攻坚小组",
        due_on=dt.date(2022, 2, 28),
        done_on=dt.date(2022, 2, 20),
        evidence="成立",
    )
    return project


@pytest.fixture
def goals(project):
    series, entered = project.goals.order_by("order")
    return {"series": series, "entered": entered}


@pytest.fixture
def smelter_march(company, efficiency):
    """W1's two teams in March 2022: 600 t at 92.0 % on the 1st, 400 t at 92.5 % on the 2nd → weighted 92.2 %."""
    t1 = UnitFactory(code="W1T1", kind="team", parent=company["workshop"])
    t2 = UnitFactory(code="W1T2", kind="team", parent=company["workshop"])
    values(efficiency, t1, {dt.date(2022, 3, 1): D("92.0")})
    values(efficiency.weight, t1, {dt.date(2022, 3, 1): D(600)})
    values(efficiency, t2, {dt.date(2022, 3, 2): D("92.5")})
    values(efficiency.weight, t2, {dt.date(2022, 3, 2): D(400)})
    # another workshop's data must not count
    other = UnitFactory(code="W2", parent=company["unit"])
    values(efficiency, other, {dt.date(2022, 3, 1): D("80")})
    values(efficiency.weight, other, {dt.date(2022, 3, 1): D(5000)})


@pytest.fixture
def logins(company):
    """One login per standing: the owner's secretary (BA), a committee member of BA (reads only), a member of BA,
    the secretary of another branch (BB), 党群工作部 (ROOT) and a secretary of the general branch above nobody."""
    return {
        "secretary": account_with_role("secretary", company["branch_a"], person=company["person_a"], username="r_sec"),
        "committee": account_with_role("committee_member", company["branch_a"], username="r_committee"),
        "member": account_with_role("member", company["branch_a"], username="r_member"),
        "other": account_with_role("secretary", company["branch_b"], username="r_other"),
        "office": account_with_role("party_office", company["root"], username="r_office"),
    }


@pytest.fixture
def browse():
    def make(user):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return make


def make_review(project, month: dt.date, *, submitted=True, actuals=None, **fields):
    """A review straight in the table (test set-up): `actuals` {goal: value}."""
    from dangjian.projects.reviews.models import GoalActual, ProjectReview

    review = ProjectReview.objects.create(
        project=project,
        month=month,
        status="submitted" if submitted else "draft",
        narrative=fields.pop("narrative", f"{month:%Y-%m} 进展"),
        **fields,
    )
    for goal, value in (actuals or {}).items():
        source = "series" if goal.source == "series" else "entered"
        GoalActual.objects.create(review=review, goal=goal, value=value, source=source)
    return review
