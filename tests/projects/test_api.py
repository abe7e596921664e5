"""The projects API: transitions 200/403/409/400, lists with filters and scope, create, patch, goals."""

from decimal import Decimal

import pytest

from dangjian.core.models import AuditLog
from dangjian.projects.projects.models import Goal, Project, ProjectTransition
from tests.api.conftest import ApiClient
from tests.projects.factories import GoalFactory, MeasureFactory, ProjectFactory, TaskFactory


@pytest.fixture
def api(client, logins):
    return lambda name: ApiClient(client, logins[name] if name else None)


def test_transition_moves_and_answers_the_new_state(api, make_project):
    project = make_project()
    response = api("sec_owner").post(f"/projects/{project.pk}/transitions", {"action": "submit", "comment": ""})
    assert response.status_code == 200, response.content
    assert response.json() == {"id": project.pk, "state": "submitted", "allowed_actions": ["cancel"]}
    response = api("sec_parent").post(f"/projects/{project.pk}/transitions", {"action": "approve"})
    assert response.json()["state"] == "approved"
    assert response.json()["allowed_actions"] == ["start", "cancel"]


@pytest.mark.parametrize(
    ("who", "state", "action", "status"),
    [
        ("sec_owner", "submitted", "approve", 403),  # the owner cannot approve its own project
        ("member", "proposed", "submit", 403),
        ("panel", "inspected", "accept", 403),
        ("sec_owner", "approved", "submit", 409),  # not a move from approved
        ("office", "rated", "cancel", 409),
        ("office", "submitted", "return", 400),  # a reason is required
        ("sec_other", "proposed", "submit", 404),  # another branch's project is not there for them
    ],
)
def test_refused_transitions_change_nothing(api, make_project, who, state, action, status):
    project = make_project(state=state)
    audit_rows = AuditLog.objects.count()
    response = api(who).post(f"/projects/{project.pk}/transitions", {"action": action, "comment": ""})
    assert response.status_code == status, response.content
    assert response.json()["message"]
    project.refresh_from_db()
    assert project.state == state
    assert not ProjectTransition.objects.filter(project=project).exists()
    assert AuditLog.objects.count() == audit_rows


def test_unknown_action_is_a_400(api, make_project):
    project = make_project()
    response = api("office").post(f"/projects/{project.pk}/transitions", {"action": "finish"})
    assert response.status_code == 400
    assert "action" in response.json()["errors"]


def test_anonymous_gets_401(api, make_project):
    project = make_project()
    assert api(None).post(f"/projects/{project.pk}/transitions", {"action": "submit"}).status_code == 401


def test_list_filters_and_scope(api, orgs, make_project):
    make_project(title="本质安全", domain="safety_env", year=2021, starts_on="2021-01-01", ends_on="2021-12-31")
    make_project(title="电流效率", domain="production")
    ProjectFactory(owner=orgs["branch_b"], title="发电节支")
    office = api("office")
    assert office.get("/projects").json()["count"] == 3
    assert [p["title"] for p in office.get("/projects", domain="safety_env").json()["items"]] == ["本质安全"]
    assert office.get("/projects", year=2022).json()["count"] == 2
    assert office.get("/projects", org="GB").json()["count"] == 2
    assert office.get("/projects", org="BB").json()["count"] == 1
    assert office.get("/projects", state="approved").json()["count"] == 0
    titles = {p["title"] for p in api("sec_owner").get("/projects").json()["items"]}
    assert titles == {"本质安全", "电流效率"}
    assert api("sec_owner").get("/projects", org="BB").json()["count"] == 0
    assert api("sec_other").get("/projects").json()["count"] == 0


def test_detail_has_the_plan_and_history(api, make_project):
    project = make_project()
    MeasureFactory(project=project, text="成立攻坚小组")
    TaskFactory(project=project, title="换极作业标准化")
    body = api("sec_owner").get(f"/projects/{project.pk}").json()
    assert Decimal(body["goals"][0]["baseline"]) == Decimal("92.1")
    assert body["measures"][0]["text"] == "成立攻坚小组"
    assert body["tasks"][0]["title"] == "换极作业标准化"
    assert body["allowed_actions"] == ["submit", "cancel"]
    assert api("member").get(f"/projects/{project.pk}").json()["allowed_actions"] == []
    assert api("sec_other").get(f"/projects/{project.pk}").status_code == 404


