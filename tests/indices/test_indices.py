"""The indices end to end on a small company: the catalogue refuses banned sources, weights are versioned and a new
version never rewrites last year's values, the computation is idempotent and explains itself down to the records,
who sees what (and another company 404), the pages (bounded queries), the API, the export and the stability."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dangjian.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from dangjian.core.services import SYSTEM
from dangjian.indices import components, selectors, services
from dangjian.indices.models import IndexValue, Kind, WeightVersion
from tests.core.imports_support import private_media  # noqa: F401
from tests.factories import PartyOrgFactory, PersonFactory, account_with_role, build_company
from tests.indices.world import DEC, JAN, YEAR, seed
from tests.matrix.runner import module_world

D = Decimal


def _build(tmp_path) -> dict:
    company = build_company()
    data = seed(company)
    users = {
        "office": account_with_role("party_office", company["root"], username="i_office"),
        "leader": account_with_role("leader", company["root"], username="i_leader"),
        "secretary": account_with_role("secretary", company["branch_a"], username="i_sec_a"),
        "secretary_b": account_with_role("secretary", company["branch_b"], username="i_sec_b"),
        "member": account_with_role("member", company["branch_a"], person=company["person_a"], username="i_member"),
        "member_b": account_with_role("member", company["branch_b"], person=company["person_b"], username="i_mem_b"),
        "employee": account_with_role("employee", company["branch_a"], username="i_employee"),
    }
    z_root = PartyOrgFactory(code="ZROOT", name="中州铝业公司党委", kind="committee")
    z_branch = PartyOrgFactory(code="ZB", name="中州氧化铝党支部", parent=z_root)
    PersonFactory(branch=z_branch, member=True, name="钱中州")
    users["office_z"] = account_with_role("party_office", z_root, username="i_office_z")
    return {**company, **data, "users": users, "z_root": z_root}


world = module_world(_build)


@pytest.fixture(autouse=True)
def english():
    """The service's sentences in English whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def _value(kind, month, *, org=None, person=None) -> IndexValue:
    if person is not None:
        return IndexValue.objects.get(kind=kind, month=month, person=person)
    return IndexValue.objects.get(kind=kind, month=month, org=org, person__isnull=True)


def _client(world, who) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world["users"][who])
    return client


# --- the catalogue -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "source", "label"),
    [
        ("login_days", "meetings", "Days logged in"),
        ("online", "online_time", "Time online"),
        ("reading", "articles", "阅读时长"),
        ("likes", "like", "Likes received"),
        ("attendance", "check_in", "Check-ins"),
        ("shares", "posts", "转发和分享"),
    ],
)
def test_the_catalogue_refuses_banned_activity(code, source, label):
    component = components.Component(code, Kind.BRANCH, label, source, "", "%", 10, lambda *a: {}, lambda f: "")
    with pytest.raises(components.Refused, match="2023 and 2024"):
        components.register(component)
    assert components.get(code) is None


def test_every_component_reads_an_outcome_capability():
    sources = {c.source for c in components.of_kind(Kind.BRANCH) + components.of_kind(Kind.MEMBER)}
    assert sources <= {"projects", "value", "meetings", "service", "assessment", "points"}
    assert {c.code for c in components.of_kind(Kind.BRANCH)} == {
        "project_goals", "production", "meetings", "service_sla", "assessment", "points"
    }  # fmt: skip
    for kind in Kind.values:
        assert sum(components.default_weights(kind).values()) == 100


# --- weights -------------------------------------------------------------------------------------------------------
def test_weights_refuse_banned_keys_wrong_sums_and_past_years(db, world):
    office, root = world["users"]["office"], world["root"]
    with pytest.raises(InvalidInput, match="2023 and 2024") as banned:
        services.weights_set(actor=office, company=root, kind=Kind.BRANCH, valid_from=JAN, weights={"login": 100})
    assert banned.value.errors == {"weights": ["Not an outcome an index may read."]}
    with pytest.raises(InvalidInput, match="add up to 90"):
        services.weights_set(actor=office, company=root, kind=Kind.BRANCH, valid_from=JAN, weights={"meetings": 90})
    with pytest.raises(InvalidInput) as bad:
        services.weights_set(actor=office, company=root, kind=Kind.BRANCH, valid_from=JAN, weights={"meetings": "x"})
    assert "meetings" in bad.value.errors
    with pytest.raises(InvalidInput, match="never rewrites a past year"):
        services.weights_set(actor=office, company=root, kind=Kind.BRANCH, valid_from=DEC, weights={"meetings": 100})
    with pytest.raises(NotPermitted):
        services.weights_set(
            actor=world["users"]["secretary"], company=root, kind=Kind.BRANCH, valid_from=JAN, weights={"meetings": 100}
        )
    assert WeightVersion.objects.filter(company=root).count() == 2


