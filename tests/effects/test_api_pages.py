"""GET /api/v1/projects/{id}/effects and the effect page: shape, scope (another branch gets 404), query counts flat
as the series and the comparison units grow."""

import datetime as dt
import json
import random
from decimal import Decimal

import pytest
from django.test import Client

from tests.api.conftest import ApiClient
from tests.effects.conftest import monthly
from tests.effects.synthetic import MONTHS, panel
from tests.factories import UnitFactory

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def browse():
    def make(user):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return make


def english(client, user) -> ApiClient:
    api = ApiClient(client, user)
    api.headers["HTTP_ACCEPT_LANGUAGE"] = "en"
    return api


def test_api_returns_each_linked_goal_with_decimal_strings(client, member_a, project, smelter):
    response = english(client, member_a).get(f"/projects/{project.pk}/effects")
    assert response.status_code == 200, response.content
    (row,) = response.json()
    goal = project.goals.get(indicator__isnull=False)
    assert row["goal"] == goal.pk and row["indicator"] == "CUR_EFF" and row["unit"] == "W1"
    assert row["method"] == "did" and row["n_comparison"] == 5
    assert D(row["ci_low"]) <= D("0.5") <= D(row["ci_high"])
    assert row["effect"] == str(D(row["effect"]).quantize(D("0.01")))
    assert row["baseline"][0] == "2021-01" and row["treatment"][-1] == "2022-12"
    assert "comparable units" in row["note"]
    assert set(row["before_after"]) == {"effect", "ci_low", "ci_high"}


def test_api_before_after_without_comparisons(client, member_a, project, company, efficiency):
    treated, _ = panel(random.Random(1), effect=0.5, n_comparison=0)
    team = UnitFactory(code="W1T1", kind="team", parent=company["workshop"])
    monthly(efficiency, team, treated)
    monthly(efficiency.weight, team, dict.fromkeys(MONTHS, D(800)))
    (row,) = english(client, member_a).get(f"/projects/{project.pk}/effects").json()
    assert row["method"] == "before_after" and row["n_comparison"] == 0
    assert row["note"].startswith("No comparable unit")
    assert row["effect"] == row["before_after"]["effect"]


@pytest.mark.parametrize("who", ["member_b", None])
def test_api_out_of_scope_or_anonymous(client, request, project, smelter, who):
    user = request.getfixturevalue(who) if who else None
    response = ApiClient(client, user).get(f"/projects/{project.pk}/effects")
    assert response.status_code == (404 if user else 401)
    assert response.json()["message"]


def test_api_unknown_project_is_404(client, member_a):
    assert ApiClient(client, member_a).get("/projects/999999/effects").status_code == 404


def test_page_shows_the_section_and_the_chart_data(browse, member_a, project, smelter):
    response = browse(member_a).get(f"/effects/project/{project.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="effects-table"' in html and "Difference in differences" in html
    assert "echarts.min.js" in html and "effects/effects.js" in html
    charts = json.loads(_json_script(html, "effects-chart-data"))
    (chart,) = charts
    assert chart["start"] == "2022-01" and len(chart["months"]) == 24
    assert chart["comparison"] and len(chart["treated"]) == 24


def _json_script(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    start = html.index(">", start) + 1
    return html[start : html.index("</script>", start)]


def test_page_without_linked_goals_says_there_is_nothing_to_measure(browse, member_a, project):
    project.goals.filter(indicator__isnull=False).update(indicator=None, unit=None, source="review")
    response = browse(member_a).get(f"/effects/project/{project.pk}/")
    assert response.status_code == 200
    assert b'data-testid="effects-empty"' in response.content
    assert b"effects-chart-data" not in response.content


def test_page_of_another_branch_is_404(browse, member_b, project):
    assert browse(member_b).get(f"/effects/project/{project.pk}/").status_code == 404


def test_page_needs_login(client, project):
    response = client.get(f"/effects/project/{project.pk}/")
    assert response.status_code == 302


def _grow(company, efficiency, n_units: int, n_months: int) -> None:
    """n_units more comparison workshops with n_months of data each."""
    rng = random.Random(n_units)
    months = [dt.date(2021 + m // 12, m % 12 + 1, 1) for m in range(n_months)]
    for i in range(n_units):
        unit = UnitFactory(code=f"G{n_units}_{i}", parent=company["unit"])
        monthly(efficiency, unit, {m: D(f"{92 + rng.gauss(0, 0.3):.3f}") for m in months})
        monthly(efficiency.weight, unit, dict.fromkeys(months, D(1000)))


@pytest.mark.parametrize(("units", "months"), [(3, 12), (30, 24)])
def test_query_counts_are_flat(
    client, browse, member_a, company, efficiency, project, smelter, units, months, django_assert_max_num_queries
):
    _grow(company, efficiency, units, months)
    api = ApiClient(client, member_a)
    with django_assert_max_num_queries(7):
        assert api.get(f"/projects/{project.pk}/effects").status_code == 200
    page = browse(member_a)
    with django_assert_max_num_queries(13):
        assert page.get(f"/effects/project/{project.pk}/").status_code == 200
