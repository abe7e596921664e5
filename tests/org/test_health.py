import datetime as dt

import pytest

from dangjian.org.health import WarningKind, org_warnings, term_list
from dangjian.org.models import CommitteeSeat, PartyOrg
from tests.factories import PartyOrgFactory, PersonFactory

TODAY = dt.date(2025, 6, 1)
FAR = dt.date(2030, 1, 1)


def branch(**kwargs):
    return PartyOrgFactory(kind=kwargs.pop("kind", "branch"), term_end=kwargs.pop("term_end", FAR), **kwargs)


def members(org, n, **kwargs):
    return PersonFactory.create_batch(n, branch=org, member=True, **kwargs)


def kinds(org, today=TODAY):
    return {w.kind for w in org_warnings(PartyOrg.objects.filter(pk=org.pk), today=today)}


@pytest.mark.parametrize(("n", "warned"), [(2, True), (3, False)])
def test_branch_needs_three_full_members(db, n, warned):
    org = branch()
    members(org, n)
    assert (WarningKind.TOO_FEW_MEMBERS in kinds(org)) is warned


def test_probationary_and_off_roll_people_are_not_full_members(db):
    org = branch()
    members(org, 2)
    members(org, 1, active=False)
    PersonFactory(branch=org, party_status="probationary", probationary_on=dt.date(2024, 1, 1))
    assert WarningKind.TOO_FEW_MEMBERS in kinds(org)


@pytest.mark.parametrize(("n", "warned"), [(50, False), (51, True)])
def test_branch_of_more_than_fifty(db, n, warned):
    org = branch()
    # seats so the committee rule stays quiet and only the size rule speaks
    people = members(org, n)
    for person, role in zip(people, ["secretary", "organisation_officer", "publicity_officer"], strict=False):
        CommitteeSeat.objects.create(org=org, person=person, role=role)
    assert kinds(org) == ({WarningKind.TOO_MANY_MEMBERS} if warned else set())


def test_fifty_cap_counts_probationary_members(db):
    org = branch()
    people = members(org, 49)
    PersonFactory.create_batch(2, branch=org, party_status="probationary", probationary_on=dt.date(2024, 1, 1))
    for person, role in zip(people, ["secretary", "organisation_officer", "publicity_officer"], strict=False):
        CommitteeSeat.objects.create(org=org, person=person, role=role)
    assert kinds(org) == {WarningKind.TOO_MANY_MEMBERS}


@pytest.mark.parametrize(
    ("n", "seats", "warned"), [(6, 0, False), (7, 0, True), (7, 2, True), (7, 3, False), (20, 5, False)]
)
def test_seven_full_members_need_a_committee(db, n, seats, warned):
    org = branch()
    people = members(org, n)
    for person in people[:seats]:
        CommitteeSeat.objects.create(org=org, person=person, role="member")
    assert (WarningKind.NO_COMMITTEE in kinds(org)) is warned


def test_ended_and_future_seats_do_not_count(db):
    org = branch()
    people = members(org, 8)
    CommitteeSeat.objects.create(org=org, person=people[0], role="secretary")
    CommitteeSeat.objects.create(org=org, person=people[1], role="member", until=TODAY - dt.timedelta(days=1))
    CommitteeSeat.objects.create(org=org, person=people[2], role="member", since=TODAY + dt.timedelta(days=1))
    # one person in two seats is still one committee member
    CommitteeSeat.objects.create(org=org, person=people[0], role="member")
    assert WarningKind.NO_COMMITTEE in kinds(org)


@pytest.mark.parametrize(
    ("days", "kind"),
    [(-1, WarningKind.TERM_OVERDUE), (0, WarningKind.TERM_DUE), (90, WarningKind.TERM_DUE), (91, None)],
)
def test_term_ending(db, days, kind):
    org = PartyOrgFactory(kind="committee", term_end=TODAY + dt.timedelta(days=days))
    assert kinds(org) == ({kind} if kind else set())


def test_term_warning_sentence_names_org_and_days(db):
    org = PartyOrgFactory(kind="general_branch", name="电解总支", term_end=TODAY + dt.timedelta(days=30))
    [warning] = org_warnings(PartyOrg.objects.filter(pk=org.pk), today=TODAY)
    assert warning.org == org
    assert "电解总支" in warning.message and "30" in warning.message


def test_groups_dissolved_orgs_and_committees_have_no_size_rules(db):
    parent = branch()
    members(parent, 3)
    group = PartyOrgFactory(kind="group", parent=parent, term_end=TODAY)
    committee = PartyOrgFactory(kind="committee", term_end=FAR)
    gone = branch(status="dissolved", dissolved_on=TODAY, term_end=TODAY)
    for org in (group, committee, gone):
        assert kinds(org) == set()


def test_temporary_and_joint_branches_are_checked(db):
    for kind in ("temporary_branch", "joint_branch"):
        assert WarningKind.TOO_FEW_MEMBERS in kinds(branch(kind=kind))


def test_warnings_for_many_orgs_take_one_query(db, django_assert_num_queries):
    orgs = [branch() for _ in range(10)]
    for org in orgs[:5]:
        members(org, 8)
    with django_assert_num_queries(1):
        warnings = org_warnings(PartyOrg.objects.all(), today=TODAY)
    assert len(warnings) == 10  # 5 too few, 5 without committee


def test_term_list_is_soonest_first_and_lists_missing_separately(db):
    late = PartyOrgFactory(term_end=TODAY + dt.timedelta(days=80))
    past = PartyOrgFactory(term_end=TODAY - dt.timedelta(days=10))
    PartyOrgFactory(term_end=TODAY + dt.timedelta(days=91))
    unknown = PartyOrgFactory(term_end=None, term_start=None)
    assert list(term_list(PartyOrg.objects.all(), today=TODAY)) == [past, late]
    assert list(term_list(PartyOrg.objects.all(), today=TODAY, missing=True)) == [unknown]
