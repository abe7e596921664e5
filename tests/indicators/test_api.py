"""The indicators API: the MES/ERP push (auth, idempotence, per-row errors), the catalogue and rolled-up series."""

from decimal import Decimal

import pytest

from dangjian.core.models import AuditLog
from dangjian.indicators.models import IndicatorValue
from tests.api.conftest import ApiClient
from tests.indicators.conftest import IndicatorFactory

D = Decimal
pytestmark = pytest.mark.django_db

BATCH = {
    "values": [
        {"indicator": "OUT", "unit": "T1", "period": "2024-03-01", "value": 10},
        {"indicator": "OUT", "unit": "T2", "period": "2024-03-01", "value": "30.25"},
        {"indicator": "EFF", "unit": "T1", "period": "2024-03-01", "value": 92.5},
    ]
}


def test_integration_account_pushes_with_a_bearer_token_and_replays_harmlessly(client, tree, catalogue, integration):
    api = ApiClient(client, integration)
    response = api.post("/indicators/values", BATCH)
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 3, "updated": 0, "unchanged": 0}
    assert api.post("/indicators/values", BATCH).json() == {"created": 0, "updated": 0, "unchanged": 3}
    changed = {"values": [{**BATCH["values"][0], "value": "11"}], "reason": "复核"}
    assert api.post("/indicators/values", changed).json() == {"created": 0, "updated": 1, "unchanged": 0}
    value = IndicatorValue.objects.get(indicator__code="OUT", unit__code="T1")
    assert (value.value, value.revision, value.source) == (D(11), 2, "api")
    assert value.revisions.get().reason == "复核"


def test_bad_rows_get_one_error_each_and_nothing_is_written(client, tree, catalogue, integration):
    body = {
        "values": [
            BATCH["values"][0],
            {"indicator": "OUT", "unit": "T2", "period": "2024-03-01", "value": "many"},
            {"indicator": "OUT", "unit": "T3", "period": "2024-3", "value": 1},
            {"unit": "T3", "period": "2024-03-01", "value": 1},
            {"indicator": "OUT", "unit": "T1", "period": "2024-03-01", "value": 12},
        ]
    }
    response = ApiClient(client, integration).post("/indicators/values", body)
    assert response.status_code == 400
    data = response.json()
    assert data["message"]
    assert [(e["row"], e["field"]) for e in data["errors"]["rows"]] == [
        (2, "value"),
        (3, "period"),
        (4, "indicator"),
        (5, "period"),
    ]
    assert all(e["message"] for e in data["errors"]["rows"])
    assert not IndicatorValue.objects.exists()


def test_who_may_push(client, tree, catalogue, member_a, secretary_a, company):
    assert ApiClient(client, None).post("/indicators/values", BATCH).status_code == 401
    response = ApiClient(client, member_a).post("/indicators/values", BATCH)
    assert response.status_code == 403
    assert not IndicatorValue.objects.exists()
    assert ApiClient(client, secretary_a).post("/indicators/values", BATCH).status_code == 200


def test_malformed_bodies(client, tree, catalogue, integration):
    api = ApiClient(client, integration)
    assert api.post("/indicators/values", {"values": "no"}).status_code == 400
    assert api.post("/indicators/values", {"values": []}).status_code == 400
    assert api.post("/indicators/values", {}).status_code == 400
    assert api.post("/indicators/values", {"values": [{"indicator": ["OUT"]}]}).json()["errors"]


def test_session_push_needs_csrf(tree, catalogue, office):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(office)
    response = browser.post("/api/v1/indicators/values", BATCH, content_type="application/json")
    assert response.status_code == 403
    assert not IndicatorValue.objects.exists()
    assert not AuditLog.objects.filter(object_type="indicators.indicatorvalue").exists()


