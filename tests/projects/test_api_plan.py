"""A project's measures, sub-plans, tasks and rules revised through the API: the same services, permission, scope and
state rules as the project's pages, an audit row for each write."""

import datetime as dt

import pytest

from dangjian.core.models import AuditLog
from dangjian.projects.projects.models import Measure, RuleRevision, State, SubPlan, Task
from tests.api.conftest import ApiClient
from tests.factories import PartyOrgFactory, PersonFactory
from tests.projects.factories import MeasureFactory, ProjectFactory, RuleRevisionFactory, SubPlanFactory, TaskFactory


@pytest.fixture
def api(client, logins):
    return lambda name: ApiClient(client, logins[name] if name else None)


# (path word, model, a valid body, a PATCH body, the field the PATCH changes)
SECTIONS = [
    ("measures", Measure, {"text": "成立党员攻坚小组"}, {"text": "六不能一切换"}, "text"),
    ("sub-plans", SubPlan, {"title": "热平衡子方案", "content": "每班测温"}, {"title": "换极子方案"}, "title"),
    ("tasks", Task, {"title": "换极作业标准化", "due_on": "2022-06-30"}, {"title": "槽况巡检"}, "title"),
    ("rule-revisions", RuleRevision, {"title": "换极作业标准", "kind": "new"}, {"title": "巡检制度"}, "title"),
]
FACTORIES = {Measure: MeasureFactory, SubPlan: SubPlanFactory, Task: TaskFactory, RuleRevision: RuleRevisionFactory}


@pytest.fixture
def other_company(db):
    root = PartyOrgFactory(code="XROOT", name="外公司党委", kind="committee")
    return {"root": root, "branch": PartyOrgFactory(code="XB", name="外公司党支部", parent=root)}


def audits(model, action) -> int:
    return AuditLog.objects.filter(object_type=model._meta.label_lower, action=action).count()


@pytest.mark.parametrize(("word", "model", "body", "patch", "field"), SECTIONS)
def test_add_change_remove_with_audit(api, make_project, word, model, body, patch, field):
    project = make_project()
    sec = api("sec_owner")
    response = sec.post(f"/projects/{project.pk}/{word}", body)
    assert response.status_code == 201, response.content
    row_id = response.json()["id"]
    row = model.objects.get(pk=row_id, project=project)
    assert getattr(row, field) == body[field]
    assert audits(model, "create") == 1
    response = sec.patch(f"/projects/{project.pk}/{word}/{row_id}", patch)
    assert response.status_code == 200, response.content
    assert response.json()[field] == patch[field]
    row.refresh_from_db()
    assert getattr(row, field) == patch[field]
    assert audits(model, "update") == 1
    listed = sec.get(f"/projects/{project.pk}/{word}").json()
    assert [r["id"] for r in listed] == [row_id]
    assert sec.delete(f"/projects/{project.pk}/{word}/{row_id}").status_code == 204
    assert not model.objects.filter(pk=row_id).exists()
    assert audits(model, "delete") == 1


def test_owner_is_named_by_employee_number_in_scope(api, orgs, make_project):
    project = make_project()
    sec = api("sec_owner")
    response = sec.post(f"/projects/{project.pk}/measures", {"text": "x", "owner": orgs["person_c"].employee_no})
    assert response.status_code == 201, response.content
    assert response.json()["owner"] == orgs["person_c"].employee_no
    outsider = PersonFactory(branch=orgs["branch_b"])
    response = sec.post(f"/projects/{project.pk}/tasks", {"title": "y", "owner": outsider.employee_no})
    assert response.status_code == 400
    assert "owner" in response.json()["errors"]
    assert not Task.objects.filter(project=project, title="y").exists()


@pytest.mark.parametrize(("word", "model", "body", "patch", "field"), SECTIONS[:3])
def test_plan_rows_are_locked_after_submission(api, make_project, word, model, body, patch, field):
    """Measures, sub-plans and tasks change only while the plan is proposed or returned — as on the edit page."""
    project = make_project(state=State.APPROVED)
    row = FACTORIES[model](project=project)
    before = AuditLog.objects.count()
    sec = api("sec_owner")
    response = sec.post(f"/projects/{project.pk}/{word}", body)
    assert response.status_code == 409, response.content
    assert "立项或退回" in response.json()["message"]
    assert sec.patch(f"/projects/{project.pk}/{word}/{row.pk}", patch).status_code == 409
    assert sec.delete(f"/projects/{project.pk}/{word}/{row.pk}").status_code == 409
    assert model.objects.filter(project=project).count() == 1
    assert AuditLog.objects.count() == before


