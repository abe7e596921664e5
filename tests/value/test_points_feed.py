"""A winning team's party members earn the company's points once; a team taken off the list loses them, and naming
the same list again changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.core.services import SYSTEM
from dangjian.points import services as points
from dangjian.points.models import PointsEntry
from dangjian.value.services import winners_set
from tests.factories import PersonFactory


@pytest.fixture
def rules(company):
    points.defaults_install(actor=SYSTEM, company=company["root"], valid_from=dt.date(2020, 1, 1))


def total(person) -> Decimal:
    return sum((e.points for e in PointsEntry.objects.filter(person=person, status="approved")), Decimal(0))


def test_winning_team_members_earn_points_once(accounting, rules):
    ca, cc = accounting["units"]["CA"], accounting["units"]["CC"]
    member = PersonFactory(branch=accounting["branch_a"], unit=ca.unit, member=True)
    employee = PersonFactory(branch=accounting["branch_a"], unit=ca.unit)
    other = PersonFactory(branch=accounting["branch_b"], unit=cc.unit, member=True)
    winners_set(actor=SYSTEM, year=2024, units=[(ca, Decimal(30))])
    earned = total(member)
    assert earned > 0
    assert total(employee) == 0 and total(other) == 0
    winners_set(actor=SYSTEM, year=2024, units=[(ca, Decimal(30))])
    winners_set(actor=SYSTEM, year=2024, units=[(ca, Decimal(30)), (cc, Decimal(20))])
    assert total(member) == earned  # CA stayed on the list: no second award
    assert total(other) == earned
    winners_set(actor=SYSTEM, year=2024, units=[(cc, Decimal(20))])
    assert total(member) == 0
    entry = PointsEntry.objects.filter(person=member, automatic=True).order_by("pk").first()
    assert entry.occurred_on == dt.date(2024, 12, 31)