def test_a_new_version_applies_from_its_month_and_never_rewrites_last_year(db, world):
    office, root, ba = world["users"]["office"], world["root"], world["branch_a"]
    december = _value(Kind.BRANCH, DEC, org=ba)
    before = (december.pk, december.value, december.version_id, december.components)
    v2 = services.weights_set(
        actor=office, company=root, kind=Kind.BRANCH, valid_from=JAN, weights={"project_goals": 100}, note="今年"
    )
    assert (v2.number, v2.weights["project_goals"], v2.weights["points"]) == (2, 100, 0)
    # Computing every month again: December keeps version 1 and its value, January takes version 2.
    for month in (DEC, JAN):
        services.compute_month(actor=office, company=root, month=month)
    december.refresh_from_db()
    assert (december.pk, december.value, december.version_id, december.components) == before
    january = _value(Kind.BRANCH, JAN, org=ba)
    assert (january.version_id, january.value) == (v2.pk, D("100.0"))
    assert services.version_for(root, Kind.BRANCH, dt.date(YEAR - 1, 6, 1)) == world["v1"][Kind.BRANCH]


def test_an_unused_version_can_be_retired_a_used_one_stays(db, world):
    office, root = world["users"]["office"], world["root"]
    spare = services.weights_set(
        actor=office, company=root, kind=Kind.MEMBER, valid_from=dt.date(YEAR + 1, 1, 1), weights={"member_points": 100}
    )
    services.weights_retire(actor=office, version=spare)
    assert not WeightVersion.objects.filter(pk=spare.pk).exists()
    with pytest.raises(Conflict):
        services.weights_retire(actor=office, version=world["v1"][Kind.MEMBER])


# --- computation ---------------------------------------------------------------------------------------------------
def test_branch_index_from_goals_and_points_with_ranks_and_records(db, world):
    ba, bb = world["branch_a"], world["branch_b"]
    a = _value(Kind.BRANCH, DEC, org=ba)
    parts = {p["code"]: p for p in a.components}
    # The goal: (95 − 90) ÷ (100 − 90) = 50 %; 李明 of 李明 and 周强 earned merit points: 50 %.
    assert (parts["project_goals"]["raw"], parts["project_goals"]["normalised"], parts["project_goals"]["weight"]) == (
        "50.0", "50.0", 50
    )  # fmt: skip
    assert (parts["points"]["normalised"], parts["points"]["weight"]) == ("50.0", 50)
    assert parts["meetings"]["weight"] == 0
    assert a.value == D("50.0") and a.rank == 1
    assert parts["project_goals"]["records"][0]["url"] == reverse("projects:detail", args=[world["project"].pk])
    b = _value(Kind.BRANCH, DEC, org=bb)
    assert (b.value, b.rank) == (D("0.0"), 2)  # no project (left out), nobody earned points
    member = _value(Kind.MEMBER, DEC, person=world["person_a"])
    assert member.value == D("50.0")  # 5 points → 50 (×60) and the project's 50 % (×40)
    quiet = _value(Kind.MEMBER, DEC, person=world["person_c"])
    assert quiet.value == D("0.0") and quiet.org_id == ba.pk


def test_computing_again_is_idempotent(db, world):
    rows = list(IndexValue.objects.order_by("pk").values_list("pk", "value", "rank"))
    services.compute_month(actor=SYSTEM, company=world["root"], month=DEC)
    assert list(IndexValue.objects.order_by("pk").values_list("pk", "value", "rank")) == rows


def test_only_the_office_computes(db, world):
    with pytest.raises(NotPermitted):
        services.compute_month(actor=world["users"]["leader"], company=world["root"], month=DEC)


def test_the_combination_rule_and_ranks():
    parts = [
        {"weight": 60, "normalised": "80"},
        {"weight": 40, "normalised": None},  # no data: left out, the others in proportion
        {"weight": 0, "normalised": "10"},
    ]
    assert services.combine(parts) == D("80.0")
    assert services.combine([{"weight": 50, "normalised": None}]) is None
    assert services.ranks({1: D(90), 2: D(95), 3: D(90), 4: None, 5: D(10)}) == {2: 1, 1: 2, 3: 2, 5: 4}


