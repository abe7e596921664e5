"""Party orgs in the API: every endpoint × role, filters, no leaks, bad input, and flat query counts."""

import pytest

from dangjian.core.models import AuditLog
from dangjian.org.models import PartyOrg
from tests.factories import PartyOrgFactory, PersonFactory

ROLES = ["office", "secretary_a", "member_a", "sysadmin"]


def codes(response):
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["items"]]


@pytest.mark.parametrize(
    "role, expected",
    [
        ("office", ["ROOT", "BA", "GA", "BB"]),
        ("secretary_a", ["BA", "GA"]),
        ("member_a", ["BA", "GA"]),
        ("sysadmin", []),
    ],
)
def test_org_list_is_scoped(as_user, role, expected):
    response = as_user(role).get("/orgs")
    assert sorted(codes(response)) == sorted(expected)
    assert response.json()["count"] == len(expected)


def test_org_list_anonymous_is_401(as_user, company):
    assert as_user(None).get("/orgs").status_code == 401


@pytest.mark.parametrize(
    "role, code, status",
    [
        ("office", "BB", 200),
        ("secretary_a", "BA", 200),
        ("secretary_a", "GA", 200),
        ("secretary_a", "BB", 404),
        ("secretary_a", "ROOT", 404),
        ("member_a", "BA", 200),
        ("member_a", "BB", 404),
        ("sysadmin", "BA", 404),
        ("office", "NOPE", 404),
        (None, "BA", 401),
    ],
)
def test_org_detail(as_user, role, code, status):
    response = as_user(role).get(f"/orgs/{code}")
    assert response.status_code == status
    body = response.json()
    if status == 200:
        assert body["code"] == code
    else:
        assert body["message"]


def test_org_detail_shows_parent_and_units(as_user, company):
    company["branch_a"].unit_links.create(unit=company["workshop"])
    body = as_user("office").get("/orgs/BA").json()
    assert body["parent"] == "ROOT"
    assert body["units"] == ["W1"]
    assert body["kind"] == "branch" and body["kind_label"]


def test_out_of_scope_and_missing_orgs_answer_alike(as_user, company):
    client = as_user("secretary_a")
    hidden, missing = client.get("/orgs/BB"), client.get("/orgs/NOPE")
    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"kind": "branch"}, ["BA", "BB", "OLD"]),
        ({"kind": "group"}, ["GA"]),
        ({"under": "BA"}, ["BA", "GA"]),
        ({"q": "发电"}, ["BB"]),
        ({"q": "ga"}, ["GA"]),
        ({"status": "dissolved"}, ["OLD"]),
        ({"under": "NOPE"}, []),
    ],
)
def test_org_list_filters(as_user, company, params, expected):
    PartyOrgFactory(code="OLD", parent=company["root"], status="dissolved", dissolved_on="2020-01-01")
    assert sorted(codes(as_user("office").get("/orgs", **params))) == sorted(expected)


def test_under_an_org_out_of_scope_filters_to_nothing(as_user, company):
    # The secretary of BA cannot learn that BB exists by filtering under it.
    assert codes(as_user("secretary_a").get("/orgs", under="BB")) == []
    assert codes(as_user("secretary_a").get("/orgs", q="发电")) == []


def test_bad_filter_values_are_400_with_field_errors(as_user, company):
    response = as_user("office").get("/orgs", kind="regiment", limit=500)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"kind", "limit"}


def test_pagination(as_user, company):
    client = as_user("office")
    page = client.get("/orgs", limit=2, offset=1).json()
    assert page["count"] == 4
    assert [o["code"] for o in page["items"]] == codes(client.get("/orgs"))[1:3]


NEW_ORG = {"code": "GX", "name": "乙班党小组", "kind": "group", "parent": "BA"}


