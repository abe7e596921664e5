"""The set-up API: POST/PATCH /units, org coverage on /orgs, committee seats (/orgs/{code}/seats), and the account
set-up operations (link a person, accounts for people, roles in bulk) — permission, company boundary, audit, errors."""

import pytest

from dangjian.accounts.models import RoleAssignment, User
from dangjian.core.models import AuditLog
from dangjian.org.models import CommitteeSeat, OrgUnitLink, PartyOrg, Unit
from tests.factories import PartyOrgFactory, PersonFactory, UnitFactory, account_with_role


@pytest.fixture
def secadmin(company):
    return account_with_role("security_admin", None, username="secadmin")


@pytest.fixture
def other_company(company):
    root = PartyOrgFactory(code="ZR", kind="committee", name="中州党委")
    unit = UnitFactory(code="ZU", kind="company", name="中州铝业")
    OrgUnitLink.objects.create(org=root, unit=unit)
    branch = PartyOrgFactory(code="ZB", parent=root)
    return {"root": root, "unit": unit, "branch": branch, "person": PersonFactory(branch=branch, member=True)}


@pytest.mark.parametrize(
    "role, status", [("office", 201), ("secretary_a", 403), ("member_a", 403), ("sysadmin", 400), (None, 401)]
)
def test_unit_create(as_user, company, role, status):
    response = as_user(role).post("/units", {"code": "T9", "name": "一班", "kind": "team", "parent": "W1"})
    assert response.status_code == status, response.content
    if status == 201:
        assert response.json()["parent"] == "W1"
        unit = Unit.objects.get(code="T9")
        assert AuditLog.objects.filter(action="create", object_type="org.unit", object_id=str(unit.pk)).exists()
    else:
        assert not Unit.objects.filter(code="T9").exists()


def test_unit_create_top_level_links_the_company(as_user, company):
    response = as_user("office").post("/units", {"code": "P2", "name": "二厂", "kind": "company"})
    assert response.status_code == 201, response.content
    assert response.json()["orgs"] == ["ROOT"]


def test_unit_create_under_another_companys_unit_is_an_unknown_parent(as_user, company, other_company):
    response = as_user("office").post("/units", {"code": "X9", "name": "x", "kind": "workshop", "parent": "ZU"})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["parent"]


def test_unit_update_and_retire(as_user, company, other_company):
    client = as_user("office")
    assert client.patch("/units/W1", {"name": "电解一车间（新）"}).json()["name"] == "电解一车间（新）"
    UnitFactory(parent=company["workshop"], kind="team", code="T1")
    refused = client.patch("/units/W1", {"active": False})
    assert refused.status_code == 400 and "active" in refused.json()["errors"]
    assert client.patch("/units/T1", {"active": False}).json()["active"] is False
    assert client.patch("/units/ZU", {"name": "偷改"}).status_code == 404
    assert as_user("secretary_a").patch("/units/W1", {"name": "x"}).status_code == 403


