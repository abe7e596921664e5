"""Demonstration posts: the 揭榜挂帅 flow awards the reward points once per team member, counts per org, check-ins,
and bounded registers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.services import SYSTEM
from dangjian.points import services as points
from dangjian.points.models import PointsEntry
from dangjian.posts import selectors, services
from dangjian.posts.models import PioneerPost
from tests.factories import PersonFactory, account_with_role

DAY = dt.date(2025, 3, 1)


@pytest.fixture
def catalogue(company):
    points.defaults_install(actor=SYSTEM, company=company["root"], valid_from=dt.date(2020, 1, 1))


def test_challenge_flow_awards_each_team_member_once(company, catalogue, member_a, office):
    mate = PersonFactory(branch=company["branch_a"], member=True, name="周强")
    challenge = services.challenge_create(
        actor=office,
        org=company["root"],
        title="降低阳极效应系数",
        problem="效应系数0.05",
        deadline=dt.date(2099, 1, 1),
        reward="奖金2万元",
        reward_points=Decimal(8),
    )
    application = services.challenge_apply(
        actor=member_a, challenge=challenge, plan="优化下料", team_name="攻关一组", members=[mate]
    )
    with pytest.raises(Conflict):
        services.challenge_apply(actor=member_a, challenge=challenge, plan="again")
    with pytest.raises(NotPermitted):
        services.challenge_appoint(actor=member_a, challenge=challenge, application=application)
    with pytest.raises(Conflict):
        services.challenge_accept(actor=office, challenge=challenge, result="x")  # nobody appointed yet
    services.challenge_appoint(actor=office, challenge=challenge, application=application)
    with pytest.raises(InvalidInput):
        services.challenge_accept(actor=office, challenge=challenge, result="")
    services.challenge_accept(actor=office, challenge=challenge, result="效应系数降至0.03")
    entries = PointsEntry.objects.filter(source_type="posts.openchallenge", source_id=str(challenge.pk))
    assert sorted((e.person.name, e.awarded) for e in entries) == [("周强", Decimal(8)), ("李明", Decimal(8))]
    with pytest.raises(Conflict):
        services.challenge_accept(actor=office, challenge=challenge, result="again")
    assert entries.count() == 2


def test_applications_close_at_the_deadline_and_need_a_person(company, office, member_a):
    challenge = services.challenge_create(
        actor=office, org=company["branch_a"], title="t", problem="p", deadline=dt.date(2020, 1, 1)
    )
    with pytest.raises(Conflict):
        services.challenge_apply(actor=member_a, challenge=challenge, plan="p")
    open_one = services.challenge_create(
        actor=office, org=company["branch_a"], title="t2", problem="p", deadline=dt.date(2099, 1, 1)
    )
    with pytest.raises(NotPermitted):
        services.challenge_apply(actor=office, challenge=open_one, plan="p")  # 党群工作部's login has no person


def test_posts_counts_and_check_ins(company, secretary_a, member_a):
    for i in range(3):
        services.post_save(
            actor=secretary_a,
            kind="zones",
            org=company["branch_a"],
            name=f"责任区{i}",
            starts_on=DAY,
            area=f"{i}号槽",
            members=[company["person_a"]],
        )
    services.post_save(
        actor=secretary_a,
        kind="pioneers",
        org=company["branch_a"],
        name="先锋岗",
        starts_on=DAY,
        holder=company["person_a"],
    )
    helped = PersonFactory(branch=company["branch_a"], name="小张")
    pairing = services.post_save(
        actor=secretary_a,
        kind="pairings",
        org=company["branch_a"],
        name="师带徒",
        starts_on=DAY,
        member=company["person_a"],
        colleague=helped,
    )
    with pytest.raises(InvalidInput):
        services.post_save(
            actor=secretary_a,
            kind="pairings",
            org=company["branch_a"],
            name="x",
            starts_on=DAY,
            member=helped,
            colleague=company["person_a"],
        )  # the first of a pair is a member
    with pytest.raises(NotPermitted):
        services.post_save(
            actor=secretary_a,
            kind="pioneers",
            org=company["branch_b"],
            name="x",
            starts_on=DAY,
            holder=company["person_b"],
        )
    services.checkin_add(actor=member_a, pairing=pairing, on=DAY, note="讲解操作规程")
    table, totals = selectors.counts(user=secretary_a, org=company["branch_a"])
    assert totals == {"zones": 3, "pioneers": 1, "taskforces": 0, "pairings": 1, "challenges": 0}
    holders = selectors.holders(user=secretary_a, org=company["branch_a"])
    row = next(r for r in holders if r["person"].name == "李明")
    assert row["zones"] == ["责任区0", "责任区1", "责任区2"] and row["pioneers"] == ["先锋岗"]


@pytest.mark.parametrize("n", [2, 12])
def test_registers_are_bounded(client, company, n, django_assert_max_num_queries):
    office = account_with_role("party_office", company["root"], username="po")
    for i in range(n):
        people = [PersonFactory(branch=company["branch_a"], member=True) for _ in range(2)]
        services.post_save(
            actor=SYSTEM,
            kind="taskforces",
            org=company["branch_a"],
            name=f"攻坚{i}",
            starts_on=DAY,
            problem="p",
            leader=people[0],
            members=people,
        )
        services.post_save(
            actor=SYSTEM,
            kind="zones",
            org=company["branch_b"],
            name=f"区{i}",
            starts_on=DAY,
            area="a",
            leader=people[1],
            members=people,
        )
        services.post_save(
            actor=SYSTEM,
            kind="pairings",
            org=company["branch_b"],
            name=f"对{i}",
            starts_on=DAY,
            member=people[0],
            colleague=people[1],
        )
    client.force_login(office)
    for name, kwargs in (
        ("posts:registers", {}),
        ("posts:register", {"kind": "taskforces"}),
        ("posts:register", {"kind": "zones"}),
        ("posts:register", {"kind": "pairings"}),
        ("posts:holders", {}),
        ("posts:challenges", {}),
    ):
        with django_assert_max_num_queries(14):
            assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


def test_secretary_adds_a_task_force_linked_to_a_project_through_the_page(client, company, secretary_a):
    from dangjian.posts.models import TaskForce
    from tests.projects.factories import ProjectFactory

    project = ProjectFactory(owner=company["branch_a"], code="BA-2025-001")
    mate = PersonFactory(branch=company["branch_a"], member=True, employee_no="E-MATE")
    client.force_login(secretary_a)
    response = client.post(
        reverse("posts:create", kwargs={"kind": "taskforces"}),
        {
            "org": company["branch_a"].pk,
            "name": "阳极效应攻坚小组",
            "starts_on": "2025-03-01",
            "problem": "效应系数偏高",
            "project": "BA-2025-001",
            "leader": company["person_a"].employee_no,
            "members": f"{company['person_a'].employee_no}\nE-MATE",
        },
    )
    assert response.status_code == 302
    force = TaskForce.objects.get(name="阳极效应攻坚小组")
    assert force.project == project and set(force.members.all()) == {company["person_a"], mate}
    refused = client.post(
        reverse("posts:create", kwargs={"kind": "pioneers"}),
        {
            "org": company["branch_a"].pk,
            "name": "x",
            "starts_on": "2025-03-01",
            "holder": company["person_b"].employee_no,  # out of the secretary's reach
        },
    )
    assert refused.status_code == 400 and not PioneerPost.objects.filter(name="x").exists()
