"""Setting a cost-reduction programme up through the API: the programme, its items and their measures — the pages'
services, so the "project" grant at the owner org (403), scope (404; another company's codes are 400 on the field),
validation (400) and an audit row per write."""

from decimal import Decimal

import pytest

from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.projects.costs import services
from dangjian.projects.costs.models import Measure, Programme, ProgrammeItem
from tests.api.conftest import ApiClient
from tests.factories import PartyOrgFactory, UnitFactory, account_with_role
from tests.indicators.conftest import IndicatorFactory

D = Decimal


@pytest.fixture
def api(client):
    def make(user):
        caller = ApiClient(client, user)
        caller.headers["HTTP_ACCEPT_LANGUAGE"] = "en"
        return caller

    return make


def audits(model, action) -> int:
    return AuditLog.objects.filter(object_type=model._meta.label_lower, action=action).count()


def test_secretary_sets_up_a_programme(api, secretary_a, company, tree, catalogue):
    caller = api(secretary_a)
    response = caller.post(
        "/costs/programmes", {"owner_org": "BA", "year": 2024, "name": "电解一车间降本", "zero_below": 80}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["owner_org"], body["year"], body["zero_below"], body["items"]) == ("BA", 2024, "80.00", [])
    pk = body["id"]
    assert audits(Programme, "create") == 1
    response = caller.patch(f"/costs/programmes/{pk}", {"description": "吨铝电耗", "full_points": "12"})
    assert response.status_code == 200, response.content
    assert (response.json()["description"], response.json()["full_points"]) == ("吨铝电耗", "12.00")
    assert audits(Programme, "update") == 1

    item = {
        "indicator": "DCU",
        "unit": "W1",
        "annual_target": "1300",
        "owner": company["person_a"].employee_no,
        "unit_price": "0.35",
        "monthly_targets": {"3": "1290"},
        "measures": ["冷干机改造", "排烟风机运行模式优化"],
    }
    response = caller.post(f"/costs/programmes/{pk}/items", item)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["indicator"], body["unit"], body["owner"]) == ("DCU", "W1", company["person_a"].employee_no)
    assert body["monthly_targets"] == {"3": "1290.000000"}
    assert [m["text"] for m in body["measures"]] == ["冷干机改造", "排烟风机运行模式优化"]
    item_id = body["id"]
    assert audits(ProgrammeItem, "create") == 1
    assert caller.post(f"/costs/programmes/{pk}/items", item).status_code == 400  # one item per indicator and unit

    response = caller.patch(f"/costs/programmes/{pk}/items/{item_id}", {"annual_target": "1280", "owner": None})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["annual_target"], body["owner"], body["unit_price"]) == ("1280.000000", None, "0.350000")
    assert len(body["measures"]) == 2 and body["monthly_targets"] == {"3": "1290.000000"}  # kept when not sent
    assert audits(ProgrammeItem, "update") == 1

    url = f"/costs/programmes/{pk}/items/{item_id}/measures"
    response = caller.post(url, {"text": "槽控机升级"})
    assert response.status_code == 201, response.content
    measure_id = response.json()["id"]
    assert response.json()["sort_order"] == 2
    assert audits(Measure, "create") == 1
    response = caller.patch(f"{url}/{measure_id}", {"text": "槽控机软件升级", "sort_order": 0})
    assert response.status_code == 200 and response.json()["text"] == "槽控机软件升级"
    assert audits(Measure, "update") == 1
    assert caller.delete(f"{url}/{measure_id}").status_code == 204
    assert not Measure.objects.filter(pk=measure_id).exists()
    assert audits(Measure, "delete") == 1

    detail = caller.get(f"/costs/programmes/{pk}").json()
    assert [i["id"] for i in detail["items"]] == [item_id]
    assert [i["id"] for i in caller.get(f"/costs/programmes/{pk}/items").json()] == [item_id]
    assert caller.delete(f"/costs/programmes/{pk}/items/{item_id}").status_code == 204
    assert not ProgrammeItem.objects.filter(pk=item_id).exists()
    assert audits(ProgrammeItem, "delete") == 1


def test_bad_input(api, secretary_a, programme, company, tree, catalogue):
    pk = programme["programme"].pk
    caller = api(account_with_role("party_office", company["root"], username="office2"))
    response = caller.post("/costs/programmes", {"owner_org": "ROOT", "year": 2024, "name": "x", "zero_below": 100})
    assert response.status_code == 400 and "zero_below" in response.json()["errors"]
    response = caller.post("/costs/programmes", {"owner_org": "NOPE", "year": 2024, "name": "x"})
    assert response.status_code == 400 and "owner_org" in response.json()["errors"]
    response = caller.post("/costs/programmes", {"owner_org": "ROOT", "year": 2024, "name": "2024年降本增效实施方案"})
    assert response.status_code == 400 and response.json()["message"]  # the name is taken for the org and year
    bad_items = [
        ({"indicator": "NOPE", "unit": "W1", "annual_target": "1"}, "indicator"),
        ({"indicator": "OUT", "unit": "NOPE", "annual_target": "1"}, "unit"),
        ({"indicator": "OUT", "unit": "W1", "annual_target": "x"}, "annual_target"),
        ({"indicator": "OUT", "unit": "W1", "annual_target": "1", "unit_price": "-1"}, "unit_price"),
        ({"indicator": "OUT", "unit": "W1", "annual_target": "1", "monthly_targets": {"13": "1"}}, "monthly_targets"),
        ({"indicator": "OUT", "unit": "W1", "annual_target": "1", "owner": "E-NOBODY"}, "owner"),
    ]
    for body, field in bad_items:
        response = caller.post(f"/costs/programmes/{pk}/items", body)
        assert response.status_code == 400, (body, response.content)
        assert field in response.json()["errors"], (field, response.json())
    item = programme["items"]["DCU"]
    response = caller.post(f"/costs/programmes/{pk}/items/{item.pk}/measures", {"text": ""})
    assert response.status_code == 400 and "text" in response.json()["errors"]
    response = caller.patch(f"/costs/programmes/{pk}/items/{item.pk}", {"measures": None})
    assert response.status_code == 400 and "measures" in response.json()["errors"]
    assert ProgrammeItem.objects.filter(programme=programme["programme"]).count() == 3
    assert item.measures.count() == 2


