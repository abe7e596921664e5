"""The posts API: the four registers (add, change, end, list), check-ins, challenges and one's own application —
201 on create, audit rows, 400 naming the field, 403 without the right, 404 outside the scope or the company."""

import datetime as dt

import pytest

from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.posts import services
from dangjian.posts.models import ChallengeApplication, OpenChallenge, Pairing, PioneerPost, TaskForce
from tests.api.conftest import ApiClient
from tests.factories import PartyOrgFactory, PersonFactory, account_with_role


@pytest.fixture
def api(client, company, secretary_a):
    return ApiClient(client, secretary_a)


def test_secretary_adds_changes_and_ends_a_task_force(api, company):
    mate = PersonFactory(branch=company["branch_a"], member=True)
    lead = company["person_a"].employee_no
    body = {
        "org": "BA",
        "name": "阳极效应攻坚小组",
        "starts_on": "2025-03-01",
        "problem": "效应系数偏高",
        "leader": lead,
        "members": [lead, mate.employee_no],
    }
    created = api.post("/posts/taskforces", body)
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (
        data["org"] == "BA" and data["leader"] == lead and sorted(data["members"]) == sorted([lead, mate.employee_no])
    )
    force = TaskForce.objects.get(pk=data["id"])
    assert AuditLog.objects.filter(object_type="posts.taskforce", object_id=str(force.pk), action="create").exists()
    changed = api.patch(f"/posts/taskforces/{force.pk}", {"problem": "电耗", "members": [], "leader": None})
    assert changed.status_code == 200, changed.json()
    assert (
        changed.json()["members"] == [] and changed.json()["leader"] is None and changed.json()["name"] == body["name"]
    )
    ended = api.post(f"/posts/taskforces/{force.pk}/end", {"on": "2025-12-31"})
    assert ended.status_code == 200 and ended.json()["ends_on"] == "2025-12-31"
    assert api.post(f"/posts/taskforces/{force.pk}/end", {"on": "2026-01-01"}).status_code == 409
    assert AuditLog.objects.filter(object_type="posts.taskforce", object_id=str(force.pk), action="update").count() == 2
    listed = api.get("/posts/taskforces", on="2026-01-05").json()
    assert listed["count"] == 0
    assert api.get("/posts/taskforces", org="BA").json()["count"] == 1


def test_bad_input_names_the_field(api, company):
    start = {"org": "BA", "name": "x", "starts_on": "2025-03-01"}
    response = api.post("/posts/pioneers", {**start, "holder": company["person_b"].employee_no})  # BB's: unseen
    assert response.status_code == 400 and "holder" in response.json()["errors"]
    response = api.post(
        "/posts/pioneers", {**start, "holder": company["person_a"].employee_no, "ends_on": "2025-01-01"}
    )
    assert response.status_code == 400 and "ends_on" in response.json()["errors"]
    response = api.post("/posts/zones", {**start, "org": "NOSUCH", "area": "a"})
    assert response.status_code == 400 and "org" in response.json()["errors"]
    helped = PersonFactory(branch=company["branch_a"])
    response = api.post("/posts/pairings", {**start, "member": helped.employee_no, "colleague": helped.employee_no})
    assert response.status_code == 400
    response = api.post("/posts/taskforces", {**start, "problem": "p", "project": "NOSUCH"})
    assert response.status_code == 400 and "project" in response.json()["errors"]
    assert not PioneerPost.objects.exists() and not Pairing.objects.exists()


def test_refusals_are_exact(client, company, member_a):
    zone = services.post_save(
        actor=SYSTEM, kind="zones", org=company["branch_b"], name="z", starts_on=dt.date(2025, 3, 1), area="a"
    )
    own = services.post_save(
        actor=SYSTEM, kind="zones", org=company["branch_a"], name="y", starts_on=dt.date(2025, 3, 1), area="a"
    )
    member = ApiClient(client, member_a)
    body = {"org": "BA", "name": "x", "starts_on": "2025-03-01", "area": "a"}
    assert member.post("/posts/zones", body).status_code == 403
    assert member.patch(f"/posts/zones/{own.pk}", {"name": "n"}).status_code == 403
    assert member.post(f"/posts/zones/{own.pk}/end", {}).status_code == 403
    assert member.patch(f"/posts/zones/{zone.pk}", {"name": "n"}).status_code == 404  # BB: out of the member's scope
    # another company: its office sees nothing of ours
    other_root = PartyOrgFactory(code="Z", name="中州党委", kind="committee")
    stranger = ApiClient(client, account_with_role("party_office", other_root, username="z_office"))
    assert stranger.get(f"/posts/zones/{own.pk}").status_code == 404
    assert stranger.patch(f"/posts/zones/{own.pk}", {"name": "n"}).status_code == 404
    assert stranger.post("/posts/zones", body).status_code == 400  # BA is no org of theirs
    own.refresh_from_db()
    assert own.name == "y" and own.ends_on is None


