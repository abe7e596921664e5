"""The monthly assessment through the API (#15), with the sheet page's rules: 党群工作部 opens a month from the org's
template of that year, locks it once every sheet is reviewed and may reopen it with a reason; the branch's secretary
self-assesses its manual items while the sheet is a draft; a reviewer who is not of the branch deducts with a reason
while it is submitted; a locked month refuses every write (409); production scores are set and cleared as on the
production page. Another company's period or sheet is 404, a role without the standing 403; every write is audited."""

from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.assessment import services
from dangjian.assessment.models import Period, ProductionScore, Sheet
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from tests.assessment.conftest import JAN
from tests.factories import PartyOrgFactory, account_with_role

pytestmark = pytest.mark.django_db

PERIODS = "/api/v1/assessment/periods"
SHEETS = "/api/v1/assessment/sheets"
SCORES = "/api/v1/assessment/production-scores"


def audits(obj, action="update"):
    return AuditLog.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action)


@pytest.fixture
def api():
    def login(user):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return login


@pytest.fixture
def other():
    """Company B's 党群工作部 (company B has no template)."""
    root = PartyOrgFactory(code="ZROOT", name="中州铝业公司党委", kind="committee")
    PartyOrgFactory(code="ZB", name="中州电解党支部", parent=root)
    return account_with_role("party_office", root, username="z_office")


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


@pytest.fixture
def jan(template):
    return services.period_open(actor=SYSTEM, template=template, month=JAN)


def sheet_of(period, org) -> Sheet:
    return Sheet.objects.get(period=period, org=org)


# --- opening, locking, reopening ----------------------------------------------------------------------------------


def test_open_a_month(api, company, template, office, secretary_a, other):
    opened = post(api(office), PERIODS, {"month": "2022-01"})  # the org: where the caller is 党群工作部
    assert opened.status_code == 201, opened.content
    body = opened.json()
    assert (body["month"], body["org"], body["status"], body["sheets"]) == ("2022-01", "ROOT", "open", 2)
    period = Period.objects.get(pk=body["id"])
    assert audits(period, "create").get().after["sheets"] == 2
    again = post(api(office), PERIODS, {"org": "ROOT", "month": "2022-01"})
    assert again.status_code == 409 and "already open" in again.json()["message"]
    bad = post(api(office), PERIODS, {"month": "2022-13"})
    assert bad.status_code == 400 and "month" in bad.json()["errors"]
    none = post(api(office), PERIODS, {"month": "2023-01"})
    assert none.status_code == 400 and "no assessment template for 2023" in none.json()["message"]
    assert post(api(secretary_a), PERIODS, {"month": "2022-02"}).status_code == 403
    hidden = post(api(other), PERIODS, {"org": "ROOT", "month": "2022-02"})
    assert hidden.status_code == 400 and "org" in hidden.json()["errors"]
    assert Period.objects.count() == 1

    detail = api(secretary_a).get(f"{PERIODS}/{period.pk}")
    assert detail.status_code == 200 and [s["org"] for s in detail.json()["sheet_list"]] == ["BA"]
    assert api(other).get(f"{PERIODS}/{period.pk}").status_code == 404


