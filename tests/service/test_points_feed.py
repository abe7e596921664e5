"""Resolving a concern earns the handler the company's points once; a reopened one loses them until it is resolved
again."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.core.services import SYSTEM
from dangjian.points import services as points
from dangjian.points.models import PointsEntry
from dangjian.service.models import State
from dangjian.service.services import request_transition


@pytest.fixture
def rules(company):
    points.defaults_install(actor=SYSTEM, company=company["root"], valid_from=dt.date(2020, 1, 1))


def total(person) -> Decimal:
    return sum((e.points for e in PointsEntry.objects.filter(person=person, status="approved")), Decimal(0))


def test_resolving_awards_the_handler_once_and_reopening_withdraws(people, logins, make_request, rules):
    handler = people["handler"]
    request = make_request(State.ACCEPTED)
    request = request_transition(actor=logins["handler"], request=request, action="resolve", comment="已修好")
    earned = total(handler)
    assert earned > 0
    assert PointsEntry.objects.get(person=handler, automatic=True).source_id == str(request.pk)
    request = request_transition(actor=logins["submitter"], request=request, action="reopen", comment="还是没热水")
    assert total(handler) == 0
    request_transition(actor=logins["handler"], request=request, action="resolve", comment="换了热水器")
    assert total(handler) == earned
    assert not PointsEntry.objects.filter(person=people["submitter"]).exists()


def test_a_non_member_handler_earns_no_points(people, logins, make_request, rules, company):
    from tests.factories import PersonFactory, account_with_role

    employee = PersonFactory(branch=company["branch_a"], name="钱群众")
    login = account_with_role("employee", company["branch_a"], person=employee, username="s_emp_handler")
    people["employee_handler"] = employee
    request = make_request(State.ACCEPTED, handler="employee_handler")
    request_transition(actor=logins["sec_a"], request=request, action="resolve", comment="已办")
    assert login and not PointsEntry.objects.exists()
