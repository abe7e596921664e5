"""Board pages (wall per org, kiosk per project) × roles: in scope, out of scope (404), anonymous (login); the
fragments htmx polls; actual values read from production data; query counts flat as projects grow."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.indicators.models import Indicator, IndicatorValue
from dangjian.org.models import PartyOrg
from tests.boards.conftest import build_project
from tests.factories import account_with_role

D = Decimal


def wall(code, **params):
    return reverse("boards:org", args=[code]), params


def test_wall_shows_the_subtree_projects_of_the_year(browse, leader, company, projects):
    response = browse(leader).get(reverse("boards:org", args=["ROOT"]), {"year": 2022})
    assert response.status_code == 200
    body = response.content.decode()
    for key in ("a1", "a2", "b1"):
        assert projects[key].title in body
    assert projects["old"].title not in body
    assert 'hx-trigger="every 60s"' in body
    assert reverse("boards:org_data", args=["ROOT"]) in body
    assert body.count('data-testid="board-card"') == 3
    # Task progress: one of two tasks done on each card.
    assert body.count('data-testid="task-count">1/2<') == 3


def test_wall_year_defaults_to_the_latest_year_with_projects(browse, leader, projects):
    body = browse(leader).get(reverse("boards:org", args=["BA"])).content.decode()
    assert projects["a1"].title in body and projects["old"].title not in body
    body = browse(leader).get(reverse("boards:org", args=["BA"]), {"year": "2021"}).content.decode()
    assert projects["old"].title in body and projects["a1"].title not in body


def test_wall_walks_the_tree_in_the_org_pages_order(browse, leader, company, projects):
    # BB comes before BA by sort order; GA (inside BA) right after BA's own projects.
    PartyOrg.objects.filter(code="BA").update(sort_order=2)
    PartyOrg.objects.filter(code="BB").update(sort_order=1)
    build_project(company["group_a"], title="甲班党小组项目", code="QN-2022-000")
    body = browse(leader).get(reverse("boards:org", args=["ROOT"]), {"year": 2022}).content.decode()
    order = [projects["b1"].title, projects["a1"].title, projects["a2"].title, "甲班党小组项目"]
    assert [body.index(title) for title in order] == sorted(body.index(title) for title in order)


def test_wall_hides_cancelled_projects(browse, leader, company, projects):
    build_project(company["branch_a"], title="已撤销的项目", state="cancelled")
    body = browse(leader).get(reverse("boards:org", args=["BA"]), {"year": 2022}).content.decode()
    assert "已撤销的项目" not in body


@pytest.mark.parametrize(
    ("who", "code", "status"),
    [
        ("office", "ROOT", 200),
        ("office", "BB", 200),
        ("secretary_a", "BA", 200),
        ("secretary_a", "GA", 200),
        ("secretary_a", "BB", 404),
        ("secretary_a", "ROOT", 404),
        ("member_a", "BA", 200),
        ("member_a", "BB", 404),
        ("leader", "ROOT", 200),
        ("leader", "NOPE", 404),
    ],
)
def test_wall_by_role(request, browse, projects, who, code, status):
    user = request.getfixturevalue(who)
    client = browse(user)
    assert client.get(reverse("boards:org", args=[code])).status_code == status
    assert client.get(reverse("boards:org_data", args=[code]), HTTP_HX_REQUEST="true").status_code == status


def test_wall_of_a_branch_shows_only_what_the_user_may_see(browse, secretary_a, projects):
    body = browse(secretary_a).get(reverse("boards:org", args=["BA"]), {"year": 2022}).content.decode()
    assert projects["a1"].title in body and projects["b1"].title not in body


def test_system_admin_sees_no_board(browse, company, projects):
    admin = account_with_role("system_admin", None, username="sysadmin")
    assert browse(admin).get(reverse("boards:org", args=["ROOT"])).status_code == 404
    assert browse(admin).get(reverse("boards:kiosk", args=[projects["a1"].pk])).status_code == 404
    assert browse(admin).get(reverse("boards:home")).status_code == 404


def test_board_home_goes_to_the_outermost_org(browse, secretary_a, leader, projects):
    assert browse(secretary_a).get(reverse("boards:home")).url == reverse("boards:org", args=["BA"])
    assert browse(leader).get(reverse("boards:home")).url == reverse("boards:org", args=["ROOT"])


@pytest.mark.parametrize(
    "name",
    ["boards:home", "boards:org", "boards:org_data", "boards:kiosk", "boards:kiosk_data"],
)
def test_anonymous_is_sent_to_login(browse, projects, name):
    args = {"boards:home": [], "boards:org": ["BA"], "boards:org_data": ["BA"]}.get(name, [projects["a1"].pk])
    url = reverse(name, args=args)
    response = browse().get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "next=" in response.url


@pytest.mark.parametrize("name", ["boards:org_data", "boards:kiosk_data"])
def test_a_polled_fragment_sends_an_anonymous_screen_to_login(browse, projects, name):
    args = ["BA"] if name == "boards:org_data" else [projects["a1"].pk]
    response = browse().get(reverse(name, args=args), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))
    assert response.content == b""


def test_fragment_is_only_the_cards(browse, leader, projects):
    response = browse(leader).get(reverse("boards:org_data", args=["ROOT"]), {"year": 2022}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert body.count('data-testid="board-card"') == 3


@pytest.mark.parametrize(
    ("who", "key", "status"),
    [
        ("office", "b1", 200),
        ("secretary_a", "a1", 200),
        ("secretary_a", "b1", 404),
        ("member_a", "a2", 200),
        ("member_a", "b1", 404),
        ("leader", "b1", 200),
    ],
)
def test_kiosk_by_role(request, browse, projects, who, key, status):
    client = browse(request.getfixturevalue(who))
    pk = projects[key].pk
    assert client.get(reverse("boards:kiosk", args=[pk])).status_code == status
    assert client.get(reverse("boards:kiosk_data", args=[pk]), HTTP_HX_REQUEST="true").status_code == status


def test_kiosk_of_a_missing_project_is_404(browse, leader, projects):
    assert browse(leader).get(reverse("boards:kiosk", args=[999999])).status_code == 404


def test_kiosk_shows_goals_baseline_target_and_tasks(browse, leader, projects):
    response = browse(leader).get(reverse("boards:kiosk", args=[projects["a1"].pk]))
    body = response.content.decode()
    assert projects["a1"].title in body
    assert 'hx-trigger="every 60s"' in body and reverse("boards:kiosk_data", args=[projects["a1"].pk]) in body
    assert "echarts-6.0.0/echarts.min.js" in body
    assert body.count('data-testid="kiosk-goal"') == 1
    assert "92.1" in body and "92.6" in body
    # No review and no production data: the actual and the attainment show as "—".
    assert 'data-testid="goal-percent">—<' in body
    assert "党建+提高电流效率的工作任务1" in body and "党建+提高电流效率的工作任务2" in body


@pytest.fixture
def efficiency(company):
    """电流效率 read from production data at workshop W1: monthly values for March and May 2022 (May is latest),
    and one in 2023, after the project ends."""
    indicator = Indicator.objects.create(
        code="EFF", name="电流效率", unit_of_measure="%", granularity="month", rollup="last"
    )
    for month, value in ((3, "92.2"), (5, "92.4"), (13, "93.5")):
        period = dt.date(2022 + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        IndicatorValue.objects.create(
            indicator=indicator,
            unit=company["workshop"],
            granularity="month",
            period_start=period,
            value=D(value),
            source="manual",
        )
    return indicator


def link_goal(project, indicator, unit):
    goal = project.goals.get()
    goal.source, goal.indicator, goal.unit = "series", indicator, unit
    goal.save()
    return goal


def test_a_goal_linked_to_production_data_shows_its_latest_month(browse, leader, company, projects, efficiency):
    link_goal(projects["a1"], efficiency, company["workshop"])
    body = browse(leader).get(reverse("boards:kiosk", args=[projects["a1"].pk])).content.decode()
    # May 2022 is the latest month inside the project's period: (92.4 − 92.1) ÷ (92.6 − 92.1) = 60 %.
    assert "92.4" in body and "93.5" not in body
    assert 'data-testid="goal-percent">60%<' in body
    assert "2022-05" in body
    wall_body = browse(leader).get(reverse("boards:org", args=["BA"]), {"year": 2022}).content.decode()
    assert 'data-testid="goal-percent">60%<' in wall_body


def test_production_data_is_read_only_up_to_today(company, projects, efficiency, leader):
    from dangjian.projects.boards.selectors import kiosk_card

    link_goal(projects["a1"], efficiency, company["workshop"])
    card = kiosk_card(user=leader, pk=projects["a1"].pk, today=dt.date(2022, 4, 15))
    assert card.goals[0].actual.value == D("92.2")
    assert card.goals[0].attainment.percent == D("20.0")


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("rows", [3, 30])
def test_wall_query_count_is_flat(browse, leader, company, efficiency, django_assert_max_num_queries, rows):
    for i in range(rows):
        project = build_project(company["branch_a"], title=f"项目{i}", goals=2, tasks=3)
        link_goal_first = project.goals.order_by("order").first()
        link_goal_first.source, link_goal_first.indicator = "series", efficiency
        link_goal_first.unit = company["workshop"]
        link_goal_first.save()
    client = browse(leader)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("boards:org", args=["ROOT"]), {"year": 2022})
    assert response.content.decode().count('data-testid="board-card"') == rows
    with django_assert_max_num_queries(13):
        client.get(reverse("boards:org_data", args=["ROOT"]), {"year": 2022}, HTTP_HX_REQUEST="true")


def test_wall_queries_do_not_grow_with_projects(browse, leader, company):
    client = browse(leader)
    url = reverse("boards:org", args=["ROOT"])
    for i in range(3):
        build_project(company["branch_a"], title=f"甲{i}")
    client.get(url, {"year": 2022})  # the first page after signing in also saves the session (once a minute)
    few = _count_queries(client, url, {"year": 2022})
    for i in range(27):
        build_project(company["branch_b"], title=f"乙{i}", goals=3, tasks=4)
    assert _count_queries(client, url, {"year": 2022}) == few


@pytest.mark.parametrize("tasks", [3, 30])
def test_kiosk_query_count_is_flat(browse, leader, company, django_assert_max_num_queries, tasks):
    project = build_project(company["branch_a"], title="看板项目", goals=3, tasks=tasks, done=2)
    client = browse(leader)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("boards:kiosk", args=[project.pk]))
    assert response.status_code == 200


def test_a_goal_entered_in_reviews_shows_the_latest_submitted_value(browse, leader, projects):
    from django.apps import apps

    try:
        review_model, actual_model = apps.get_model("reviews", "ProjectReview"), apps.get_model("reviews", "GoalActual")
    except LookupError:
        pytest.skip("monthly reviews are not installed")
    project = projects["a1"]
    goal = project.goals.get()
    for month, status, value in ((3, "submitted", "92.3"), (4, "submitted", "92.35"), (5, "draft", "92.9")):
        review = review_model.objects.create(project=project, month=dt.date(2022, month, 1), status=status)
        actual_model.objects.create(review=review, goal=goal, value=D(value), source="entered")
    body = browse(leader).get(reverse("boards:kiosk", args=[project.pk])).content.decode()
    # April is the latest submitted review (May is a draft): (92.35 − 92.1) ÷ 0.5 = 50 %.
    assert 'data-testid="goal-percent">50%<' in body
    assert "92.35" in body and "92.9" not in body and "2022-04" in body