def test_lock_and_reopen_a_month(api, company, template, jan, office, secretary_a, other):
    url = f"{PERIODS}/{jan.pk}"
    waiting = post(api(office), f"{url}/lock")
    assert waiting.status_code == 409 and "not reviewed yet" in waiting.json()["message"]
    Sheet.objects.filter(period=jan).update(status=Sheet.Status.REVIEWED)
    assert post(api(secretary_a), f"{url}/lock").status_code == 403
    assert post(api(other), f"{url}/lock").status_code == 404
    locked = post(api(office), f"{url}/lock")
    assert locked.status_code == 200 and locked.json()["status"] == "locked"
    sheet = sheet_of(jan, company["branch_a"])
    assert (sheet.status, sheet.rank) == ("locked", 1)

    line = f"{SHEETS}/{sheet.pk}/lines/A1"
    final = post(api(secretary_a), f"{line}/self-assessment", {"score": "5"})
    assert final.status_code == 409 and "locked" in final.json()["message"]
    assert post(api(office), f"{line}/deduction", {"deduction": "1", "reason": "缺记录"}).status_code == 409

    assert post(api(secretary_a), f"{url}/unlock", {"reason": "更正"}).status_code == 403
    assert post(api(other), f"{url}/unlock", {"reason": "更正"}).status_code == 404
    blank = post(api(office), f"{url}/unlock", {"reason": ""})
    assert blank.status_code == 400 and "reason" in blank.json()["errors"]
    reopened = post(api(office), f"{url}/unlock", {"reason": "生产得分更正"})
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"
    sheet.refresh_from_db()
    assert (sheet.status, sheet.rank, sheet.total) == ("reviewed", None, None)
    assert audits(jan).filter(comment="生产得分更正").count() == 1
    assert post(api(office), f"{url}/unlock", {"reason": "再次"}).status_code == 409
    # The reviewer reopens the review, deducts, and the month is locked again with the new score.
    assert post(api(office), f"{SHEETS}/{sheet.pk}/move", {"action": "reopen"}).status_code == 200
    assert post(api(office), f"{line}/deduction", {"deduction": "2", "reason": "记录不全"}).status_code == 200
    assert post(api(office), f"{SHEETS}/{sheet.pk}/move", {"action": "review"}).status_code == 200
    assert post(api(office), f"{url}/lock").status_code == 200


def test_reopen_on_the_period_page(client, company, template, jan, office, secretary_a):
    Sheet.objects.filter(period=jan).update(status=Sheet.Status.REVIEWED)
    services.period_lock(actor=office, period=jan)
    page = reverse("assessment:period", args=[jan.pk])
    url = reverse("assessment:period_unlock", args=[jan.pk])
    client.force_login(secretary_a)
    assert 'data-testid="unlock-period"' not in client.get(page).content.decode()
    assert client.post(url, {"reason": "更正"}).status_code == 403
    client.force_login(office)
    assert 'data-testid="unlock-period"' in client.get(page).content.decode()
    refused = client.post(url, {"reason": ""}, follow=True)
    assert "Say why the month is reopened." in refused.content.decode()
    assert Period.objects.get(pk=jan.pk).locked
    assert client.post(url, {"reason": "更正"}).status_code == 302
    assert not Period.objects.get(pk=jan.pk).locked


# --- lines --------------------------------------------------------------------------------------------------------


