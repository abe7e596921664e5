"""The branch index's production component (issue 21): a company whose teams account their value every day sees it
filled for the months with records, and the demo computes the index of its company that does (中州铝业)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import translation

from dangjian.core.services import SYSTEM
from dangjian.demo.data import qineng
from dangjian.indices import components, demo, services
from dangjian.indices.models import IndexValue, Kind, WeightVersion
from dangjian.org.models import PartyOrg
from dangjian.value import demo_data as value_demo
from dangjian.value import services as value_services
from tests.factories import PartyOrgFactory
from tests.value.conftest import DAY, build_accounting, record_row

MARCH, APRIL = dt.date(2024, 3, 1), dt.date(2024, 4, 1)


@pytest.fixture
def accounted(company):
    """The small company's three shift crews (CA by BA, CB by BA's party group GA, CC by BB) account one March day:
    CA 4 t, CB 2 t, CC 1 t over 10 h each, so they rank 1, 2, 3 in their peer group and score 100, 50 and 0."""
    world = build_accounting(company)
    value_services.records_write(
        actor=SYSTEM,
        rows=[
            record_row("CA", hours="10", AL="4"),
            record_row("CB", hours="10", AL="2"),
            record_row("CC", hours="10", AL="1"),
        ],
        source="api",
    )
    assert DAY.replace(day=1) == MARCH
    return world


def _production(org, month) -> dict:
    value = IndexValue.objects.get(kind=Kind.BRANCH, month=month, org=org, person__isnull=True)
    return next(p for p in value.components if p["code"] == "production")


def test_a_company_accounting_its_teams_daily_sees_the_production_component(accounted):
    root, branch_a, branch_b = accounted["root"], accounted["branch_a"], accounted["branch_b"]
    weights = {c.code: 0 for c in components.of_kind(Kind.BRANCH)} | {"production": 50, "meetings": 50}
    WeightVersion.objects.create(
        company=root, kind=Kind.BRANCH, number=1, valid_from=dt.date(2024, 1, 1), weights=weights
    )
    for month in (MARCH, APRIL):
        services.compute_month(actor=SYSTEM, company=root, month=month, kinds=(Kind.BRANCH,))
    # BA covers CA (its own) and CB (its party group's): (100 + 50) / 2; BB covers CC.
    assert _production(branch_a, MARCH)["normalised"] == "75.0"
    assert _production(branch_b, MARCH)["normalised"] == "0.0"
    explain = components.get("production").explain
    with translation.override("en"):
        assert "mean monthly assessment score" in explain(_production(branch_a, MARCH)["facts"])
        # April has no records: the component is empty there and says why.
        assert _production(branch_a, APRIL)["normalised"] is None
        assert explain(_production(branch_a, APRIL)["facts"]).startswith("No accounting team")


def test_the_demo_computes_the_branch_index_of_its_team_accounting_company(accounted, monkeypatch):
    # The demo's two companies: 旗能电铝 (no team accounting) and 中州铝业, whose teams account daily (here: the small
    # company under 中州铝业's code).
    PartyOrg.objects.filter(pk=accounted["root"].pk).update(code=value_demo.ROOT_CODE)
    PartyOrgFactory(code=qineng.ROOT_CODE, name="旗能电铝党委", kind="committee")
    monkeypatch.setattr(demo, "MONTHS", 2)
    out = io.StringIO()
    demo.seed(today=dt.date(2024, 4, 15), stdout=out)  # February and March
    branch_a, branch_b = accounted["branch_a"], accounted["branch_b"]
    assert (_production(branch_a, MARCH)["normalised"], _production(branch_b, MARCH)["normalised"]) == ("75.0", "0.0")
    assert _production(branch_a, dt.date(2024, 2, 1))["normalised"] is None  # no records in February
    march = IndexValue.objects.get(kind=Kind.BRANCH, month=MARCH, org=branch_a)
    assert march.value == Decimal("75.0")  # the only component with data here
    # Only the branch index there: the demo's 中州铝业 keeps no member points or projects.
    assert not IndexValue.objects.filter(company__code=value_demo.ROOT_CODE, kind=Kind.MEMBER).exists()
    assert "2 branch-months with a production score" in out.getvalue()
