"""Production units and the current account (/me) in the API."""

import datetime as dt

import pytest

from dangjian.accounts.models import RoleAssignment
from dangjian.org.models import OrgUnitLink
from tests.factories import UnitFactory


@pytest.mark.parametrize(
    "role, expected",
    [("office", ["CO", "W1"]), ("secretary_a", ["CO", "W1"]), ("member_a", ["CO", "W1"]), ("sysadmin", [])],
)
def test_unit_list(as_user, company, role, expected):
    response = as_user(role).get("/units")
    assert response.status_code == 200
    assert [(u["code"], u["parent"]) for u in response.json()["items"]] == [
        (code, {"CO": None, "W1": "CO"}[code]) for code in expected
    ]


def test_unit_list_filters_and_anonymous(as_user, company):
    UnitFactory(code="T1", kind="team", parent=company["workshop"], active=False)
    client = as_user("office")
    assert [u["code"] for u in client.get("/units", kind="team").json()["items"]] == ["T1"]
    assert [u["code"] for u in client.get("/units", active=True).json()["items"]] == ["CO", "W1"]
    assert [u["code"] for u in client.get("/units", q="电解").json()["items"]] == ["W1"]
    assert client.get("/units", kind="factory").status_code == 400
    assert as_user(None).get("/units").status_code == 401


@pytest.mark.parametrize(
    "role, status, orgs",
    [("office", 200, ["BA", "BB"]), ("secretary_a", 200, ["BA"]), ("sysadmin", 404, None), (None, 401, None)],
)
def test_unit_detail_names_only_visible_covering_orgs(as_user, company, role, status, orgs):
    OrgUnitLink.objects.create(org=company["branch_a"], unit=company["workshop"])
    OrgUnitLink.objects.create(org=company["branch_b"], unit=company["workshop"])
    response = as_user(role).get("/units/W1")
    assert response.status_code == status
    if orgs is not None:
        assert response.json()["orgs"] == orgs
        assert response.json()["parent"] == "CO"


def test_unit_detail_missing(as_user, company):
    assert as_user("office").get("/units/NOPE").status_code == 404


@pytest.mark.parametrize("extra", [3, 30])
def test_unit_list_query_count_is_flat(as_user, company, django_assert_max_num_queries, extra):
    for _ in range(extra):
        UnitFactory(parent=company["workshop"], kind="team")
    client = as_user("secretary_a")
    with django_assert_max_num_queries(5):  # token, roles, the units of the user's company, count, rows
        response = client.get("/units", limit=200)
    assert response.json()["count"] == 2 + extra


def test_me_office(as_user, office):
    body = as_user("office").get("/me").json()
    assert body["username"] == "office"
    assert [(r["role"], r["org"]) for r in body["roles"]] == [("party_office", "ROOT")]
    assert body["roles"][0]["label"]
    assert body["person"] is None


def test_me_member_sees_own_person_masked(as_user, company, member_a):
    body = as_user("member_a").get("/me").json()
    assert body["display_name"] == "李明"
    assert body["person"]["employee_no"] == company["person_a"].employee_no
    assert body["person"]["phone"] == "138****5678"
    assert [(r["role"], r["org"]) for r in body["roles"]] == [("member", "BA")]


def test_me_system_admin_role_is_global(as_user, sysadmin):
    assert [(r["role"], r["org"]) for r in as_user("sysadmin").get("/me").json()["roles"]] == [("system_admin", None)]


def test_me_lists_only_current_roles(as_user, company, secretary_a):
    RoleAssignment.objects.create(
        user=secretary_a, role="leader", org=company["root"], since=dt.date(2020, 1, 1), until=dt.date(2021, 1, 1)
    )
    assert [r["role"] for r in as_user("secretary_a").get("/me").json()["roles"]] == ["secretary"]


def test_me_anonymous(as_user, company):
    assert as_user(None).get("/me").status_code == 401
