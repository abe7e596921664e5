"""The programmes API: the list scoped like projects, one month's results per item."""

from decimal import Decimal

import pytest

from dangjian.core.services import SYSTEM
from dangjian.projects.costs import services

D = Decimal
pytestmark = pytest.mark.django_db


def test_list_and_results(client, office, programme, company):
    services.programme_create(actor=SYSTEM, owner_org=company["branch_b"], year=2023, name="发电降本")
    client.force_login(office)
    listed = client.get("/api/v1/costs/programmes", {"year": 2024}).json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert (item["owner_org"], item["items"], item["full_at"], item["zero_below"]) == ("ROOT", 3, "100.00", "90.00")
    pk = programme["programme"].pk
    results = client.get(f"/api/v1/costs/programmes/{pk}/results", {"month": "2024-03"}).json()
    assert results["month"] == "2024-03"
    by_code = {r["indicator"]: r for r in results["results"]}
    assert by_code["DCU"]["attainment"] == "97.50" and by_code["DCU"]["saving"] == "-700.00"
    assert by_code["DCU"]["points"] == "7.50" and by_code["DCU"]["owner"] == company["person_a"].employee_no
    assert by_code["EFF"]["saving"] is None and by_code["OUT"]["met"] is True


def test_results_refuse_a_bad_month_and_hide_other_orgs(client, programme, secretary_a, office):
    pk = programme["programme"].pk
    client.force_login(office)
    assert client.get(f"/api/v1/costs/programmes/{pk}/results", {"month": "2025-01"}).status_code == 400
    client.force_login(secretary_a)
    assert client.get(f"/api/v1/costs/programmes/{pk}/results", {"month": "2024-03"}).status_code == 404
    assert client.get("/api/v1/costs/programmes").json()["count"] == 0