def test_create_with_generated_code_and_members(api, orgs):
    payload = {
        "owner": "BC",
        "title": "党建+提高电流效率",
        "domain": "production",
        "year": 2022,
        "starts_on": "2022-01-01",
        "ends_on": "2022-12-31",
        "secretary": orgs["person_c"].employee_no,
        "members": [{"employee_no": orgs["person_c"].employee_no, "role": "leader"}],
    }
    response = api("sec_owner").post("/projects", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] == "ROOT-2022-001"
    assert body["state"] == "proposed"
    assert body["members"] == [{"employee_no": orgs["person_c"].employee_no, "name": "陈刚", "role": "leader"}]
    assert AuditLog.objects.filter(object_type="projects.project", action="create").count() == 1


@pytest.mark.parametrize(("who", "owner", "status"), [("sec_other", "BC", 400), ("member", "BC", 403)])
def test_create_refused(api, orgs, who, owner, status):
    payload = {
        "owner": owner,
        "title": "x",
        "domain": "cost",
        "year": 2022,
        "starts_on": "2022-01-01",
        "ends_on": "2022-12-31",
    }
    assert api(who).post("/projects", payload).status_code == status
    assert not Project.objects.exists()


def test_create_checks_period_and_custom_domain(api):
    payload = {
        "owner": "BC",
        "title": "x",
        "domain": "custom",
        "year": 2022,
        "starts_on": "2022-06-01",
        "ends_on": "2022-01-01",
    }
    response = api("sec_owner").post("/projects", payload)
    assert response.status_code == 400
    assert set(response.json()["errors"]) & {"ends_on", "custom_domain"}


def test_patch_only_while_proposed_or_returned(api, make_project):
    project = make_project()
    response = api("sec_owner").patch(f"/projects/{project.pk}", {"title": "新标题", "problem": None})
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "新标题"
    assert response.json()["problem"] == ""
    running = make_project(state="in_progress")
    response = api("sec_owner").patch(f"/projects/{running.pk}", {"title": "改不了"})
    assert response.status_code == 409
    assert Project.objects.get(pk=running.pk).title != "改不了"
    assert api("member").patch(f"/projects/{project.pk}", {"title": "y"}).status_code == 403
    assert api("sec_owner").patch(f"/projects/{project.pk}", {"title": None}).status_code == 400


def test_goals_crud(api, make_project):
    project = make_project()
    sec = api("sec_owner")
    body = {
        "indicator_name": "偏离电压",
        "unit_of_measure": "mV",
        "baseline": "30",
        "target": "17.5",
        "direction": "lower",
    }
    response = sec.post(f"/projects/{project.pk}/goals", body)
    assert response.status_code == 201, response.content
    goal_id = response.json()["id"]
    assert len(sec.get(f"/projects/{project.pk}/goals").json()) == 2
    response = sec.patch(f"/projects/{project.pk}/goals/{goal_id}", {"target": "40"})
    assert response.status_code == 400  # lower is better: the target cannot be above the baseline
    response = sec.patch(f"/projects/{project.pk}/goals/{goal_id}", {"benchmark": "15"})
    assert response.status_code == 200
    assert float(response.json()["benchmark"]) == 15
    assert sec.delete(f"/projects/{project.pk}/goals/{goal_id}").status_code == 204
    assert not Goal.objects.filter(pk=goal_id).exists()


def test_goals_locked_after_approval_and_hidden_out_of_scope(api, make_project):
    project = make_project(state="approved")
    goal = project.goals.get()
    assert api("sec_owner").patch(f"/projects/{project.pk}/goals/{goal.pk}", {"target": "99"}).status_code == 409
    assert api("sec_owner").delete(f"/projects/{project.pk}/goals/{goal.pk}").status_code == 409
    assert api("sec_other").get(f"/projects/{project.pk}/goals").status_code == 404
    other = GoalFactory()
    assert api("office").patch(f"/projects/{project.pk}/goals/{other.pk}", {"target": "99"}).status_code == 404


def test_series_goal_needs_indicator_and_unit(api, make_project):
    project = make_project()
    body = {"indicator_name": "电流效率", "baseline": "92.1", "target": "92.6", "source": "series"}
    response = api("sec_owner").post(f"/projects/{project.pk}/goals", body)
    assert response.status_code == 400
    assert "indicator" in response.json()["errors"]


def test_create_defaults_the_secretary_to_the_owners_secretary_seat(api, orgs):
    from dangjian.org.models import CommitteeSeat

    CommitteeSeat.objects.create(org=orgs["branch_c"], person=orgs["person_c"], role="secretary")
    payload = {
        "owner": "BC",
        "code": "X-1",
        "title": "党建+节支创效",
        "domain": "cost",
        "year": 2022,
        "starts_on": "2022-01-01",
        "ends_on": "2022-12-31",
    }
    body = api("sec_owner").post("/projects", payload).json()
    assert body["secretary"] == orgs["person_c"].employee_no