@pytest.mark.parametrize("extra", [3, 30])
def test_catalogue_list_has_flat_queries(client, catalogue, member_a, extra, django_assert_max_num_queries):
    for n in range(extra):
        IndicatorFactory(code=f"X{n:03d}", rollup="weighted_avg", weight=catalogue["OUT"], owner_unit=None)
    api = ApiClient(client, member_a)
    with django_assert_max_num_queries(5):
        response = api.get("/indicators", limit=200)
    data = response.json()
    assert data["count"] == 6 + extra
    dcu = next(item for item in data["items"] if item["code"] == "DCU")
    assert (dcu["rollup"], dcu["numerator"], dcu["denominator"]) == ("ratio", "DC", "OUT")


def test_catalogue_filters_and_detail(client, catalogue, member_a):
    api = ApiClient(client, member_a)
    assert [i["code"] for i in api.get("/indicators", category="energy").json()["items"]] == ["DC", "DCU"]
    assert api.get("/indicators/EFF").json()["weight"] == "OUT"
    assert api.get("/indicators/NOPE").status_code == 404
    assert ApiClient(client, None).get("/indicators").status_code == 401


def test_no_indicator_grant_sees_no_catalogue(client, catalogue, company):
    from tests.factories import account_with_role

    admin = account_with_role("system_admin", None, username="sysadmin")
    api = ApiClient(client, admin)
    assert api.get("/indicators").json()["count"] == 0
    assert api.get("/indicators/OUT").status_code == 404


def test_series_rolls_up_the_subtree(client, values, catalogue, integration, django_assert_max_num_queries):
    api = ApiClient(client, integration)
    with django_assert_max_num_queries(6):  # token, role assignments, indicator, company units, unit, the roll-up
        api.get("/indicators/EFF/series", unit="CO", **{"from": "2024-01-01", "to": "2024-12-31"})
    response = api.get(
        "/indicators/EFF/series", unit="CO", **{"from": "2024-03-01", "to": "2024-04-30"}, granularity="month"
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["indicator"], data["unit"], data["granularity"], data["rollup"]) == (
        "EFF",
        "CO",
        "month",
        "weighted_avg",
    )
    assert [(p["period"], D(p["value"])) for p in data["points"]] == [("2024-03", D("92.5")), ("2024-04", D(92))]
    days = api.get("/indicators/DCU/series", unit="W1", **{"from": "2024-03-01", "to": "2024-03-31"}).json()
    assert [(p["period"], D(p["value"])) for p in days["points"]] == [("2024-03-01", D(1350)), ("2024-03-02", D(1300))]


def test_series_refusals(client, values, catalogue, member_a):
    api = ApiClient(client, member_a)
    dates = {"from": "2024-03-01", "to": "2024-03-31"}
    assert api.get("/indicators/OUT/series", unit="CO", granularity="shift", **dates).status_code == 400
    assert api.get("/indicators/OUT/series", unit="NOPE", **dates).status_code == 404
    assert api.get("/indicators/OUT/series", unit="CO", **{"from": "2024-03-02", "to": "2024-03-01"}).status_code == 400
    assert api.get("/indicators/OUT/series", unit="CO", **{"from": "2000-01-01", "to": "2024-03-01"}).status_code == 400


def test_series_defaults_to_the_company_and_the_last_month(client, tree, catalogue, member_a):
    import datetime as dt

    from django.utils import timezone

    from dangjian.core.services import SYSTEM
    from dangjian.indicators.services import values_upsert

    today = timezone.localdate()
    rows = [
        {"indicator": "OUT", "unit": "T1", "period": (today - dt.timedelta(days=n)).isoformat(), "value": n}
        for n in (0, 30, 31)
    ]
    values_upsert(actor=SYSTEM, rows=rows, source="manual")
    data = ApiClient(client, member_a).get("/indicators/OUT/series").json()
    assert data["unit"] == "CO"
    assert [D(p["value"]) for p in data["points"]] == [D(30), D(0)]


def test_catalogue_says_which_indicators_are_key(client, tree, catalogue, member_a):
    catalogue["OUT"].key = True
    catalogue["OUT"].save()
    api = ApiClient(client, member_a)
    items = {i["code"]: i for i in api.get("/indicators").json()["items"]}
    assert items["OUT"]["key"] is True and items["EFF"]["key"] is False
