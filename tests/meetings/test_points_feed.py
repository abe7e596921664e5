"""Attendance recorded once feeds points once (最多报一次): present earns the organisational-life points, an absence
without leave costs them, a changed mark withdraws the earlier entry and a deleted meeting withdraws them all."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.core.services import SYSTEM
from dangjian.meetings import services
from dangjian.meetings.services.attendance import Mark
from dangjian.points import services as points
from dangjian.points.models import PointsEntry


@pytest.fixture
def rules(company):
    points.defaults_install(actor=SYSTEM, company=company["root"], valid_from=dt.date(2020, 1, 1))


def total(person) -> Decimal:
    entries = PointsEntry.objects.filter(person=person, status="approved")
    return sum((e.points for e in entries), Decimal(0))


def test_attendance_gives_points_once_however_often_it_is_saved(company, big_branch, hold, rules):
    present, absent = (
        company["person_a"],
        big_branch.people.filter(party_status="member").exclude(pk=company["person_a"].pk).first(),
    )
    meeting = hold(big_branch, "themed_day", "2025-03-20", attendance=[Mark(present, "present")])
    assert total(present) == Decimal(1)
    assert total(absent) == Decimal(-2)
    services.meeting_update(actor=SYSTEM, meeting=meeting, attendance=[Mark(present, "present")])
    services.meeting_update(actor=SYSTEM, meeting=meeting, topic="再次保存")
    assert total(present) == Decimal(1)
    assert PointsEntry.objects.filter(person=present, automatic=True).count() == 1
    assert total(absent) == Decimal(-2)


def test_a_changed_mark_withdraws_the_earlier_points(company, big_branch, hold, rules):
    person = company["person_a"]
    meeting = hold(big_branch, "themed_day", "2025-03-20", attendance=[Mark(person, "present")])
    services.meeting_update(actor=SYSTEM, meeting=meeting, attendance=[Mark(person, "leave", "出差")])
    assert total(person) == Decimal(0)  # +1 and its reversing −1; leave costs nothing
    services.meeting_update(actor=SYSTEM, meeting=meeting, attendance=[])  # now absent
    assert total(person) == Decimal(-2)
    services.meeting_update(actor=SYSTEM, meeting=meeting, attendance=[Mark(person, "present")])
    assert total(person) == Decimal(1)


def test_deleting_a_mistaken_meeting_withdraws_its_points(company, big_branch, hold, rules):
    person = company["person_a"]
    meeting = hold(big_branch, "themed_day", "2025-03-20", attendance=[Mark(person, "present")])
    services.meeting_delete(actor=SYSTEM, meeting=meeting)
    assert total(person) == Decimal(0)
    assert PointsEntry.objects.filter(person=person, reverses__isnull=False).count() == 1


def test_without_a_points_catalogue_attendance_writes_no_points(company, big_branch, hold):
    hold(big_branch, "themed_day", "2025-03-20", attendance=[Mark(company["person_a"], "present")])
    assert not PointsEntry.objects.exists()
