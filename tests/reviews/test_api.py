"""GET/POST /api/v1/projects/{id}/reviews and GET /api/v1/projects/rag: shapes, writes through the services (201/200,
400/403/404/409 and nothing changed), scope, paging, flat query counts."""

import datetime as dt
from decimal import Decimal as D

import pytest

from dangjian.projects.projects.models import State
from dangjian.projects.reviews.models import ProjectReview
from tests.api.conftest import ApiClient
from tests.projects.factories import GoalFactory, ProjectFactory, TaskFactory
from tests.reviews.conftest import make_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, logins):
    def make(who):
        caller = ApiClient(client, logins[who] if who else None)
        caller.headers["HTTP_ACCEPT_LANGUAGE"] = "en"
        return caller

    return make


def body(goals, **fields):
    return {
        "month": "2022-03",
        "narrative": "电流效率稳步提升",
        "held_at": "3月支委会",
        "actuals": [{"goal": goals["entered"].pk, "value": "3"}],
        **fields,
    }


def test_write_then_change_then_submit(api, project, goals, smelter_march):
    path = f"/projects/{project.pk}/reviews"
    response = api("secretary").post(path, body(goals))
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["month"], data["status"], data["held_at"], data["written_by"]) == (
        "2022-03",
        "draft",
        "3月支委会",
        "r_sec",
    )
    actuals = {a["goal"]: a for a in data["actuals"]}
    assert actuals[goals["entered"].pk]["value"] == "3" and actuals[goals["entered"].pk]["source"] == "entered"
    series = actuals[goals["series"].pk]
    assert series["value"] == "92.2" and series["source"] == "series" and "weighted by 铝产量" in series["computation"]

    response = api("secretary").post(path, body(goals, problems="阳极效应偏多", actuals=[]))
    assert response.status_code == 200 and response.json()["problems"] == "阳极效应偏多"
    assert {a["goal"] for a in response.json()["actuals"]} == {goals["entered"].pk, goals["series"].pk}

    response = api("secretary").post(path, body(goals, submit=True))
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    refused = api("secretary").post(path, body(goals))
    assert refused.status_code == 409 and "can no longer be changed" in refused.json()["message"]

    listed = api("member").get(path)
    assert listed.status_code == 200 and [r["month"] for r in listed.json()] == ["2022-03"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"month": "2022-13"}, "month"),
        ({"month": "03/2022"}, "month"),
        ({"month": "2023-01"}, "month"),
        ({"actuals": [{"goal": 0, "value": "1"}]}, "actuals"),
        ({"actuals": [{"goal": "SERIES", "value": "93"}]}, "actuals"),
        ({"actuals": [{"goal": "ENTERED", "value": "1"}, {"goal": "ENTERED", "value": "2"}]}, "actuals"),
        ({"actuals": [{"goal": "ENTERED", "value": "abc"}]}, "actuals.0.value"),
        ({"status": "submitted"}, "status"),
        ({"submit": True, "actuals": []}, "actuals"),
    ],
)
def test_bad_input_is_400_and_writes_nothing(api, project, goals, change, field):
    ids = {"SERIES": goals["series"].pk, "ENTERED": goals["entered"].pk}
    for row in change.get("actuals", []):
        row["goal"] = ids.get(row["goal"], row["goal"])
    response = api("secretary").post(f"/projects/{project.pk}/reviews", body(goals, **change))
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert not ProjectReview.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("member", 403), ("committee", 403), ("other", 404), (None, 401)])
def test_writes_refused(api, project, goals, who, status):
    response = api(who).post(f"/projects/{project.pk}/reviews", body(goals))
    assert response.status_code == status
    assert not ProjectReview.objects.exists()


def test_project_not_running_is_409(api, project, goals):
    project.state = State.PROPOSED
    project.save()
    assert api("secretary").post(f"/projects/{project.pk}/reviews", body(goals)).status_code == 409


def test_list_out_of_scope(api, project):
    assert api("other").get(f"/projects/{project.pk}/reviews").status_code == 404
    assert api(None).get(f"/projects/{project.pk}/reviews").status_code == 401


# --- RAG ------------------------------------------------------------------------------------------------------------


