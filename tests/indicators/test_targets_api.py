"""Targets (目标值) through the API: read, set (201 new, 200 replaced) and take away an indicator's target at a unit
for a year or a month — for the units the caller's party organisation covers (403 for another unit of the company,
404 for another company's unit or indicator), audited, with clear field errors."""

from decimal import Decimal

import pytest

from dangjian.core.models import AuditLog
from dangjian.indicators.models import Indicator, Target
from tests.api.conftest import ApiClient
from tests.factories import OrgUnitLinkFactory, PartyOrgFactory, UnitFactory

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def other():
    root = PartyOrgFactory(code="ZROOT", name="中州铝业公司党委", kind="committee")
    unit = UnitFactory(code="ZCO", name="中州铝业", kind="company")
    OrgUnitLinkFactory(org=root, unit=unit)
    indicator = Indicator.objects.create(code="ZOUT", name="中州产量", granularity="day", company=root)
    return {"root": root, "unit": unit, "indicator": indicator}


def test_the_office_sets_replaces_reads_and_takes_away_a_target(client, office, tree, catalogue):
    api = ApiClient(client, office)
    made = api.post("/indicators/EFF/targets", {"unit": "W1", "year": 2024, "month": 3, "value": "92.5"})
    assert made.status_code == 201, made.content
    assert made.json()["indicator"] == "EFF" and made.json()["unit"] == "W1" and made.json()["month"] == 3
    assert D(made.json()["value"]) == D("92.5")
    year = api.post("/indicators/EFF/targets", {"unit": "W1", "year": 2024, "value": 92})
    assert year.status_code == 201 and year.json()["month"] is None
    replaced = api.post("/indicators/EFF/targets", {"unit": "W1", "year": 2024, "month": 3, "value": "93"})
    assert replaced.status_code == 200, replaced.content
    assert Target.objects.get(month=3).value == D(93)
    audit = AuditLog.objects.filter(object_type="indicators.target").order_by("pk")
    assert list(audit.values_list("action", flat=True)) == ["create", "create", "update"]
    assert audit.last().before["value"] in ("92.500000", "92.5") and audit.last().actor == office

    listed = api.get("/indicators/EFF/targets", year=2024)
    assert listed.status_code == 200
    assert [(t["unit"], t["month"]) for t in listed.json()["items"]] == [("W1", None), ("W1", 3)]

    cleared = api.call("DELETE", "/indicators/EFF/targets?unit=W1&year=2024&month=3")
    assert cleared.status_code == 204, cleared.content
    assert list(Target.objects.values_list("month", flat=True)) == [None]
    assert AuditLog.objects.filter(object_type="indicators.target", action="delete").count() == 1
    again = api.call("DELETE", "/indicators/EFF/targets?unit=W1&year=2024&month=3")
    assert again.status_code == 404


def test_a_writer_sets_targets_only_for_the_units_of_their_organisation(client, secretary_a, tree, catalogue):
    api = ApiClient(client, secretary_a)  # branch_a covers W1 and the teams under it
    assert api.post("/indicators/OUT/targets", {"unit": "T1", "year": 2024, "value": 100}).status_code == 201
    refused = api.post("/indicators/OUT/targets", {"unit": "W2", "year": 2024, "value": 100})
    assert refused.status_code == 403, refused.content
    assert api.call("DELETE", "/indicators/OUT/targets?unit=W2&year=2024").status_code == 403
    assert not Target.objects.filter(unit=tree["W2"]).exists()


def test_a_reader_may_not_set_a_target(client, member_a, tree, catalogue):
    api = ApiClient(client, member_a)
    response = api.post("/indicators/OUT/targets", {"unit": "NOPE", "year": 2024, "value": 1})
    assert response.status_code == 403  # before any word about the unit named
    assert api.get("/indicators/OUT/targets").status_code == 200
    assert not Target.objects.exists() and not AuditLog.objects.filter(object_type="indicators.target").exists()


def test_another_companys_unit_and_indicator_are_not_found(client, office, tree, catalogue, other):
    api = ApiClient(client, office)
    assert api.post("/indicators/OUT/targets", {"unit": "ZCO", "year": 2024, "value": 1}).status_code == 404
    assert api.post("/indicators/ZOUT/targets", {"unit": "W1", "year": 2024, "value": 1}).status_code == 404
    assert api.get("/indicators/ZOUT/targets").status_code == 404
    assert api.call("DELETE", "/indicators/OUT/targets?unit=ZCO&year=2024").status_code == 404
    Target.objects.create(indicator=other["indicator"], unit=other["unit"], year=2024, value=D(5))
    Target.objects.create(indicator=catalogue["OUT"], unit=other["unit"], year=2024, value=D(5))
    assert api.get("/indicators/OUT/targets").json()["items"] == []
    assert Target.objects.count() == 2


def test_bad_input_names_the_field(client, office, tree, catalogue, settings):
    settings.LANGUAGE_CODE = "en"
    api = ApiClient(client, office)
    response = api.post("/indicators/OUT/targets", {"unit": "W1", "year": 2024, "month": 13, "value": "x"})
    assert response.status_code == 400
    assert {"month", "value"} <= set(response.json()["errors"])
    missing = api.post("/indicators/OUT/targets", {"unit": "W1", "value": 1})
    assert missing.status_code == 400 and "year" in missing.json()["errors"]
    assert api.post("/indicators/OUT/targets", {"unit": "NOPE", "year": 2024, "value": 1}).status_code == 404
    assert not Target.objects.exists()
