"""The project page carries the measured-effect section: a table row and a chart per goal read from production data,
a sentence when no goal is; its query count stays flat as comparison units and months grow."""

import datetime as dt
import json
import random
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.effects.conftest import monthly
from tests.factories import UnitFactory

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def page(member_a):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(member_a)
    return lambda project: client.get(reverse("projects:detail", args=[project.pk]))


def _json_script(html: str, element_id: str) -> str:
    start = html.index(">", html.index(f'id="{element_id}"')) + 1
    return html[start : html.index("</script>", start)]


def test_project_page_shows_the_effect_of_a_goal_linked_to_an_indicator(page, project, smelter):
    response = page(project)
    assert response.status_code == 200
    html = response.content.decode()
    linked = project.goals.get(indicator__isnull=False)
    assert 'data-testid="effects"' in html and 'data-testid="effects-table"' in html
    assert f'data-testid="effect-{linked.pk}"' in html and "Difference in differences" in html
    # Only the linked goal has a row: the goal entered in reviews has no series to measure.
    assert len(re.findall(r'data-testid="effect-\d+"', html)) == 1
    assert "effects/effects.js" in html and "echarts.min.js" in html
    (chart,) = json.loads(_json_script(html, "effects-chart-data"))
    assert chart["id"] == f"effects-chart-{linked.pk}" and chart["start"] == "2022-01" and chart["comparison"]
    assert f'id="effects-chart-{linked.pk}"' in html


def test_project_page_without_linked_goals_says_so(page, project):
    project.goals.filter(indicator__isnull=False).update(indicator=None, unit=None, source="review")
    html = page(project).content.decode()
    assert 'data-testid="effects-empty"' in html and "effects-chart-data" not in html


@pytest.mark.parametrize(("units", "months"), [(3, 12), (30, 24)])
def test_project_page_query_count_is_flat(
    page, company, efficiency, project, smelter, units, months, django_assert_max_num_queries
):
    rng = random.Random(units)
    days = [dt.date(2021 + m // 12, m % 12 + 1, 1) for m in range(months)]
    for i in range(units):
        unit = UnitFactory(code=f"G{units}_{i}", parent=company["unit"])
        monthly(efficiency, unit, {m: D(f"{92 + rng.gauss(0, 0.3):.3f}") for m in days})
        monthly(efficiency.weight, unit, dict.fromkeys(days, D(1000)))
    # The project page's own (see tests/projects/test_pages.py) and the effect: the project in scope, its linked
    # goals, other projects' goals on the indicator, the candidate units and one roll-up per indicator.
    with django_assert_max_num_queries(23):  # +1: the company's go-live date, read once for the review months
        assert page(project).status_code == 200