def test_org_create_without_parent_is_refused_with_a_reason(as_user, company):
    response = as_user("office").post("/orgs", {"code": "NEWCO", "name": "新公司党委", "kind": "committee"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["parent"]


def test_org_units_set_on_create_and_patch(as_user, company, other_company):
    client = as_user("office")
    created = client.post(
        "/orgs", {"code": "B7", "name": "二支部", "kind": "branch", "parent": "ROOT", "units": ["W1"]}
    )
    assert created.status_code == 201 and created.json()["units"] == ["W1"]
    assert client.patch("/orgs/B7", {"units": []}).json()["units"] == []
    foreign = client.patch("/orgs/B7", {"units": ["ZU"]})
    assert foreign.status_code == 400 and list(foreign.json()["errors"]) == ["units"]


def test_seats_api(as_user, company, other_company):
    person = PersonFactory(branch=company["branch_a"], member=True)
    client = as_user("office")
    body = {"person": person.employee_no, "role": "secretary", "since": "2025-01-01"}
    created = client.post("/orgs/BA/seats", body)
    assert created.status_code == 201, created.content
    assert created.json()["person"] == person.employee_no
    again = client.post("/orgs/BA/seats", {**body, "person": company["person_a"].employee_no})
    assert again.status_code == 400 and "role" in again.json()["errors"]
    assert [s["role"] for s in client.get("/orgs/BA/seats", current="true").json()["items"]] == ["secretary"]
    seat_id = created.json()["id"]
    ended = client.post(f"/orgs/BA/seats/{seat_id}/end", {"until": "2025-12-31"})
    assert ended.status_code == 200 and ended.json()["until"] == "2025-12-31"
    assert client.post(f"/orgs/BB/seats/{seat_id}/end", {"until": "2025-12-31"}).status_code == 404
    # another company's org and people are not found
    assert client.post("/orgs/ZB/seats", {**body, "person": other_company["person"].employee_no}).status_code == 404
    assert client.get("/orgs/ZB/seats").status_code == 404
    assert as_user("member_a").post("/orgs/BA/seats", body).status_code == 403
    assert CommitteeSeat.objects.count() == 1


def test_link_person_api(as_user, company, sysadmin):
    account = User.objects.create_user(username="zhang", password="x-Long-enough-1")
    client = as_user("sysadmin")
    linked = client.post("/accounts/zhang/person", {"employee_no": company["person_a"].employee_no})
    assert linked.status_code == 200 and linked.json()["person"] == company["person_a"].employee_no
    assert client.post("/accounts/zhang/person", {"employee_no": "NOPE"}).status_code == 400
    assert client.post("/accounts/nobody/person", {"employee_no": None}).status_code == 404
    assert as_user("office").post("/accounts/zhang/person", {"employee_no": None}).status_code == 403
    account.refresh_from_db()
    assert account.person == company["person_a"]


def test_bulk_accounts_api_returns_passwords_once(as_user, company, sysadmin):
    numbers = [company["person_a"].employee_no, company["person_b"].employee_no]
    response = as_user("sysadmin").post("/accounts/bulk", {"employee_nos": numbers})
    assert response.status_code == 201, response.content
    rows = response.json()
    assert [r["username"] for r in rows] == numbers
    for row in rows:
        user = User.objects.get(username=row["username"])
        assert user.must_change_password and user.check_password(row["password"])
        assert row["password"] not in user.password
    again = as_user("sysadmin").post("/accounts/bulk", {"employee_nos": numbers})
    assert again.status_code == 400
    assert as_user("office").post("/accounts/bulk", {"employee_nos": numbers}).status_code == 403
    assert as_user("secadmin").post("/accounts/bulk", {"employee_nos": numbers}).status_code == 403


def test_bulk_roles_api(as_user, company, secadmin, sysadmin):
    users = [User.objects.create_user(username=f"u{i}", password="x-Long-enough-1") for i in range(3)]
    body = {"accounts": ["u0", "u1", "u2"], "role": "member", "org": "BA"}
    assert as_user("sysadmin").post("/roles/bulk", body).status_code == 403
    response = as_user("secadmin").post("/roles/bulk", body)
    assert response.status_code == 201, response.content
    assert RoleAssignment.objects.filter(user__in=users, role="member", org__code="BA").count() == 3
    # holding it already is fine; an administrator account refuses the whole batch (三员分立)
    refused = as_user("secadmin").post("/roles/bulk", {**body, "accounts": ["u0", "sysadmin"]})
    assert refused.status_code == 400 and "sysadmin" in refused.json()["message"]
    assert not RoleAssignment.objects.filter(user=sysadmin, role="member").exists()
    assert as_user("secadmin").post("/roles/bulk", {**body, "accounts": ["ghost"]}).status_code == 400
    assert PartyOrg.objects.filter(code="BA").exists()