def test_rules_revised_while_running_but_not_after_acceptance(api, make_project):
    running = make_project(state=State.IN_PROGRESS)
    sec = api("sec_owner")
    response = sec.post(f"/projects/{running.pk}/rule-revisions", {"title": "换极作业标准", "on": "2022-04-01"})
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "revised"
    rule_id = response.json()["id"]
    assert sec.patch(f"/projects/{running.pk}/rule-revisions/{rule_id}", {"kind": "new"}).json()["kind"] == "new"
    accepted = make_project(state=State.ACCEPTED)
    rule = RuleRevisionFactory(project=accepted)
    assert sec.post(f"/projects/{accepted.pk}/rule-revisions", {"title": "z"}).status_code == 409
    assert sec.patch(f"/projects/{accepted.pk}/rule-revisions/{rule.pk}", {"title": "z"}).status_code == 409
    assert sec.delete(f"/projects/{accepted.pk}/rule-revisions/{rule.pk}").status_code == 409
    assert RuleRevision.objects.filter(project=accepted, title="z").count() == 0


@pytest.mark.parametrize(("who", "status"), [("leader", 403), ("committee", 403), ("sec_other", 404)])
@pytest.mark.parametrize(("word", "model", "body", "patch", "field"), SECTIONS)
def test_readers_403_and_other_branches_404(api, make_project, who, status, word, model, body, patch, field):
    project = make_project()
    row = FACTORIES[model](project=project)
    before = AuditLog.objects.count()
    client = api(who)
    assert client.post(f"/projects/{project.pk}/{word}", body).status_code == status
    assert client.patch(f"/projects/{project.pk}/{word}/{row.pk}", patch).status_code == status
    assert client.delete(f"/projects/{project.pk}/{word}/{row.pk}").status_code == status
    assert model.objects.filter(project=project).count() == 1
    assert AuditLog.objects.count() == before


def test_a_row_of_another_project_is_404(api, orgs, make_project):
    project = make_project()
    other = make_project()
    row = MeasureFactory(project=other)
    sec = api("sec_owner")
    assert sec.patch(f"/projects/{project.pk}/measures/{row.pk}", {"text": "x"}).status_code == 404
    assert sec.delete(f"/projects/{project.pk}/measures/{row.pk}").status_code == 404
    assert Measure.objects.filter(pk=row.pk).exists()


def test_another_company_is_404(api, make_project, other_company):
    foreign = ProjectFactory(owner=other_company["branch"])
    before = AuditLog.objects.count()
    office = api("office")
    assert office.post(f"/projects/{foreign.pk}/tasks", {"title": "x"}).status_code == 404
    assert office.get(f"/projects/{foreign.pk}/measures").status_code == 404
    assert AuditLog.objects.count() == before


def test_bad_input_is_400_naming_the_field(api, make_project):
    project = make_project()
    sec = api("sec_owner")
    response = sec.post(f"/projects/{project.pk}/measures", {"text": ""})
    assert response.status_code == 400
    assert "text" in response.json()["errors"]
    response = sec.post(f"/projects/{project.pk}/rule-revisions", {"title": "x", "kind": "rewritten"})
    assert response.status_code == 400 and "kind" in response.json()["errors"]
    response = sec.post(f"/projects/{project.pk}/tasks", {"title": "x", "colour": "red"})
    assert response.status_code == 400 and "colour" in response.json()["errors"]
    task = TaskFactory(project=project)
    response = sec.patch(f"/projects/{project.pk}/tasks/{task.pk}", {"title": None})
    assert response.status_code == 400 and "title" in response.json()["errors"]
    assert not project.measures.exists()


def test_task_reported_done_while_running(api, make_project):
    project = make_project(state=State.IN_PROGRESS)
    task = TaskFactory(project=project)
    sec = api("sec_owner")
    url = f"/projects/{project.pk}/tasks/{task.pk}/report"
    response = sec.post(url, {"done_on": "2022-05-01"})
    assert response.status_code == 400 and "evidence" in response.json()["errors"]
    response = sec.post(url, {"done_on": "2022-05-01", "evidence": "标准已下发"})
    assert response.status_code == 200, response.content
    assert response.json()["done_on"] == "2022-05-01"
    assert Task.objects.get(pk=task.pk).done_on == dt.date(2022, 5, 1)
    assert audits(Task, "update") == 1
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    assert sec.post(url, {"done_on": tomorrow, "evidence": "x"}).status_code == 400
    assert api("leader").post(url, {"done_on": None}).status_code == 403
    proposed = make_project()
    early = TaskFactory(project=proposed)
    response = sec.post(f"/projects/{proposed.pk}/tasks/{early.pk}/report", {"done_on": "2022-05-01", "evidence": "x"})
    assert response.status_code == 409
    assert Task.objects.get(pk=early.pk).done_on is None


def test_anonymous_is_401(api, make_project):
    project = make_project()
    assert api(None).post(f"/projects/{project.pk}/measures", {"text": "x"}).status_code == 401