def test_check_ins_by_either_of_the_pair(client, company, member_a, secretary_a):
    helped = PersonFactory(branch=company["branch_a"])
    pairing = services.post_save(
        actor=SYSTEM,
        kind="pairings",
        org=company["branch_a"],
        name="师带徒",
        starts_on=dt.date(2025, 3, 1),
        member=company["person_a"],
        colleague=helped,
    )
    member = ApiClient(client, member_a)
    response = member.post(f"/posts/pairings/{pairing.pk}/check-ins", {"note": "讲解操作规程", "on": "2025-03-02"})
    assert response.status_code == 201 and response.json()["note"] == "讲解操作规程"
    assert member.post(f"/posts/pairings/{pairing.pk}/check-ins", {"note": "x", "on": "2999-01-01"}).status_code == 400
    assert member.post(f"/posts/pairings/{pairing.pk}/check-ins", {"note": "  "}).status_code == 400
    assert member.get(f"/posts/pairings/{pairing.pk}/check-ins").json()["count"] == 1
    assert AuditLog.objects.filter(object_type="posts.pairingcheckin", action="create").count() == 1
    committee = ApiClient(client, account_with_role("committee_member", company["branch_a"], username="cm"))
    assert committee.post(f"/posts/pairings/{pairing.pk}/check-ins", {"note": "x"}).status_code == 403


def test_challenge_api_flow(client, company, secretary_a, member_a):
    secretary, member = ApiClient(client, secretary_a), ApiClient(client, member_a)
    body = {"org": "BA", "title": "降低电耗", "problem": "p", "deadline": "2099-01-01", "reward_points": "8"}
    created = secretary.post("/posts/challenges", body)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert member.post("/posts/challenges", body).status_code == 403
    assert member.patch(f"/posts/challenges/{pk}", {"title": "x"}).status_code == 403
    assert secretary.patch(f"/posts/challenges/{pk}", {"title": None}).status_code == 400
    assert secretary.patch(f"/posts/challenges/{pk}", {"title": "降低直流电耗"}).json()["title"] == "降低直流电耗"
    applied = member.post(f"/posts/challenges/{pk}/applications", {"plan": "优化下料", "team_name": "一组"})
    assert applied.status_code == 201 and applied.json()["applicant"] == company["person_a"].employee_no
    assert member.post(f"/posts/challenges/{pk}/applications", {"plan": "again"}).status_code == 409
    assert secretary.post(f"/posts/challenges/{pk}/applications", {"plan": "p"}).status_code == 403  # no person
    assert secretary.patch(f"/posts/challenges/{pk}/application", {"plan": "p"}).status_code == 404  # none of theirs
    changed = member.patch(f"/posts/challenges/{pk}/application", {"plan": "优化下料与换极"})
    assert changed.status_code == 200 and changed.json()["plan"] == "优化下料与换极"
    detail = member.get(f"/posts/challenges/{pk}").json()
    assert [a["plan"] for a in detail["applications"]] == ["优化下料与换极"]
    assert member.delete(f"/posts/challenges/{pk}/application").status_code == 204
    assert not ChallengeApplication.objects.exists()
    cancelled = secretary.post(f"/posts/challenges/{pk}/cancel", {})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert secretary.post(f"/posts/challenges/{pk}/cancel", {}).status_code == 409
    assert OpenChallenge.objects.get(pk=pk).status == "cancelled"
    actions = list(
        AuditLog.objects.filter(object_type__in=["posts.openchallenge", "posts.challengeapplication"])
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "create", "update", "delete", "update"]
    assert member.get("/posts/challenges").json()["count"] == 1