def test_who_may(api, programme, company, tree, catalogue, secretary_a, member_a):
    """A programme of BA: a member of BA sees it but may not change it (403), the secretary of BB does not see it
    (404); a secretary may not start one above their branch (400: the org is out of reach)."""
    mine = services.programme_create(actor=SYSTEM, owner_org=company["branch_a"], year=2024, name="电解一车间降本")
    item = services.item_save(
        actor=SYSTEM,
        programme=mine,
        indicator=catalogue["OUT"],
        unit=tree["W1"],
        annual_target=D(1),
        measures=["x", "y"],
    )
    pk = mine.pk
    measure = item.measures.first()
    secretary_b = account_with_role("secretary", company["branch_b"], username="sec_b")
    before = AuditLog.objects.count()
    for user, status in ((secretary_b, 404), (member_a, 403)):
        caller = api(user)
        assert caller.patch(f"/costs/programmes/{pk}", {"name": "x"}).status_code == status
        body = {"indicator": "OUT", "unit": "W1", "annual_target": "1"}
        assert caller.post(f"/costs/programmes/{pk}/items", body).status_code == status
        assert caller.patch(f"/costs/programmes/{pk}/items/{item.pk}", {"annual_target": "1"}).status_code == status
        assert caller.delete(f"/costs/programmes/{pk}/items/{item.pk}").status_code == status
        url = f"/costs/programmes/{pk}/items/{item.pk}/measures"
        assert caller.post(url, {"text": "x"}).status_code == status
        assert caller.patch(f"{url}/{measure.pk}", {"text": "x"}).status_code == status
        assert caller.delete(f"{url}/{measure.pk}").status_code == status
    assert api(member_a).post("/costs/programmes", {"owner_org": "BA", "year": 2024, "name": "x"}).status_code == 403
    response = api(secretary_a).post("/costs/programmes", {"owner_org": "ROOT", "year": 2024, "name": "x"})
    assert response.status_code == 400 and "owner_org" in response.json()["errors"]
    assert AuditLog.objects.count() == before
    assert item.measures.count() == 2


def test_another_company(api, office, programme, company, tree, catalogue):
    """Another company's programme is 404; its indicator, unit and org codes are 400 on their fields, as unknown."""
    foreign_root = PartyOrgFactory(code="XROOT", name="外公司党委", kind="committee")
    foreign_unit = UnitFactory(code="XW", name="外公司车间", kind="company")
    foreign_indicator = IndicatorFactory(code="XIND", company=foreign_root)
    foreign = services.programme_create(actor=SYSTEM, owner_org=foreign_root, year=2024, name="外公司降本")
    before = AuditLog.objects.count()
    caller = api(office)
    assert caller.get(f"/costs/programmes/{foreign.pk}").status_code == 404
    assert caller.patch(f"/costs/programmes/{foreign.pk}", {"name": "x"}).status_code == 404
    body = {"indicator": "OUT", "unit": "W1", "annual_target": "1"}
    assert caller.post(f"/costs/programmes/{foreign.pk}/items", body).status_code == 404
    pk = programme["programme"].pk
    response = caller.post(f"/costs/programmes/{pk}/items", {**body, "indicator": foreign_indicator.code})
    assert response.status_code == 400 and "indicator" in response.json()["errors"]
    response = caller.post(f"/costs/programmes/{pk}/items", {**body, "unit": foreign_unit.code})
    assert response.status_code == 400 and "unit" in response.json()["errors"]
    response = caller.post("/costs/programmes", {"owner_org": "XROOT", "year": 2024, "name": "x"})
    assert response.status_code == 400 and "owner_org" in response.json()["errors"]
    assert AuditLog.objects.count() == before


def test_the_service_refuses_another_companys_indicator_and_unit(office, programme, company):
    """The service checks the company itself (a page or import that named another company's codes is refused)."""
    from dangjian.core.errors import InvalidInput

    foreign_root = PartyOrgFactory(code="XROOT", name="外公司党委", kind="committee")
    foreign_unit = UnitFactory(code="XW", name="外公司车间", kind="company")
    foreign_indicator = IndicatorFactory(code="XIND", company=foreign_root)
    with pytest.raises(InvalidInput) as refused:
        services.item_save(
            actor=office,
            programme=programme["programme"],
            indicator=foreign_indicator,
            unit=foreign_unit,
            annual_target=D(1),
        )
    assert set(refused.value.errors) == {"indicator", "unit"}


def test_a_monthly_target_too_large_is_400(api, office, programme):
    pk = programme["programme"].pk
    body = {"indicator": "OUT", "unit": "W1", "annual_target": "1", "monthly_targets": {"3": "1" * 30}}
    response = api(office).post(f"/costs/programmes/{pk}/items", body)
    assert response.status_code == 400
    assert any(key.startswith("monthly_targets") for key in response.json()["errors"])
