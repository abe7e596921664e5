"""Setting the registers and challenges up without the seeder (issue 15): change and end a post on its page, change
and cancel a challenge, change and withdraw one's application — each audited, refused with the exact status outside
the right or the company."""

import datetime as dt

import pytest
from django.urls import reverse

from dangjian.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.posts import services
from dangjian.posts.models import ChallengeApplication, OpenChallenge, ResponsibilityZone
from tests.factories import PersonFactory, account_with_role

DAY = dt.date(2025, 3, 1)


@pytest.fixture
def zone(company):
    return services.post_save(
        actor=SYSTEM,
        kind="zones",
        org=company["branch_a"],
        name="一号槽责任区",
        starts_on=DAY,
        area="1-20号槽",
        leader=company["person_a"],
        members=[company["person_a"]],
    )


@pytest.fixture
def challenge(company):
    return services.challenge_create(
        actor=SYSTEM, org=company["branch_a"], title="降低电耗", problem="电耗高", deadline=dt.date(2099, 1, 1)
    )


def audits(obj, action="update"):
    return AuditLog.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action)


def test_secretary_changes_a_zone_on_its_page(client, company, secretary_a, zone):
    mate = PersonFactory(branch=company["branch_a"], member=True, employee_no="E-MATE")
    client.force_login(secretary_a)
    url = reverse("posts:edit", kwargs={"kind": "zones", "pk": zone.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "1-20号槽" in page.content.decode() and company["person_a"].employee_no in page.content.decode()
    response = client.post(
        url,
        {
            "org": company["branch_a"].pk,
            "name": "一号槽责任区",
            "starts_on": "2025-03-01",
            "area": "1-40号槽",
            "leader": "E-MATE",
            "members": f"{company['person_a'].employee_no}\nE-MATE",
        },
    )
    assert response.status_code == 302
    zone.refresh_from_db()
    assert zone.area == "1-40号槽" and zone.leader == mate
    assert set(zone.members.all()) == {company["person_a"], mate}
    row = audits(zone).get()
    assert row.before["area"] == "1-20号槽" and row.after["area"] == "1-40号槽"
    assert row.after["members"] == sorted([company["person_a"].pk, mate.pk])


def test_the_edit_page_refuses_bad_input_and_other_people(client, company, secretary_a, zone):
    client.force_login(secretary_a)
    url = reverse("posts:edit", kwargs={"kind": "zones", "pk": zone.pk})
    base = {"org": company["branch_a"].pk, "name": "x", "starts_on": "2025-03-01", "area": "a"}
    assert client.post(url, {**base, "ends_on": "2025-02-01"}).status_code == 400  # ends before it starts
    assert client.post(url, {**base, "leader": company["person_b"].employee_no}).status_code == 400  # BB's person
    zone.refresh_from_db()
    assert zone.name == "一号槽责任区" and not audits(zone).exists()


@pytest.mark.parametrize(
    ("role", "org", "status"),
    [("member", "branch_a", 403), ("committee_member", "branch_a", 403), ("secretary", "branch_b", 404)],
)
def test_the_edit_page_answers_who_may_not(client, company, zone, role, org, status):
    person = company["person_a"] if role == "member" else None
    client.force_login(account_with_role(role, company[org], person=person, username="u"))
    assert client.get(reverse("posts:edit", kwargs={"kind": "zones", "pk": zone.pk})).status_code == status
    response = client.post(reverse("posts:end", kwargs={"kind": "zones", "pk": zone.pk}), {})
    assert response.status_code == status
    zone.refresh_from_db()
    assert zone.ends_on is None


def test_ending_a_post(client, company, secretary_a, zone):
    client.force_login(secretary_a)
    url = reverse("posts:end", kwargs={"kind": "zones", "pk": zone.pk})
    assert client.post(url, {"on": "2025-06-30"}).status_code == 302
    zone.refresh_from_db()
    assert zone.ends_on == dt.date(2025, 6, 30)
    assert audits(zone).get().after["ends_on"] == "2025-06-30"
    with pytest.raises(Conflict):
        services.post_end(actor=secretary_a, kind="zones", obj=zone, on=dt.date(2025, 7, 1))
    fresh = services.post_save(actor=SYSTEM, kind="zones", org=company["branch_a"], name="n", starts_on=DAY, area="a")
    with pytest.raises(InvalidInput):
        services.post_end(actor=secretary_a, kind="zones", obj=fresh, on=dt.date(2025, 1, 1))
    assert (
        client.post(reverse("posts:end", kwargs={"kind": "zones", "pk": fresh.pk}), {"on": "2025-13-01"}).status_code
        == 302
    )
    fresh.refresh_from_db()
    assert fresh.ends_on is None  # a bad date comes back as a message, nothing written


def test_a_task_force_names_only_a_project_in_reach(company, secretary_a):
    from tests.projects.factories import ProjectFactory

    project = ProjectFactory(owner=company["branch_b"], code="BB-2025-001")
    with pytest.raises(InvalidInput):
        services.post_save(
            actor=secretary_a,
            kind="taskforces",
            org=company["branch_a"],
            name="攻坚",
            starts_on=DAY,
            problem="p",
            project=project,
        )


def test_secretary_changes_and_cancels_a_challenge(client, company, secretary_a, challenge):
    client.force_login(secretary_a)
    page = client.get(reverse("posts:challenge", kwargs={"pk": challenge.pk})).content.decode()
    assert reverse("posts:challenge_edit", kwargs={"pk": challenge.pk}) in page
    response = client.post(
        reverse("posts:challenge_edit", kwargs={"pk": challenge.pk}),
        {
            "title": "降低直流电耗",
            "problem": "电耗高",
            "reward": "奖金",
            "reward_points": "5",
            "deadline": "2099-06-30",
        },
    )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.title == "降低直流电耗" and challenge.deadline == dt.date(2099, 6, 30)
    assert audits(challenge).get().before["title"] == "降低电耗"
    assert client.post(reverse("posts:challenge_cancel", kwargs={"pk": challenge.pk})).status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == OpenChallenge.Status.CANCELLED
    assert audits(challenge).count() == 2
    # closed: no more changes, nor a second cancel
    refused = client.post(
        reverse("posts:challenge_edit", kwargs={"pk": challenge.pk}),
        {"title": "t", "problem": "p", "deadline": "2099-06-30"},
    )
    assert refused.status_code == 409
    with pytest.raises(Conflict):
        services.challenge_cancel(actor=secretary_a, challenge=challenge)


def test_challenge_changes_refused(client, company, challenge, member_a):
    with pytest.raises(NotPermitted):
        services.challenge_update(actor=member_a, challenge=challenge, title="x")
    with pytest.raises(NotPermitted):
        services.challenge_cancel(actor=member_a, challenge=challenge)
    client.force_login(member_a)
    assert client.get(reverse("posts:challenge_edit", kwargs={"pk": challenge.pk})).status_code == 403
    assert client.post(reverse("posts:challenge_cancel", kwargs={"pk": challenge.pk})).status_code == 403
    other = account_with_role("secretary", company["branch_b"], username="sec_b")
    client.force_login(other)
    assert client.post(reverse("posts:challenge_cancel", kwargs={"pk": challenge.pk})).status_code == 404
    challenge.refresh_from_db()
    assert challenge.status == "open" and challenge.title == "降低电耗"
    with pytest.raises(InvalidInput):
        services.challenge_update(actor=SYSTEM, challenge=challenge, reward_points=0)


def test_applicant_changes_and_withdraws_their_application(client, company, challenge):
    # a secretary who is on the roll applies like anyone, and sees the branch's people to name a team
    applicant = account_with_role("secretary", company["branch_a"], person=company["person_a"], username="sec_p")
    mate = PersonFactory(branch=company["branch_a"], member=True, employee_no="E-MATE")
    services.challenge_apply(actor=applicant, challenge=challenge, plan="优化下料")
    client.force_login(applicant)
    page = client.get(reverse("posts:challenge", kwargs={"pk": challenge.pk})).content.decode()
    assert reverse("posts:application_edit", kwargs={"pk": challenge.pk}) in page
    url = reverse("posts:application_edit", kwargs={"pk": challenge.pk})
    assert client.get(url).status_code == 200
    assert client.post(url, {"plan": "", "team_name": "一组"}).status_code == 400
    assert client.post(url, {"plan": "x", "members": "NOSUCH"}).status_code == 400
    response = client.post(url, {"plan": "优化下料与换极", "team_name": "攻关一组", "members": "E-MATE"})
    assert response.status_code == 302
    application = ChallengeApplication.objects.get(challenge=challenge)
    assert application.plan == "优化下料与换极" and list(application.members.all()) == [mate]
    assert audits(application).get().after["members"] == [mate.pk]
    assert client.post(reverse("posts:application_withdraw", kwargs={"pk": challenge.pk})).status_code == 302
    assert not ChallengeApplication.objects.filter(challenge=challenge).exists()
    assert AuditLog.objects.filter(object_type="posts.challengeapplication", action="delete").count() == 1
    # none left: 404 for the page and the service alike
    assert client.get(url).status_code == 404
    with pytest.raises(NotFound):
        services.application_withdraw(actor=applicant, challenge=challenge)


def test_an_application_is_fixed_once_someone_is_appointed(company, member_a, office, challenge):
    application = services.challenge_apply(actor=member_a, challenge=challenge, plan="p")
    services.challenge_appoint(actor=office, challenge=challenge, application=application)
    with pytest.raises(Conflict):
        services.application_update(actor=member_a, challenge=challenge, plan="q")
    with pytest.raises(Conflict):
        services.application_withdraw(actor=member_a, challenge=challenge)
    with pytest.raises(NotFound):
        services.application_update(actor=office, challenge=challenge, plan="q")  # not theirs


@pytest.mark.parametrize("n", [2, 12])
def test_edit_pages_are_bounded(client, company, office, n, django_assert_max_num_queries):
    for i in range(n):
        services.post_save(
            actor=SYSTEM,
            kind="zones",
            org=company["branch_a"],
            name=f"区{i}",
            starts_on=DAY,
            area="a",
            members=[PersonFactory(branch=company["branch_a"]) for _ in range(2)],
        )
    zone = ResponsibilityZone.objects.order_by("pk").last()
    client.force_login(office)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("posts:edit", kwargs={"kind": "zones", "pk": zone.pk})).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("posts:register", kwargs={"kind": "zones"})).status_code == 200
