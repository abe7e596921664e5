"""Project pages × roles: list, detail, create, edit, transitions from the page, tasks, results, stats, export;
query counts stay flat as projects grow."""

import datetime as dt
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.core.models import AuditLog
from dangjian.projects.projects.models import Goal, Project, ProjectTransition, State, Task
from tests.factories import PersonFactory
from tests.projects.conftest import LOGINS
from tests.projects.factories import (
    GoalFactory,
    MeasureFactory,
    ProjectFactory,
    RuleRevisionFactory,
    SubPlanFactory,
    TaskFactory,
)

ROLES = list(LOGINS)


@pytest.fixture
def browse(logins):
    def make(name):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(logins[name])
        return client

    return make


def full_project(owner, n_rows=3, **fields):
    project = ProjectFactory(owner=owner, **fields)
    for _ in range(n_rows):
        GoalFactory(project=project)
        MeasureFactory(project=project, owner=PersonFactory(branch=owner))
        SubPlanFactory(project=project)
        TaskFactory(project=project, owner=PersonFactory(branch=owner))
        RuleRevisionFactory(project=project)
    return project


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_only_projects_in_scope(browse, orgs, role):
    ProjectFactory(owner=orgs["branch_c"], title="电解三车间项目")
    ProjectFactory(owner=orgs["branch_b"], title="发电项目")
    response = browse(role).get(reverse("projects:list"))
    assert response.status_code == 200
    body = response.content.decode()
    sees_c = role != "sec_other"
    sees_b = role in {"office", "sec_root", "panel", "leader"}
    assert ("电解三车间项目" in body) == sees_c
    assert ("发电项目" in body) == sees_b
    assert ("Propose a project" in body) == (role in {"office", "sec_owner", "sec_parent", "sec_root", "sec_other"})