def test_rag_for_a_month(api, project, goals, company):
    make_review(project, dt.date(2022, 1, 1), actuals={goals["series"]: D("92.15"), goals["entered"]: D("1")})
    make_review(project, dt.date(2022, 2, 1), actuals={goals["series"]: D("92.1"), goals["entered"]: D("2")})
    ProjectFactory(owner=company["branch_b"], state=State.IN_PROGRESS)
    response = api("secretary").get("/projects/rag", month="2022-03", org="BA")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["count"] == 1
    (item,) = data["items"]
    assert (item["project"], item["owner"], item["as_of"]) == (project.pk, "BA", "2022-04-01")
    # judged on 2022-04-01: February's 92.1 against 92.18333… (−0.1667 → amber); March missing; the task due 03-31
    # one day overdue
    assert item["rag"] == "amber" and item["review_month"] == "2022-02" and item["missing_months"] == ["2022-03"]
    assert [(f["level"], f["kind"]) for f in item["flags"]] == [
        ("amber", "goal"),
        ("amber", "task"),
        ("amber", "review"),
    ]
    goal = item["goals"][0]
    assert (goal["actual"], goal["expected"], goal["deviation"], goal["level"]) == (
        "92.1",
        "92.1833",
        "-0.1667",
        "amber",
    )
    # February itself (judged on 2022-03-01): February's review is there, the goal still amber, no task overdue yet
    february = api("secretary").get("/projects/rag", month="2022-02").json()["items"][0]
    assert february["rag"] == "amber" and february["missing_months"] == []
    assert [f["kind"] for f in february["flags"]] == ["goal"]


def test_rag_scope_and_filters(api, project, company):
    other = ProjectFactory(owner=company["branch_b"], state=State.IN_PROGRESS, title="发电节能项目")
    ProjectFactory(owner=company["branch_a"], state=State.ACCEPTED)
    assert [i["project"] for i in api("secretary").get("/projects/rag").json()["items"]] == [project.pk]
    assert [i["project"] for i in api("other").get("/projects/rag").json()["items"]] == [other.pk]
    assert {i["project"] for i in api("office").get("/projects/rag").json()["items"]} == {project.pk, other.pk}
    assert api("member").get("/projects/rag", org="BB").json() == {"count": 0, "items": []}
    assert "发电节能项目" not in api("member").get("/projects/rag").content.decode()


@pytest.mark.parametrize("month", ["2022-13", "2099-01"])
def test_rag_bad_month(api, project, month):
    response = api("secretary").get("/projects/rag", month=month)
    assert response.status_code == 400 and "month" in response.json()["errors"]


@pytest.mark.parametrize("n", [3, 30])
def test_rag_paging_and_flat_queries(api, company, django_assert_max_num_queries, n):
    for _ in range(n):
        p = ProjectFactory(owner=company["branch_a"], state=State.IN_PROGRESS)
        g = GoalFactory(project=p)
        TaskFactory(project=p, due_on=dt.date(2022, 2, 1))
        make_review(p, dt.date(2022, 1, 1), actuals={g: D("92.2")})
    caller = api("office")
    with django_assert_max_num_queries(9):
        response = caller.get("/projects/rag", month="2022-02")
    assert response.json()["count"] == n and len(response.json()["items"]) == n
    page = caller.get("/projects/rag", month="2022-02", limit=2, offset=1).json()
    assert page["count"] == n and len(page["items"]) == 2


@pytest.mark.parametrize("n", [3, 30])
def test_review_list_flat_queries(api, company, django_assert_max_num_queries, n):
    p = ProjectFactory(
        owner=company["branch_a"], state=State.IN_PROGRESS, starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2022, 12, 31)
    )
    goals = [GoalFactory(project=p) for _ in range(2)]
    for i in range(n):
        make_review(p, dt.date(2020 + i // 12, i % 12 + 1, 1), actuals={g: D("1") for g in goals})
    caller = api("member")
    with django_assert_max_num_queries(8):
        response = caller.get(f"/projects/{p.pk}/reviews")
    assert len(response.json()) == n and len(response.json()[0]["actuals"]) == 2
