"""Fixtures for the meeting tests: a company with a branch of full members, a party group, and a helper that records
meetings through the service as the system.

Wording is asserted in English: every test here runs with English active."""

import datetime as dt

import pytest
from django.utils import translation

from dangjian.core.services import SYSTEM
from dangjian.meetings import services
from dangjian.org.models import CommitteeSeat
from tests.factories import PartyOrgFactory, PersonFactory


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def hold():
    """hold(org, type, "2024-03-31", counts_for=None, **fields) records a meeting as the system."""

    def _hold(org, meeting_type, held_on, counts_for=None, **fields):
        day = dt.date.fromisoformat(held_on)
        extra = {"topic": "学习", **fields}
        if meeting_type == "lecture" and "lecturer" not in extra:
            extra["lecturer"] = PersonFactory(branch=org if org.kind != "group" else org.parent, member=True)
        return services.meeting_record(
            actor=SYSTEM,
            org=org,
            meeting_type=meeting_type,
            held_on=day,
            counts_for=dt.date.fromisoformat(counts_for) if counts_for else None,
            **extra,
        )

    return _hold


@pytest.fixture
def big_branch(company):
    """Branch BA with 7 full members (李明 and six more), 2 probationary members and a secretary's seat: it has a
    支委会."""
    branch = company["branch_a"]
    people = [company["person_a"]] + [PersonFactory(branch=branch, member=True) for _ in range(6)]
    for _ in range(2):
        PersonFactory(
            branch=branch,
            party_status="probationary",
            applied_on=dt.date(2020, 1, 1),
            activist_on=dt.date(2020, 6, 1),
            candidate_on=dt.date(2021, 6, 1),
            probationary_on=dt.date(2022, 6, 1),
        )
    CommitteeSeat.objects.create(org=branch, person=people[0], role="secretary", since=dt.date(2020, 1, 1))
    return branch


def make_org(parent, **kwargs):
    return PartyOrgFactory(parent=parent, **kwargs)