# --- who sees what -------------------------------------------------------------------------------------------------
def test_scopes(db, world):
    users, ba, bb = world["users"], world["branch_a"], world["branch_b"]
    mine = _value(Kind.MEMBER, DEC, person=world["person_a"])
    theirs = _value(Kind.MEMBER, DEC, person=world["person_b"])
    b_value = _value(Kind.BRANCH, DEC, org=bb)
    # The secretary of BA: BA's index and its members', not BB's.
    sec = users["secretary"]
    assert {r.org_id for r in selectors.values_list(user=sec, org=ba, kind=Kind.MEMBER, month=DEC)} == {ba.pk}
    with pytest.raises(NotFound):
        selectors.value_detail(user=sec, pk=b_value.pk)
    # A member: their own member index only.
    member = users["member"]
    assert selectors.value_detail(user=member, pk=mine.pk) == mine
    for other in (theirs, _value(Kind.BRANCH, DEC, org=ba)):
        with pytest.raises(NotFound):
            selectors.value_detail(user=member, pk=other.pk)
    # Another company's office: 404 on the value, the page and the API.
    z = _client(world, "office_z")
    assert z.get(reverse("indices:detail", args=[mine.pk])).status_code == 404
    assert z.get(reverse("indices:list"), {"org": "BA"}).status_code == 404
    assert z.get(reverse("api:indices_value", args=[mine.pk])).status_code == 404
    assert z.post(reverse("indices:weights_retire", args=[world["v1"][Kind.BRANCH].pk])).status_code == 404
    assert z.get(reverse("api:indices_values")).json()["items"] == []


# --- pages ---------------------------------------------------------------------------------------------------------
def test_list_page(db, world, django_assert_max_num_queries):
    client = _client(world, "office")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("indices:list"), {"kind": "branch", "month": f"{DEC:%Y-%m}"})
    body = response.content.decode()
    assert response.status_code == 200 and "电解一车间党支部" in body and "发电党支部" in body
    with django_assert_max_num_queries(14):
        members = client.get(reverse("indices:list"), {"kind": "member", "month": f"{JAN:%Y-%m}"})
    assert "李明" in members.content.decode() and "+50.0" in members.content.decode()


def test_detail_page_opens_the_breakdown_down_to_the_records(db, world, django_assert_max_num_queries):
    value = _value(Kind.BRANCH, DEC, org=world["branch_a"])
    client = _client(world, "secretary")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("indices:detail", args=[value.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "IDX-001 党建+降低电耗" in body and reverse("projects:detail", args=[world["project"].pk]) in body
    assert "Weight version 1" in body and "Mean goal attainment of 1 goals" in body


def test_member_sees_own_index(db, world, django_assert_max_num_queries):
    client = _client(world, "member")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("indices:mine"))
    assert response.status_code == 200 and f"{JAN:%Y-%m}" in response.content.decode()
    assert client.get(reverse("indices:list")).status_code == 403


def test_distribution_and_stability(db, world, django_assert_max_num_queries):
    client = _client(world, "leader")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("indices:distribution"), {"kind": "member", "month": f"{JAN:%Y-%m}"})
    assert response.status_code == 200 and 'data-testid="jumpy"' in response.content.decode()
    data = selectors.distribution(user=world["users"]["leader"], org=world["root"], kind=Kind.MEMBER, month=JAN)
    # 李明 50 → 100, 周强 0 → 0, 王芳 0 → 0: mean absolute change 50 ÷ 3.
    assert data["stability"].mean_change == D("16.7") and data["stability"].jumpy
    assert sum(b["count"] for b in data["buckets"]) == data["count"] == 3


def test_weights_page_and_form(db, world, django_assert_max_num_queries):
    client = _client(world, "office")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("indices:weights"))
    assert page.status_code == 200 and 'data-testid="version-branch-1"' in page.content.decode()
    refused = client.post(
        reverse("indices:weights_set"),
        {"kind": "branch", "valid_from": f"{JAN:%Y-%m}", "w_project_goals": "70", "w_production": "20"},
    )
    assert refused.status_code == 400 and "they must add up to 100" in refused.content.decode()
    saved = client.post(
        reverse("indices:weights_set"),
        {"kind": "branch", "valid_from": f"{JAN:%Y-%m}", "w_project_goals": "70", "w_production": "30"},
    )
    assert saved.status_code == 302
    assert WeightVersion.objects.filter(kind="branch", valid_from=JAN, weights__production=30).exists()


def test_recompute_from_the_page_runs_in_the_background(db, world, django_capture_on_commit_callbacks):
    client = _client(world, "office")
    IndexValue.objects.filter(month=JAN).delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("indices:recompute"), {"org": "ROOT", "month": f"{JAN:%Y-%m}", "kind": "branch"})
    assert response.status_code == 302
    assert IndexValue.objects.filter(month=JAN).count() == 5  # 2 branches, 3 members