@pytest.mark.parametrize(
    "role, status",
    [("office", 201), ("secretary_a", 403), ("member_a", 403), ("sysadmin", 400), (None, 401)],
)
def test_org_create(as_user, company, role, status):
    response = as_user(role).post("/orgs", NEW_ORG)
    assert response.status_code == status, response.content
    if status == 201:
        assert response.json()["parent"] == "BA"
        org = PartyOrg.objects.get(code="GX")
        assert org.path.startswith(company["branch_a"].path)
        assert AuditLog.objects.filter(action="create", object_type="org.partyorg", object_id=str(org.pk)).exists()
    else:
        assert not PartyOrg.objects.filter(code="GX").exists()


def test_org_create_under_a_hidden_parent_looks_like_an_unknown_parent(as_user, company):
    client = as_user("member_a")
    hidden = client.post("/orgs", {**NEW_ORG, "kind": "branch", "parent": "BB"})
    missing = client.post("/orgs", {**NEW_ORG, "kind": "branch", "parent": "NOPE"})
    assert hidden.status_code == missing.status_code == 400
    assert list(hidden.json()["errors"]) == ["parent"]


def test_org_create_bad_input(as_user, company):
    response = as_user("office").post("/orgs", {"code": "X" * 41, "kind": "regiment", "colour": "red"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"code", "name", "kind", "colour"}


def test_org_create_model_rules_come_back_per_field(as_user, company):
    # A party group must sit inside a branch: the model's rule, raised by the service, mapped to the field.
    response = as_user("office").post("/orgs", {**NEW_ORG, "parent": "ROOT"})
    assert response.status_code == 400
    assert "parent" in response.json()["errors"]


def test_org_create_duplicate_code_is_400(as_user, company):
    response = as_user("office").post("/orgs", {**NEW_ORG, "code": "BB"})
    assert response.status_code == 400
    assert "code" in response.json()["errors"]


@pytest.mark.parametrize(
    "role, code, status",
    [
        ("office", "BB", 200),
        ("secretary_a", "BA", 200),
        ("secretary_a", "BB", 404),
        ("member_a", "BA", 403),
        ("sysadmin", "BA", 404),
        (None, "BA", 401),
    ],
)
def test_org_update(as_user, company, role, code, status):
    response = as_user(role).patch(f"/orgs/{code}", {"name": "新名称"})
    assert response.status_code == status, response.content
    org = PartyOrg.objects.get(code=code)
    assert (org.name == "新名称") == (status == 200)


def test_org_update_changes_only_what_is_sent(as_user, company):
    before = PartyOrg.objects.get(code="BA")
    response = as_user("office").patch("/orgs/BA", {"term_end": "2030-01-01"})
    assert response.status_code == 200
    after = PartyOrg.objects.get(code="BA")
    assert str(after.term_end) == "2030-01-01"
    assert (after.name, after.term_start) == (before.name, before.term_start)
    entry = AuditLog.objects.filter(action="update", object_id=str(after.pk)).latest("id")
    assert entry.after["term_end"] == "2030-01-01"


def test_org_update_refuses_bad_values(as_user, company):
    client = as_user("office")
    ends_before_start = client.patch("/orgs/BA", {"term_end": "2000-01-01"})
    assert ends_before_start.status_code == 400
    assert list(ends_before_start.json()["errors"]) == ["term_end"]
    emptied = client.patch("/orgs/BA", {"name": None, "sort_order": -1})
    assert emptied.status_code == 400
    assert set(emptied.json()["errors"]) == {"sort_order"}  # checked by the schema before anything else
    assert client.patch("/orgs/BA", {"name": None}).json()["errors"] == {"name": ["This field cannot be empty."]}
    assert PartyOrg.objects.get(code="BA").name == company["branch_a"].name


def test_org_move_needs_add_rights_at_the_new_parent(as_user, company):
    # The secretary of BA may change BA but may not move it under BB (hidden to them: an unknown parent).
    response = as_user("secretary_a").patch("/orgs/GA", {"parent": "BB"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["parent"]
    moved = as_user("office").patch("/orgs/GA", {"parent": "BB"})
    assert moved.status_code == 200
    assert moved.json()["parent"] == "BB"


@pytest.mark.parametrize(
    "role, code, expected",
    [
        ("office", "ROOT", ["a", "b"]),
        ("office", "BA", ["a"]),
        ("office", "GA", ["a"]),
        ("secretary_a", "BA", ["a"]),
        ("secretary_a", "BB", 404),
        ("secretary_a", "ROOT", 404),
        ("member_a", "BA", ["a"]),
        ("sysadmin", "BA", 404),
        (None, "BA", 401),
    ],
)
def test_org_members(as_user, company, role, code, expected):
    # A colleague in BA who is not member_a: the member may see the org but only their own record.
    colleague = PersonFactory(branch=company["branch_a"], name="赵强")
    response = as_user(role).get(f"/orgs/{code}/members")
    if isinstance(expected, int):
        assert response.status_code == expected
        return
    assert response.status_code == 200
    numbers = {row["employee_no"] for row in response.json()["items"]}
    wanted = {company[f"person_{x}"].employee_no for x in expected}
    if role in ("office", "secretary_a") and code in ("ROOT", "BA"):
        wanted.add(colleague.employee_no)
    assert numbers == wanted


def test_org_members_filters(as_user, company):
    PersonFactory(branch=company["branch_a"], party_status="non_member", employee_no="N1")
    PersonFactory(branch=company["branch_a"], active=False, employee_no="GONE")
    client = as_user("office")
    assert [p["employee_no"] for p in client.get("/orgs/BA/members", status="non_member").json()["items"]] == ["N1"]
    everyone = {p["employee_no"] for p in client.get("/orgs/BA/members", include_inactive=True).json()["items"]}
    assert "GONE" in everyone
    assert "GONE" not in {p["employee_no"] for p in client.get("/orgs/BA/members").json()["items"]}


def test_org_warnings(as_user, company):
    response = as_user("office").get("/orgs/ROOT/warnings")
    assert response.status_code == 200
    too_few = {w["org"] for w in response.json()["items"] if w["kind"] == "too_few_members"}
    assert too_few == {"BA", "BB"}
    assert all(w["message"] and w["label"] for w in response.json()["items"])


@pytest.mark.parametrize(
    "role, code, status", [("secretary_a", "BA", 200), ("secretary_a", "ROOT", 404), ("sysadmin", "BA", 404)]
)
def test_org_warnings_scoped(as_user, company, role, code, status):
    response = as_user(role).get(f"/orgs/{code}/warnings")
    assert response.status_code == status
    if status == 200:
        assert {w["org"] for w in response.json()["items"]} <= {"BA", "GA"}


@pytest.mark.parametrize("extra", [3, 30])
def test_org_list_query_count_is_flat(as_user, company, django_assert_max_num_queries, extra):
    for _ in range(extra):
        PartyOrgFactory(parent=company["root"])
    client = as_user("office")
    with django_assert_max_num_queries(4):
        response = client.get("/orgs", limit=200)
    assert response.json()["count"] == 4 + extra


@pytest.mark.parametrize("extra", [3, 30])
def test_org_members_query_count_is_flat(as_user, company, django_assert_max_num_queries, extra):
    for _ in range(extra):
        PersonFactory(branch=company["branch_a"], group=company["group_a"], unit=company["workshop"])
    client = as_user("secretary_a")
    with django_assert_max_num_queries(5):
        response = client.get("/orgs/BA/members", limit=200)
    assert response.json()["count"] == 1 + extra


@pytest.mark.parametrize("extra", [3, 30])
def test_org_warnings_query_count_is_flat(as_user, company, django_assert_max_num_queries, extra):
    for _ in range(extra):
        PartyOrgFactory(parent=company["root"])
    client = as_user("office")
    with django_assert_max_num_queries(4):
        response = client.get("/orgs/ROOT/warnings", limit=200)
    assert response.json()["count"] >= 2 + extra