def test_self_assessment_and_deduction(api, company, template, jan, office, secretary_a, reviewer, dual, other):
    sheet = sheet_of(jan, company["branch_a"])
    base = f"{SHEETS}/{sheet.pk}"
    read = api(secretary_a).get(base)
    assert read.status_code == 200 and read.json()["moves"] == ["submit"]
    assert [line["code"] for line in read.json()["lines"]] == ["A1", "A2", "B2"]  # B1 is quarterly

    saved = post(api(secretary_a), f"{base}/lines/A1/self-assessment", {"score": "8.5", "evidence": "会议记录12份"})
    assert saved.status_code == 200, saved.content
    assert (saved.json()["self_score"], saved.json()["final_points"]) == ("8.50", "8.50")
    line = sheet.lines.get(item__code="A1")
    row = audits(line).get()
    assert (row.before["self_score"], row.after["self_score"]) == (None, "8.50")
    too_many = post(api(secretary_a), f"{base}/lines/A1/self-assessment", {"score": "11"})
    assert too_many.status_code == 400 and "score" in too_many.json()["errors"]
    computed = post(api(secretary_a), f"{base}/lines/A2/self-assessment", {"score": "5"})
    assert computed.status_code == 400 and "computed" in computed.json()["message"]
    assert post(api(secretary_a), f"{base}/lines/NOPE/self-assessment", {"score": "1"}).status_code == 404
    assert post(api(office), f"{base}/lines/A1/self-assessment", {"score": "1"}).status_code == 403
    assert post(api(other), f"{base}/lines/A1/self-assessment", {"score": "1"}).status_code == 404
    sheet_b = sheet_of(jan, company["branch_b"])
    assert post(api(secretary_a), f"{SHEETS}/{sheet_b.pk}/lines/A1/self-assessment", {"score": "1"}).status_code == 404
    early = post(api(office), f"{base}/lines/A1/deduction", {"deduction": "1", "reason": "x"})
    assert early.status_code == 409  # a draft: nothing to review yet

    post(api(secretary_a), f"{base}/lines/B2/self-assessment", {"score": "5"})
    submitted = post(api(secretary_a), f"{base}/move", {"action": "submit"})
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    late = post(api(secretary_a), f"{base}/lines/A1/self-assessment", {"score": "9"})
    assert late.status_code == 409

    assert post(api(secretary_a), f"{base}/lines/A1/deduction", {"deduction": "1", "reason": "x"}).status_code == 403
    assert post(api(dual), f"{base}/lines/A1/deduction", {"deduction": "1", "reason": "x"}).status_code == 403
    no_reason = post(api(reviewer), f"{base}/lines/A1/deduction", {"deduction": "1.5"})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    deducted = post(api(reviewer), f"{base}/lines/A1/deduction", {"deduction": "1.5", "reason": "记录不规范"})
    assert deducted.status_code == 200 and deducted.json()["final_points"] == "7.00"
    assert sheet.lines.get(item__code="A1").deduction == D("1.5") and audits(line).count() == 2
    beyond = post(api(reviewer), f"{base}/lines/A1/deduction", {"deduction": "9", "reason": "x"})
    assert beyond.status_code == 400 and "deduction" in beyond.json()["errors"]


# --- production scores --------------------------------------------------------------------------------------------


def test_production_scores(api, company, office, secretary_a, member_a, other):
    body = {"org": "BA", "month": "2022-01", "value": "92.5", "note": "KPI"}
    made = post(api(office), SCORES, body)
    assert made.status_code == 201, made.content
    assert (made.json()["value"], made.json()["source"], made.json()["month"]) == ("92.50", "entered", "2022-01")
    score = ProductionScore.objects.get()
    assert audits(score, "create").exists()
    own = post(api(secretary_a), SCORES, {**body, "value": "100"})  # a branch never scores its own production
    assert own.status_code == 403 and "its own production score" in own.json()["message"], own.content
    changed = post(api(office), SCORES, {**body, "value": "90"})
    assert changed.status_code == 200 and audits(score).get().after["value"] == "90.00"
    assert post(api(office), SCORES, {**body, "value": "101"}).status_code == 400
    assert post(api(office), SCORES, {**body, "month": "2022-1"}).status_code == 400
    assert post(api(secretary_a), SCORES, {**body, "org": "BB"}).status_code == 400
    assert post(api(member_a), SCORES, body).status_code == 403
    assert post(api(other), SCORES, body).status_code == 400
    post(api(office), SCORES, {"org": "BB", "month": "2022-01", "value": "80"})

    listed = api(secretary_a).get(SCORES, {"month": "2022-01"}).json()["items"]
    assert [(s["org"], s["value"]) for s in listed] == [("BA", "90.00")]
    assert len(api(office).get(SCORES).json()["items"]) == 2
    assert api(other).get(SCORES).json()["items"] == []

    cleared = post(api(office), SCORES, {"org": "BA", "month": "2022-01", "value": None})
    assert cleared.status_code == 200 and cleared.json()["value"] is None
    assert not ProductionScore.objects.filter(org=company["branch_a"]).exists()
    assert audits(score, "delete").exists()