def test_list_filters_and_htmx(browse, orgs):
    ProjectFactory(owner=orgs["branch_c"], title="本质安全", domain="safety_env")
    ProjectFactory(owner=orgs["branch_c"], title="降本增效", domain="cost")
    client = browse("office")
    body = client.get(reverse("projects:list"), {"domain": "cost"}).content.decode()
    assert "降本增效" in body and "本质安全" not in body
    response = client.get(reverse("projects:list"), {"org": "BB"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert "No projects match." in response.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_is_flat(browse, orgs, django_assert_max_num_queries, rows):
    for _ in range(rows):
        full_project(orgs["branch_c"], n_rows=1)
    client = browse("office")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("projects:list")).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_detail_query_count_is_flat(browse, orgs, django_assert_max_num_queries, rows):
    project = full_project(orgs["branch_c"], n_rows=rows, state=State.IN_PROGRESS)
    client = browse("sec_owner")
    # 14 for the project page itself, 1 for its acceptance result, 2 for its monthly reviews (reviews, actual values),
    # 2 for its measured effect (the project in scope, its goals read from production data)
    with django_assert_max_num_queries(19):
        response = client.get(reverse("projects:detail", args=[project.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_detail_offers_only_the_moves_of_the_user(browse, make_project, role):
    project = make_project(state=State.SUBMITTED)
    response = browse(role).get(reverse("projects:detail", args=[project.pk]))
    if role == "sec_other":
        assert response.status_code == 404
        return
    body = response.content.decode()
    approves = role in {"office", "sec_parent", "sec_root"}
    assert ('data-testid="action-approve"' in body) == approves
    assert ('data-testid="action-return"' in body) == approves
    assert ('data-testid="action-cancel"' in body) == (role in {"office", "sec_owner", "sec_parent", "sec_root"})
    assert 'data-testid="action-submit"' not in body
    assert 'data-testid="edit"' not in body  # submitted: the plan is locked


def test_transition_from_the_page(browse, make_project):
    project = make_project()
    response = browse("sec_owner").post(reverse("projects:transition", args=[project.pk]), {"action": "submit"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.state == State.SUBMITTED
    # returning needs a reason: the page comes back with the message and nothing changes
    response = browse("sec_parent").post(reverse("projects:transition", args=[project.pk]), {"action": "return"})
    assert response.status_code == 400
    assert "Give the reason" in response.content.decode()
    project.refresh_from_db()
    assert project.state == State.SUBMITTED
    response = browse("sec_parent").post(
        reverse("projects:transition", args=[project.pk]), {"action": "return", "comment": "目标偏低"}
    )
    assert response.status_code == 302
    body = browse("sec_owner").get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "目标偏低" in body


@pytest.mark.parametrize(
    ("role", "action", "status"), [("member", "submit", 403), ("sec_owner", "rate", 409), ("sec_other", "submit", 404)]
)
def test_refused_transition_from_the_page_changes_nothing(browse, make_project, role, action, status):
    project = make_project()
    client = browse(role)
    audit_rows = AuditLog.objects.count()
    response = client.post(reverse("projects:transition", args=[project.pk]), {"action": action, "comment": "x"})
    assert response.status_code == status
    project.refresh_from_db()
    assert project.state == State.PROPOSED
    assert not ProjectTransition.objects.exists()
    assert AuditLog.objects.count() == audit_rows


def _management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "200",
    }


def test_create_then_edit_the_plan(browse, orgs):
    client = browse("sec_owner")
    page = client.get(reverse("projects:create"))
    assert page.status_code == 200
    # Proposed for the year it is proposed in unless changed: one box less to type.
    assert f'name="year" value="{timezone.localdate().year}"' in page.content.decode()
    data = {
        "owner": orgs["branch_c"].pk,
        "code": "",
        "title": "党建+提高电流效率",
        "domain": "production",
        "custom_domain": "",
        "year": "2022",
        "starts_on": "2022-01-01",
        "ends_on": "2022-12-31",
        "problem": "电流效率低",
        "rationale": "",
        **_management("goals", total=2),
        "goals-0-indicator_name": "电流效率",
        "goals-0-unit_of_measure": "%",
        "goals-0-baseline": "92.1",
        "goals-0-target": "92.6",
        "goals-0-benchmark": "93",
        "goals-0-direction": "higher",
        "goals-0-order": "0",
        "goals-1-direction": "higher",
        "goals-1-order": "0",
    }
    response = client.post(reverse("projects:create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    project = Project.objects.get()
    assert project.code == "ROOT-2022-001"
    assert list(project.goals.values_list("indicator_name", flat=True)) == ["电流效率"]
    assert response["Location"] == reverse("projects:edit", args=[project.pk])

    edit = client.get(response["Location"])
    assert edit.status_code == 200
    # the step after 立项 is in reach on the plan's page, and the name lists can be searched
    page = edit.content.decode()
    assert 'data-testid="save-and-submit"' in page
    assert page.count("data-filter=") == 3 and "js/picker-filter.js" in page
    person = orgs["person_c"]
    goal = project.goals.get()
    data = {
        "code": project.code,
        "title": "党建+提高电流效率（修订）",
        "domain": "production",
        "custom_domain": "",
        "year": "2022",
        "starts_on": "2022-01-01",
        "ends_on": "2022-12-31",
        "secretary": person.pk,
        "leaders": [person.pk],
        "problem": "电流效率低",
        "rationale": "对标行业标杆",
        **_management("goals", total=1, initial=1),
        "goals-0-id": goal.pk,
        "goals-0-indicator_name": "电流效率",
        "goals-0-unit_of_measure": "%",
        "goals-0-baseline": "92.1",
        "goals-0-target": "92.7",
        "goals-0-benchmark": "93",
        "goals-0-direction": "higher",
        "goals-0-order": "0",
        **_management("measures", total=1),
        "measures-0-text": "成立攻坚小组",
        "measures-0-owner": person.pk,
        "measures-0-order": "1",
        **_management("sub_plans"),
        **_management("tasks", total=1),
        "tasks-0-title": "换极作业标准化",
        "tasks-0-due_on": "2022-06-30",
        "tasks-0-order": "0",
        **_management("rule_revisions"),
    }
    response = client.post(reverse("projects:edit", args=[project.pk]), {**data, "then": "submit"})
    assert response.status_code == 302, response.content.decode()[:3000]
    project.refresh_from_db()
    assert project.state == State.SUBMITTED
    assert project.title.endswith("（修订）")
    assert project.secretary == person
    assert list(project.memberships.values_list("person", "role")) == [(person.pk, "leader")]
    assert str(Goal.objects.get(pk=goal.pk).target) == "92.7000"
    assert project.measures.get().owner == person
    assert project.tasks.get().title == "换极作业标准化"


def test_edit_refused_after_submission_and_for_readers(browse, make_project):
    project = make_project(state=State.SUBMITTED)
    response = browse("sec_owner").get(reverse("projects:edit", args=[project.pk]))
    assert response.status_code == 302
    proposed = make_project()
    assert browse("committee").get(reverse("projects:edit", args=[proposed.pk])).status_code == 403
    assert browse("sec_other").get(reverse("projects:edit", args=[proposed.pk])).status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_edit_page_query_count_is_flat(browse, orgs, django_assert_max_num_queries, rows):
    project = full_project(orgs["branch_c"], n_rows=rows)
    client = browse("sec_owner")
    with django_assert_max_num_queries(25):
        assert client.get(reverse("projects:edit", args=[project.pk])).status_code == 200


def test_create_refused_for_readers(browse):
    assert browse("member").get(reverse("projects:create")).status_code == 403
    assert browse("leader").get(reverse("projects:create")).status_code == 403


def test_task_done_with_evidence(browse, make_project):
    project = make_project(state=State.IN_PROGRESS)
    task = TaskFactory(project=project)
    url = reverse("projects:task_report", args=[project.pk, task.pk])
    client = browse("sec_owner")
    assert 'data-testid="task-form"' in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    # done without evidence is refused
    response = client.post(url, {"done_on": "2022-05-01", "evidence": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert not Task.objects.get(pk=task.pk).done_on
    response = client.post(url, {"done_on": "2022-05-01", "evidence": "已完成标准化培训"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "已完成标准化培训" in response.content.decode()
    assert Task.objects.get(pk=task.pk).done_on == dt.date(2022, 5, 1)
    assert browse("member").post(url, {"done_on": "2022-05-02", "evidence": "x"}).status_code == 403


def test_task_evidence_file_is_served_only_in_scope(browse, make_project, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    project = make_project(state=State.IN_PROGRESS)
    task = TaskFactory(project=project)
    upload = SimpleUploadedFile("记录.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    url = reverse("projects:task_report", args=[project.pk, task.pk])
    assert browse("sec_owner").post(url, {"done_on": "2022-05-01", "evidence_file": upload}).status_code == 302
    evidence = reverse("projects:task_evidence", args=[project.pk, task.pk])
    response = browse("member").get(evidence)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 evidence"
    assert browse("sec_other").get(evidence).status_code == 404


def test_tasks_cannot_be_reported_before_approval(browse, make_project):
    project = make_project()
    task = TaskFactory(project=project)
    url = reverse("projects:task_report", args=[project.pk, task.pk])
    response = browse("sec_owner").post(url, {"done_on": "2022-05-01", "evidence": "x"})
    assert response.status_code == 409
    assert "approved" in response.content.decode()
    assert not Task.objects.get(pk=task.pk).done_on


def test_results_and_rules_while_running(browse, make_project):
    project = make_project(state=State.IN_PROGRESS)
    client = browse("sec_owner")
    response = client.post(
        reverse("projects:results", args=[project.pk]),
        {"results_summary": "电流效率提高0.5%", "highlights": "攻坚小组"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("projects:rule_add", args=[project.pk]),
        {"rule-title": "换极作业标准", "rule-kind": "new", "rule-on": "2022-04-01", "rule-order": "0"},
    )
    assert response.status_code == 302
    body = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "电流效率提高0.5%" in body and "换极作业标准" in body
    done = make_project(state=State.RATED)
    response = client.post(reverse("projects:results", args=[done.pk]), {"results_summary": "x", "highlights": ""})
    assert response.status_code == 409
    leader = browse("leader")
    assert leader.post(reverse("projects:results", args=[project.pk]), {"results_summary": "y"}).status_code == 403
    assert leader.post(reverse("projects:rule_add", args=[project.pk]), {"rule-title": "z"}).status_code == 403
    assert not project.rule_revisions.filter(title="z").exists()


@pytest.mark.parametrize("rows", [3, 30])
def test_stats_counts_and_flat_queries(browse, orgs, django_assert_max_num_queries, rows):
    for i in range(rows):
        project = full_project(orgs["branch_c"], n_rows=1, domain="cost" if i % 3 else "safety_env")
        if i == 0:
            Task.objects.filter(project=project).update(done_on=dt.date(2022, 3, 1), evidence="x")
            Project.objects.filter(pk=project.pk).update(state=State.RATED)
    ProjectFactory(owner=orgs["branch_b"], domain="cost")
    client = browse("sec_parent")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("projects:stats"))
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats.total.projects == rows  # BB's project is out of scope
    assert stats.total.measures == rows and stats.total.tasks == rows and stats.total.rules == rows
    assert stats.total.tasks_done == 1
    assert {r.key: r.projects for r in stats.by_domain} == {
        "safety_env": 1 + (rows - 1) // 3,
        "cost": rows - 1 - (rows - 1) // 3,
    }
    assert str(stats.total.task_completion) == str(round(100 / rows, 1))
    assert stats.chart["series"][0]["name"] == "2022"


@pytest.mark.parametrize("role", ROLES)
def test_export(browse, orgs, role):
    ProjectFactory(owner=orgs["branch_c"], title="电解三车间项目")
    ProjectFactory(owner=orgs["branch_b"], title="发电项目")
    response = browse(role).get(reverse("projects:export"))
    exports = role not in {"member", "panel"}
    assert response.status_code == (200 if exports else 403)
    if exports:
        sheet = load_workbook(BytesIO(response.content)).active
        titles = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert ("发电项目" in titles) == (role in {"office", "sec_root", "leader"})
        assert AuditLog.objects.filter(action="export", object_type="projects.project").count() == 1


def test_history_names_who_moved_the_project_by_their_name(browse, logins, orgs, make_project):
    """The history shows the person behind the account (陈书记), not the login name; the system stays 系统."""
    from dangjian.projects.projects.services import project_transition

    owner = logins["sec_owner"]
    owner.person = PersonFactory(branch=orgs["branch_c"], member=True, name="陈书记")
    owner.save(update_fields=["person"])
    project = make_project(state="proposed")
    project_transition(actor=owner, project=project, action="submit")
    page = browse("sec_owner").get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "陈书记" in page and owner.username not in page
