"""The company's go-live date (PartyOrg.go_live): the assessment's automatic metrics count from it, never before. A
month wholly before go-live is not missed (full points, the sentence says "before go-live"); a quarter that begins
before it is read from the first month counted. The month rule is tenancy.counted_from (half a month live counts)."""

import datetime as dt
from decimal import Decimal as D

import pytest

from dangjian.assessment import metrics, services
from dangjian.core.services import SYSTEM
from dangjian.org import tenancy
from dangjian.org.models import PartyOrg
from tests.assessment.conftest import JAN, key_task

pytestmark = pytest.mark.django_db


def go_live(company, day):
    PartyOrg.objects.filter(pk=company["root"].pk).update(go_live=day)
    company["root"].refresh_from_db()


@pytest.mark.parametrize(
    ("day", "first"),
    [
        (None, None),
        (dt.date(2022, 3, 1), dt.date(2022, 3, 1)),
        (dt.date(2022, 3, 16), dt.date(2022, 3, 1)),  # 16 of 31 days live: March counts
        (dt.date(2022, 3, 17), dt.date(2022, 4, 1)),  # 15 of 31: it does not
        (dt.date(2022, 2, 15), dt.date(2022, 2, 1)),  # 14 of 28 days: half counts
        (dt.date(2022, 12, 20), dt.date(2023, 1, 1)),
    ],
)
def test_the_first_month_counted(day, first):
    assert tenancy.counted_from(day) == first


def test_go_live_of_an_org_is_its_companys(company):
    go_live(company, dt.date(2022, 3, 1))
    assert tenancy.go_live(company["group_a"]) == dt.date(2022, 3, 1)
    assert tenancy.go_live(company["root"]) == dt.date(2022, 3, 1)
    assert tenancy.go_live_dates([company["branch_a"], company["branch_b"].path]) == {
        company["root"].pk: dt.date(2022, 3, 1)
    }


def test_a_month_before_go_live_is_not_missed(company):
    a = company["branch_a"]
    key_task(a, "K-JAN", dt.date(2022, 1, 20))  # due in January, never closed: missed, were the system live
    january = (dt.date(2022, 1, 1), dt.date(2022, 1, 31))
    missed = metrics.compute(metrics.KEYTASK_ON_TIME, a, *january)
    assert missed.value == D("0") and "K-JAN" in missed.explanation
    go_live(company, dt.date(2022, 2, 1))
    before = metrics.compute(metrics.KEYTASK_ON_TIME, a, *january)
    assert before.value is None
    assert (
        before.explanation == "2022-01-01–2022-01-31 is before go-live (电解一车间党支部 counts from 2022-02-01): "
        "not counted, nothing is missed."
    )


def test_a_range_that_begins_before_go_live_counts_from_it(company):
    a = company["branch_a"]
    key_task(a, "K-JAN", dt.date(2022, 1, 20))
    key_task(a, "K-MAR", dt.date(2022, 3, 20), dt.date(2022, 3, 18))
    go_live(company, dt.date(2022, 2, 10))  # 19 of 28 February days live: February is the first month counted
    quarter = metrics.compute(metrics.KEYTASK_ON_TIME, a, dt.date(2022, 1, 1), dt.date(2022, 3, 31))
    assert quarter.value == D("1")
    assert "1 of 1 key tasks" in quarter.explanation and "2022-02-01–2022-03-31" in quarter.explanation
    assert quarter.explanation.endswith("Counted from 2022-02-01 (go-live); the months before go-live are not counted.")


def test_review_metric_counts_from_go_live(company):
    from dangjian.projects.projects.models import State
    from tests.projects.factories import ProjectFactory

    ProjectFactory(owner=company["branch_a"], code="P-OLD", state=State.IN_PROGRESS, starts_on=dt.date(2021, 6, 1))
    january = (dt.date(2022, 1, 1), dt.date(2022, 1, 31))
    assert metrics.compute(metrics.REVIEW_ON_TIME, company["branch_a"], *january).value == D("0")
    go_live(company, dt.date(2022, 2, 1))
    before = metrics.compute(metrics.REVIEW_ON_TIME, company["branch_a"], *january)
    assert before.value is None and "before go-live" in before.explanation


def test_the_sheet_of_a_month_before_go_live_loses_nothing(company, template):
    key_task(company["branch_a"], "K-JAN", dt.date(2022, 1, 20))
    go_live(company, dt.date(2022, 2, 1))
    period = services.period_open(actor=SYSTEM, template=template, month=JAN)
    line = period.sheets.get(org=company["branch_a"]).lines.get(item__code="A2")
    assert (line.automatic, line.rate, line.auto_points) == (True, None, D("10.00"))
    assert "before go-live" in line.computation and "nothing is deducted" in line.computation


def test_without_go_live_the_same_sheet_loses_the_points(company, template):
    key_task(company["branch_a"], "K-JAN", dt.date(2022, 1, 20))
    period = services.period_open(actor=SYSTEM, template=template, month=JAN)
    line = period.sheets.get(org=company["branch_a"]).lines.get(item__code="A2")
    assert (line.rate, line.auto_points) == (D("0"), D("0.00"))
