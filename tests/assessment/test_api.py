"""The API: periods of a year, a month's rankings, key tasks by org and year, close-out and confirmation."""

import datetime as dt

import pytest
from django.test import Client

from dangjian.assessment import services
from dangjian.assessment.models import KeyTask
from dangjian.core.services import SYSTEM
from tests.assessment.conftest import JAN, key_task


@pytest.fixture
def api(db):
    def login(user):
        client = Client()
        client.force_login(user)
        return client

    return login


def test_periods_and_rankings(api, company, template, secretary_a):
    services.period_open(actor=SYSTEM, template=template, month=JAN)
    client = api(secretary_a)
    body = client.get("/api/v1/assessment/periods", {"year": 2022}).json()
    assert [p["month"] for p in body["items"]] == ["2022-01"] and body["items"][0]["sheets"] == 1
    ranks = client.get("/api/v1/assessment/rankings", {"month": "2022-01"}).json()
    assert [s["org"] for s in ranks[0]["standings"]] == ["BA"]  # only the secretary's own branch
    assert ranks[0]["standings"][0]["provisional"] is True
    assert client.get("/api/v1/assessment/rankings", {"month": "2022-13"}).status_code == 400


def test_keytasks_close_and_confirm(api, company, secretary_a, office):
    task = key_task(company["branch_a"], "KT-1", dt.date(2022, 3, 31))
    key_task(company["branch_b"], "KT-2", dt.date(2022, 3, 31))
    client = api(secretary_a)
    listed = client.get("/api/v1/keytasks", {"org": "BA", "year": 2022}).json()
    assert [t["code"] for t in listed["items"]] == ["KT-1"]
    assert client.get("/api/v1/keytasks", {"org": "BB"}).json()["items"] == []
    bad = client.post(f"/api/v1/keytasks/{task.pk}/close", {"evidence": ""}, content_type="application/json")
    assert bad.status_code == 400 and "evidence" in bad.json()["errors"]
    ok = client.post(
        f"/api/v1/keytasks/{task.pk}/close", {"evidence": "已完成", "on": "2022-03-30"}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["status"] == "submitted"
    refused = client.post(f"/api/v1/keytasks/{task.pk}/confirm", {}, content_type="application/json")
    assert refused.status_code == 403
    done = api(office).post(f"/api/v1/keytasks/{task.pk}/confirm", {}, content_type="application/json")
    assert done.json()["status"] == "closed" and done.json()["on_time"] is True
    assert KeyTask.objects.get(pk=task.pk).completed_on == dt.date(2022, 3, 30)