def test_export(db, world):
    response = _client(world, "leader").get(reverse("indices:export"), {"kind": "branch", "month": f"{DEC:%Y-%m}"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == (1, "电解一车间党支部", None, 50) and len(rows) == 3


# --- API -----------------------------------------------------------------------------------------------------------
def test_api(db, world, django_capture_on_commit_callbacks):
    client = _client(world, "office")
    listed = client.get(reverse("api:indices_values"), {"kind": "branch", "month": f"{DEC:%Y-%m}"}).json()
    assert [(r["org"], r["value"], r["rank"]) for r in listed["items"]] == [("BA", "50.0", 1), ("BB", "0.0", 2)]
    detail = client.get(reverse("api:indices_value", args=[listed["items"][0]["id"]])).json()
    goals = next(c for c in detail["components"] if c["code"] == "project_goals")
    assert (goals["weight"], goals["normalised"], goals["contribution"]) == (50, "50.0", "25.0")
    assert goals["records"][0]["label"] == "IDX-001 党建+降低电耗"
    banned = client.post(
        reverse("api:indices_weights_add"),
        {"kind": "member", "valid_from": f"{JAN:%Y-%m}", "weights": {"check_in": 100}},
        content_type="application/json",
    )
    assert banned.status_code == 400 and "2023" in banned.json()["message"]
    added = client.post(
        reverse("api:indices_weights_add"),
        {"kind": "member", "valid_from": f"{JAN:%Y-%m}", "weights": {"member_points": 50, "member_projects": 50}},
        content_type="application/json",
    )
    assert added.status_code == 201 and added.json()["number"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(
            reverse("api:indices_recompute"), {"first": f"{JAN:%Y-%m}"}, content_type="application/json"
        )
    assert queued.status_code == 202 and queued.json() == {"months": [f"{JAN:%Y-%m}"]}
    assert _value(Kind.MEMBER, JAN, person=world["person_a"]).version.number == 2
    distribution = client.get(reverse("api:indices_distribution"), {"kind": "member", "month": f"{JAN:%Y-%m}"}).json()
    assert distribution["count"] == 3 and distribution["jumpy"] is True
    mine = _client(world, "member").get(reverse("api:indices_value", args=[listed["items"][0]["id"]]))
    assert mine.status_code == 404


# --- the weights sheet ---------------------------------------------------------------------------------------------
@pytest.mark.usefixtures("private_media")
def test_weights_sheet_import(db, world, django_capture_on_commit_callbacks):
    from dangjian.core.models import ImportJob
    from tests.core.imports_support import confirm, last_job, upload, xlsx_bytes

    client = _client(world, "office")
    header = ["指数", "起用月份", "项目目标达成度", "生产成效", "实际贡献积分", "所参加项目目标达成度", "备注"]
    refused = [header, ["堡垒指数", f"{JAN:%Y-%m}", 60, 30, "", "", ""]]
    upload(client, "index-weights", "w.xlsx", xlsx_bytes(refused), django_capture_on_commit_callbacks)
    assert last_job().status == ImportJob.Status.INVALID and "add up to 90" in str(last_job().errors)
    rows = [
        header,
        ["堡垒指数", f"{JAN:%Y-%m}", 60, 40, "", "", "导入"],
        ["先锋指数", f"{JAN:%Y-%m}", "", "", 70, 30, ""],
    ]
    upload(client, "index-weights", "w.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    branch = WeightVersion.objects.get(kind="branch", number=2)
    assert (branch.weights["project_goals"], branch.weights["production"], branch.note) == (60, 40, "导入")
    assert WeightVersion.objects.get(kind="member", number=2).weights == {"member_points": 70, "member_projects": 30}


def test_list_page_queries_do_not_grow_with_rows(db, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(world, "office")
    url, query = reverse("indices:list"), {"kind": "member", "month": f"{JAN:%Y-%m}"}
    client.get(url, query)  # the session's refresh is written once
    with CaptureQueriesContext(connection) as few:
        client.get(url, query)
    for n in range(8):
        PersonFactory(branch=world["branch_b"], member=True, name=f"新党员{n}")
    services.compute_month(actor=SYSTEM, company=world["root"], month=JAN)
    with CaptureQueriesContext(connection) as many:
        body = client.get(url, query).content.decode()
    assert "新党员7" in body and len(many.captured_queries) == len(few.captured_queries)
