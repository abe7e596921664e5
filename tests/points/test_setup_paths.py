"""The points set-up paths (issue 15): appeals, the rule catalogue, appraisal inputs, the branch-star criteria and
ratings through the API; the criteria page; the rules import; the rating page writing nothing on GET."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.points import services
from dangjian.points.models import (
    DEFAULT_CRITERIA,
    Appeal,
    AppraisalInput,
    BranchRating,
    BranchTemplate,
    PointsEntry,
    PointsRule,
)
from tests.matrix.company_b import build_company_b
from tests.points.conftest import DAY


def audits(model) -> int:
    return AuditLog.objects.filter(object_type=model._meta.label_lower).count()


def _json(client, method, name, body, **kwargs):
    return getattr(client, method)(reverse(f"api:{name}", kwargs=kwargs), body, content_type="application/json")


@pytest.fixture
def approved(company, rules):
    entry = services.entry_create(
        actor=SYSTEM,
        person=company["person_a"],
        rule=rules["HONOUR"],
        occurred_on=DAY,
        reason="表彰",
        evidence="文件",
    )
    return services.entry_approve(actor=SYSTEM, entry=entry)


# ---------------------------------------------------------------- appeals


def test_member_appeals_by_api_and_the_secretary_upholds_it(client, company, approved, member_a, secretary_a):
    client.force_login(member_a)
    before = audits(Appeal)
    response = _json(client, "post", "points_appeal_create", {"entry": approved.pk, "reason": "表彰已撤销"})
    assert response.status_code == 201, response.json()
    appeal_id = response.json()["id"]
    assert response.json()["status"] == "open" and audits(Appeal) == before + 1
    assert [a["id"] for a in client.get(reverse("api:points_appeals"), {"mine": True}).json()["items"]] == [appeal_id]
    # the member cannot decide it, and a second appeal on the same entry is a conflict
    assert _json(client, "post", "points_appeal_create", {"entry": approved.pk, "reason": "再"}).status_code == 409
    client.force_login(secretary_a)
    body = {"uphold": True, "decision": "核实属实"}
    response = _json(client, "post", "points_appeal_decide", body, appeal_id=appeal_id)
    assert response.status_code == 200 and response.json()["status"] == "upheld"
    reversal = PointsEntry.objects.get(pk=response.json()["outcome_entry"])
    assert reversal.reverses_id == approved.pk and reversal.awarded == -approved.awarded


def test_appeal_api_refusals(client, company, approved, member_a, secretary_a):
    client.force_login(member_a)
    assert _json(client, "post", "points_appeal_create", {"reason": "x"}).status_code == 400
    assert _json(client, "post", "points_appeal_create", {"entry": approved.pk}).status_code == 400
    assert _json(client, "post", "points_appeal_create", {"entry": 987654}).status_code == 404
    client.force_login(secretary_a)  # sees the entry, but it is not theirs
    assert _json(client, "post", "points_appeal_create", {"entry": approved.pk, "reason": "x"}).status_code == 403
    appeal = services.appeal_create(actor=member_a, entry=approved, reason="不服")
    assert _json(client, "post", "points_appeal_decide", {"uphold": False}, appeal_id=appeal.pk).status_code == 400
    assert Appeal.objects.get(pk=appeal.pk).status == "open"


def test_another_company_entry_and_appeal_are_not_found(client, company, office, tmp_path):
    b = build_company_b(tmp_path)
    client.force_login(office)
    assert _json(client, "post", "points_appeal_create", {"entry": b["entry"].pk, "reason": "x"}).status_code == 404
    body = {"uphold": False, "decision": "x"}
    assert _json(client, "post", "points_appeal_decide", body, appeal_id=b["appeal"].pk).status_code == 404
    assert _json(client, "patch", "points_rule_update", {"name": "x"}, rule_id=b["rule"].pk).status_code == 404
    assert (
        _json(client, "put", "points_branch_template_save", {"company": b["root"].code}, year=2025).status_code == 404
    )
    body = {"org": b["branch"].code, "year": 2025, "scores": []}
    assert _json(client, "post", "points_branch_rate", body).status_code == 404
    assert (
        client.get(reverse("api:points_branch_template", kwargs={"year": 2025}), {"company": "ZB"}).status_code == 404
    )


# ---------------------------------------------------------------- rules


RULE = {"code": "mentor", "name": "带徒传技", "category": "merit", "points": "3", "valid_from": "2025-01-01"}


def test_office_creates_versions_and_retires_a_rule_by_api(client, company, rules, office):
    client.force_login(office)
    before = audits(PointsRule)
    response = _json(client, "post", "points_rule_create", {**RULE, "cap": "12", "cap_period": "quarter"})
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["code"], data["version"], Decimal(data["cap"])) == ("MENTOR", 1, 12)
    assert _json(client, "post", "points_rule_create", RULE).status_code == 409
    response = _json(
        client, "patch", "points_rule_update", {"valid_from": "2025-07-01", "points": "4"}, rule_id=data["id"]
    )
    assert response.status_code == 200 and response.json()["version"] == 2 and Decimal(response.json()["points"]) == 4
    assert Decimal(response.json()["cap"]) == 12  # what was not sent stays
    assert PointsRule.objects.get(pk=data["id"]).valid_to == dt.date(2025, 6, 30)
    v2 = response.json()["id"]
    # only the latest version changes
    assert (
        _json(client, "post", "points_rule_retire", {"last_day": "2025-12-31"}, rule_id=data["id"]).status_code == 409
    )
    response = _json(client, "post", "points_rule_retire", {"last_day": "2025-12-31"}, rule_id=v2)
    assert response.status_code == 200 and response.json()["valid_to"] == "2025-12-31"
    assert audits(PointsRule) == before + 4  # create, end v1, create v2, retire v2
    codes = {r["code"] for r in client.get(reverse("api:points_rules"), {"code": "mentor"}).json()["items"]}
    assert codes == {"MENTOR"}


def test_rule_api_refusals(client, company, rules, office, secretary_a):
    client.force_login(office)
    response = _json(client, "post", "points_rule_create", {**RULE, "name": "每日登录打卡"})
    assert response.status_code == 400 and "2023" in response.json()["message"]
    response = _json(client, "post", "points_rule_create", {"code": "X"})
    assert (
        response.status_code == 400 and {"name", "category", "points", "valid_from"} <= response.json()["errors"].keys()
    )
    rule = rules["HONOUR"]
    assert _json(client, "patch", "points_rule_update", {"name": "x"}, rule_id=rule.pk).status_code == 400
    assert _json(client, "post", "points_rule_retire", {"last_day": "2019-12-31"}, rule_id=rule.pk).status_code == 400
    client.force_login(secretary_a)
    assert _json(client, "post", "points_rule_create", RULE).status_code == 403
    assert _json(client, "post", "points_rule_retire", {"last_day": "2025-12-31"}, rule_id=rule.pk).status_code == 403
    assert not PointsRule.objects.filter(code="MENTOR").exists()


def test_retire_page_ends_the_rule_and_claims_after_it_are_refused(client, company, rules, office):
    client.force_login(office)
    rule = rules["INNOVATION"]
    assert "retire" in client.get(reverse("points:rules")).content.decode()
    response = client.post(reverse("points:rule_retire", kwargs={"pk": rule.pk}), {"last_day": "2025-03-31"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.valid_to == dt.date(2025, 3, 31) and not rule.valid_on(dt.date(2025, 4, 1))
    response = client.post(reverse("points:rule_retire", kwargs={"pk": rule.pk}), {"last_day": "31/3/2025"})
    assert response.status_code == 302 and PointsRule.objects.get(pk=rule.pk).valid_to == dt.date(2025, 3, 31)


# ---------------------------------------------------------------- appraisal inputs


def test_appraisal_inputs_by_api(client, company, secretary_a, member_a):
    client.force_login(secretary_a)
    body = {"employee_no": company["person_a"].employee_no, "year": 2024, "appraisal": "excellent"}
    before = audits(AppraisalInput)
    assert _json(client, "post", "points_appraisal_record", body).status_code == 201
    response = _json(client, "post", "points_appraisal_record", {**body, "appraisal": "basic"})
    assert response.status_code == 200 and response.json()["appraisal"] == "basic"
    assert audits(AppraisalInput) == before + 2
    response = _json(client, "post", "points_appraisal_record", {**body, "sanctioned": True})
    assert response.status_code == 400 and "veto_note" in response.json()["errors"]
    body_b = {**body, "employee_no": company["person_b"].employee_no}
    assert _json(client, "post", "points_appraisal_record", body_b).status_code == 404
    client.force_login(member_a)
    assert _json(client, "post", "points_appraisal_record", body).status_code == 403
    assert [r["year"] for r in client.get(reverse("api:points_appraisals")).json()["items"]] == [2024]


# ---------------------------------------------------------------- branch criteria and ratings


def test_branch_template_defaults_then_put_changes_reorders_and_retires(client, company, office):
    client.force_login(office)
    url = reverse("api:points_branch_template", kwargs={"year": 2025})
    data = client.get(url).json()
    assert data["saved"] is False and data["source"] == "standard"
    assert [c["name"] for c in data["criteria"]] == [n for n, _p in DEFAULT_CRITERIA]
    assert not BranchTemplate.objects.exists()  # a read writes nothing
    response = _json(client, "put", "points_branch_template_save", {"three_star_mark": "70"}, year=2025)
    assert response.status_code == 201 and response.json()["saved"] and len(response.json()["criteria"]) == 7
    criteria = response.json()["criteria"]
    first, second = criteria[0], criteria[1]
    body = {
        "vetoes": ["发生安全事故", "发生安全事故", ""],
        "criteria": [
            {"id": second["id"], "name": second["name"], "max_points": "30"},
            {"id": first["id"], "name": "班子建设", "max_points": "40"},
            {"name": "新增：党员教育", "max_points": "30"},
        ],
    }
    before = audits(BranchTemplate)
    response = _json(client, "put", "points_branch_template_save", body, year=2025)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert [c["name"] for c in data["criteria"]] == [second["name"], "班子建设", "新增：党员教育"]
    assert data["criteria"][1]["id"] == first["id"] and data["vetoes"] == ["发生安全事故"]
    assert Decimal(data["three_star_mark"]) == 70 and audits(BranchTemplate) == before + 1
    # the next year starts from this one
    assert client.get(reverse("api:points_branch_template", kwargs={"year": 2026})).json()["source"] == "previous"


def test_branch_template_refusals(client, company, office, secretary_a):
    client.force_login(office)
    bad = {"criteria": [{"name": "a", "max_points": "60"}, {"name": "a", "max_points": "30"}]}
    response = _json(client, "put", "points_branch_template_save", bad, year=2025)
    assert response.status_code == 400 and "criteria.1.name" in response.json()["errors"]
    short = {"criteria": [{"name": "a", "max_points": "90"}]}
    response = _json(client, "put", "points_branch_template_save", short, year=2025)
    assert response.status_code == 400 and "100" in response.json()["message"]
    marks = {"three_star_mark": "90", "four_star_mark": "80"}
    assert _json(client, "put", "points_branch_template_save", marks, year=2025).status_code == 400
    assert not BranchTemplate.objects.exists()
    client.force_login(secretary_a)
    assert _json(client, "put", "points_branch_template_save", {}, year=2025).status_code == 403


def test_rating_by_api_then_criteria_are_locked(client, company, office, secretary_a):
    template = services.branch_template_save(actor=office, company=company["root"], year=2025)
    criteria = list(template.criteria.all())
    client.force_login(secretary_a)
    full = [{"criterion": c.pk, "points": str(c.max_points)} for c in criteria]
    body = {"org": company["branch_a"].code, "year": 2025, "scores": full}
    before = audits(BranchRating)
    response = _json(client, "post", "points_branch_rate", body)
    assert response.status_code == 201 and response.json()["stars"] == 5
    response = _json(client, "post", "points_branch_rate", {**body, "vetoes_found": [template.veto_list[0]]})
    assert response.status_code == 200 and response.json()["stars"] == 0
    assert audits(BranchRating) == before + 2
    assert _json(client, "post", "points_branch_rate", {**body, "vetoes_found": ["未列明"]}).status_code == 400
    assert (
        _json(
            client, "post", "points_branch_rate", {**body, "scores": [{"criterion": 987654, "points": 1}]}
        ).status_code
        == 400
    )
    assert _json(client, "post", "points_branch_rate", {**body, "year": 2026}).status_code == 400  # no criteria yet
    assert _json(client, "post", "points_branch_rate", {**body, "org": company["branch_b"].code}).status_code == 404
    ratings = client.get(reverse("api:points_branch_ratings"), {"year": 2025}).json()["items"]
    assert [r["org"] for r in ratings] == [company["branch_a"].code]
    client.force_login(office)
    change = {"criteria": [{"name": "全部", "max_points": "100"}]}
    assert _json(client, "put", "points_branch_template_save", change, year=2025).status_code == 409
    same = {"three_star_mark": str(template.three_star_mark)}
    assert _json(client, "put", "points_branch_template_save", same, year=2025).status_code == 200


def test_rating_page_writes_nothing_on_get_without_criteria(client, company, office):
    client.force_login(office)
    before = AuditLog.objects.count()
    response = client.get(reverse("points:branch_rate", kwargs={"pk": company["branch_a"].pk, "year": 2025}))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("points:branch_template") in body and DEFAULT_CRITERIA[0][0] in body
    assert not BranchTemplate.objects.exists() and AuditLog.objects.count() == before
    response = client.post(reverse("points:branch_rate", kwargs={"pk": company["branch_a"].pk, "year": 2025}), {})
    assert response.status_code == 400 and not BranchRating.objects.exists()


def _formset(rows, **fields):
    data = {
        "three_star_mark": "75",
        "four_star_mark": "85",
        "five_star_mark": "95",
        "vetoes": "发生安全事故",
        "c-TOTAL_FORMS": str(len(rows)),
        "c-INITIAL_FORMS": str(sum(1 for r in rows if r.get("id"))),
        "c-MIN_NUM_FORMS": "0",
        "c-MAX_NUM_FORMS": "40",
        **fields,
    }
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"c-{n}-{key}"] = value
    return data


def test_criteria_page_saves_defaults_then_edits(client, company, office, django_assert_max_num_queries):
    client.force_login(office)
    url = reverse("points:branch_template")
    with django_assert_max_num_queries(14):
        response = client.get(url, {"year": 2025})
    assert response.status_code == 200 and 'data-testid="criteria-defaults"' in response.content.decode()
    assert not BranchTemplate.objects.exists()
    rows = [{"name": n, "max_points": str(p), "ORDER": str(i + 1)} for i, (n, p) in enumerate(DEFAULT_CRITERIA)]
    response = client.post(f"{url}?year=2025", _formset(rows + [{"name": "", "max_points": "", "ORDER": ""}]))
    assert response.status_code == 302, [ln for ln in response.content.decode().splitlines() if "danger" in ln]
    template = BranchTemplate.objects.get(year=2025)
    saved = list(template.criteria.all())
    assert len(saved) == 7 and template.veto_list == ["发生安全事故"]
    # retire the last (5 points), move its points to a new one, put the second first
    rows = [
        {"id": str(c.pk), "name": c.name, "max_points": str(c.max_points), "ORDER": str(i + 1)}
        for i, c in enumerate(saved)
    ]
    rows[1]["ORDER"] = "0"
    rows[6]["DELETE"] = "on"
    rows.append({"name": "党风廉政", "max_points": "5", "ORDER": "9"})
    response = client.post(f"{url}?year=2025", _formset(rows))
    assert response.status_code == 302
    names = list(template.criteria.values_list("name", flat=True))
    assert names[0] == saved[1].name and names[-1] == "党风廉政" and saved[6].name not in names
    assert template.criteria.get(name=saved[0].name).pk == saved[0].pk  # kept its identity
    # a total short of 100 is refused with the sentence, nothing changes
    rows = [{"id": str(c.pk), "name": c.name, "max_points": "1", "ORDER": "1"} for c in template.criteria.all()]
    response = client.post(f"{url}?year=2025", _formset(rows))
    assert response.status_code == 400 and "100" in response.content.decode()
    assert template.criteria.filter(max_points=1).count() == 0


def test_criteria_page_is_the_party_office_s(client, company, secretary_a, member_a):
    for user in (secretary_a, member_a):
        client.force_login(user)
        assert client.get(reverse("points:branch_template")).status_code == 403
        assert client.post(reverse("points:branch_template"), _formset([])).status_code == 403
    assert not BranchTemplate.objects.exists()
