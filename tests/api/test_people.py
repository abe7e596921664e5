"""People in the API: every endpoint × role, search without leaks, phone masking, writes through services."""

import pytest

from dangjian.accounts.models import RoleAssignment
from dangjian.core.models import AuditLog
from dangjian.org.models import Person, StatusChange
from tests.api.conftest import ApiClient
from tests.factories import PersonFactory, UnitFactory, account_with_role


@pytest.fixture
def viewer(company):
    """A company leader: reads everyone, changes no one."""
    return account_with_role("leader", company["root"], username="leader")


@pytest.fixture
def recruit(company):
    """A non-member in branch A, at the start of the recruitment path."""
    return PersonFactory(branch=company["branch_a"], employee_no="R1", name="孙丽", unit=company["workshop"])


def numbers(response):
    assert response.status_code == 200, response.content
    return sorted(row["employee_no"] for row in response.json()["items"])


@pytest.mark.parametrize(
    "role, expected",
    [("office", ["a", "b"]), ("viewer", ["a", "b"]), ("secretary_a", ["a"]), ("member_a", ["a"]), ("sysadmin", [])],
)
def test_people_list_is_scoped(as_user, company, role, expected):
    response = as_user(role).get("/people")
    assert numbers(response) == sorted(company[f"person_{x}"].employee_no for x in expected)
    assert response.json()["count"] == len(expected)


def test_people_list_anonymous_is_401(as_user, company):
    assert as_user(None).get("/people").status_code == 401


@pytest.mark.parametrize(
    "params",
    [{"q": "王芳"}, {"q": "王"}, {"org": "BB"}, {"org": "ROOT"}, {"status": "member", "q": "芳"}],
)
def test_search_does_not_leak_people_out_of_scope(as_user, company, params):
    person_b = company["person_b"]
    response = as_user("secretary_a").get("/people", **params)
    assert person_b.employee_no not in numbers(response)
    assert as_user("secretary_a").get("/people", q=person_b.employee_no).json() == {"items": [], "count": 0}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"q": "李"}, ["a"]),
        ({"org": "BB"}, ["b"]),
        ({"org": "ROOT"}, ["a", "b", "r"]),
        ({"status": "non_member"}, ["r"]),
        ({"unit": "CO"}, ["r"]),
        ({"unit": "NOPE"}, []),
        ({"org": "NOPE"}, []),
    ],
)
def test_people_filters(as_user, company, recruit, params, expected):
    people = {"a": company["person_a"], "b": company["person_b"], "r": recruit}
    assert numbers(as_user("office").get("/people", **params)) == sorted(people[x].employee_no for x in expected)


def test_inactive_people_only_on_request(as_user, company):
    PersonFactory(branch=company["branch_a"], employee_no="GONE", active=False)
    client = as_user("office")
    assert "GONE" not in numbers(client.get("/people"))
    assert "GONE" in numbers(client.get("/people", include_inactive=True))


@pytest.mark.parametrize(
    "role, who, status",
    [
        ("office", "b", 200),
        ("viewer", "b", 200),
        ("secretary_a", "a", 200),
        ("secretary_a", "b", 404),
        ("member_a", "a", 200),
        ("member_a", "b", 404),
        ("sysadmin", "a", 404),
        (None, "a", 401),
    ],
)
def test_person_detail(as_user, company, role, who, status):
    person = company[f"person_{who}"]
    response = as_user(role).get(f"/people/{person.employee_no}")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["employee_no"] == person.employee_no
        assert body["branch"] == person.branch.code


def test_hidden_and_missing_people_answer_alike(as_user, company):
    client = as_user("secretary_a")
    hidden, missing = client.get(f"/people/{company['person_b'].employee_no}"), client.get("/people/NOPE")
    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())


@pytest.mark.parametrize(
    "role, phone",
    [("office", "13812345678"), ("secretary_a", "13812345678"), ("viewer", "138****5678"), ("member_a", "138****5678")],
)
def test_phone_is_masked_unless_the_caller_may_change_the_person(as_user, company, role, phone):
    employee_no = company["person_a"].employee_no
    client = as_user(role)
    assert client.get(f"/people/{employee_no}").json()["phone"] == phone
    listed = {p["employee_no"]: p["phone"] for p in client.get("/people").json()["items"]}
    assert listed[employee_no] == phone


def test_phone_masking_is_per_row(client, company):
    # Secretary of BA and company leader: sees everyone, may change only BA's people, so only they show whole.
    user = account_with_role("secretary", company["branch_a"], username="mixed")
    RoleAssignment.objects.create(user=user, role="leader", org=company["root"])
    phones = {p["employee_no"]: p["phone"] for p in ApiClient(client, user).get("/people").json()["items"]}
    assert phones == {company["person_a"].employee_no: "13812345678", company["person_b"].employee_no: "138****5678"}


NEW_PERSON = {"employee_no": "N100", "name": "周杰", "gender": "male", "branch": "BA"}


@pytest.mark.parametrize(
    "role, branch, status",
    [
        ("office", "BB", 201),
        ("secretary_a", "BA", 201),
        ("secretary_a", "BB", 400),
        ("member_a", "BA", 403),
        ("viewer", "BA", 403),
        ("sysadmin", "BA", 400),
        (None, "BA", 401),
    ],
)
def test_person_create(as_user, company, role, branch, status):
    response = as_user(role).post("/people", {**NEW_PERSON, "branch": branch})
    assert response.status_code == status, response.content
    created = Person.objects.filter(employee_no="N100").first()
    assert (created is not None) == (status == 201)
    if status == 201:
        assert response.json()["branch"] == branch
        assert AuditLog.objects.filter(action="create", object_type="org.person", object_id=str(created.pk)).exists()
    elif status == 400:
        assert list(response.json()["errors"]) == ["branch"]


def test_person_create_with_step_dates_records_history(as_user, company):
    body = {
        **NEW_PERSON,
        "party_status": "activist",
        "applied_on": "2024-01-10",
        "activist_on": "2024-07-10",
        "group": "GA",
        "unit": "W1",
    }
    response = as_user("secretary_a").post("/people", body)
    assert response.status_code == 201, response.content
    assert (response.json()["group"], response.json()["unit"]) == ("GA", "W1")
    steps = list(StatusChange.objects.filter(person__employee_no="N100").values_list("to_status", flat=True))
    assert steps == ["applicant", "activist"]


@pytest.mark.parametrize(
    "body, fields",
    [
        ({"name": "周杰", "gender": "male", "branch": "BA"}, {"employee_no"}),
        ({**NEW_PERSON, "gender": "robot", "birth_date": "1990-13-01"}, {"gender", "birth_date"}),
        ({**NEW_PERSON, "party_status": "member"}, {"full_member_on"}),
        ({**NEW_PERSON, "salary": 1}, {"salary"}),
        ({**NEW_PERSON, "employee_no": "X" * 31}, {"employee_no"}),
        ({**NEW_PERSON, "group": "GA", "branch": "BB"}, {"group"}),
    ],
)
def test_person_create_bad_input_is_400_with_field_errors(as_user, company, body, fields):
    response = as_user("office").post("/people", body)
    assert response.status_code == 400, response.content
    assert set(response.json()["errors"]) == fields
    assert response.json()["message"]
    assert not Person.objects.filter(name="周杰").exists()


def test_person_create_duplicate_employee_no(as_user, company):
    response = as_user("office").post("/people", {**NEW_PERSON, "employee_no": company["person_b"].employee_no})
    assert response.status_code == 400
    assert "employee_no" in response.json()["errors"]


@pytest.mark.parametrize(
    "role, who, status",
    [
        ("office", "b", 200),
        ("secretary_a", "a", 200),
        ("secretary_a", "b", 404),
        ("member_a", "a", 403),
        ("viewer", "a", 403),
        ("sysadmin", "a", 404),
        (None, "a", 401),
    ],
)
def test_person_update(as_user, company, role, who, status):
    person = company[f"person_{who}"]
    response = as_user(role).patch(f"/people/{person.employee_no}", {"phone": "13900000000", "job_title": "电解工"})
    assert response.status_code == status, response.content
    person.refresh_from_db()
    assert (person.phone == "13900000000") == (status == 200)
    if status == 200:
        assert response.json()["phone"] == "13900000000"


def test_person_update_refuses_status_and_hidden_or_empty_references(as_user, company):
    client = as_user("secretary_a")
    path = f"/people/{company['person_a'].employee_no}"
    assert set(client.patch(path, {"party_status": "non_member"}).json()["errors"]) == {"party_status"}
    assert set(client.patch(path, {"branch": "BB"}).json()["errors"]) == {"branch"}
    assert set(client.patch(path, {"branch": None}).json()["errors"]) == {"branch"}
    # clearing optional fields is allowed
    cleared = client.patch(path, {"group": None, "phone": None})
    assert cleared.status_code == 200
    assert (cleared.json()["group"], cleared.json()["phone"]) == (None, "")


def test_person_move_between_branches_by_the_office(as_user, company):
    person = company["person_a"]
    response = as_user("office").patch(f"/people/{person.employee_no}", {"branch": "BB", "group": None})
    assert response.status_code == 200
    assert response.json()["branch"] == "BB"


@pytest.mark.parametrize(
    "role, status", [("office", 200), ("secretary_a", 200), ("member_a", 404), ("viewer", 403), ("sysadmin", 404)]
)
def test_status_change(as_user, recruit, role, status):
    response = as_user(role).post(
        f"/people/{recruit.employee_no}/status", {"to_status": "applicant", "on": "2024-03-01"}
    )
    assert response.status_code == status, response.content
    recruit.refresh_from_db()
    assert (recruit.party_status == "applicant") == (status == 200)
    if status == 200:
        assert str(recruit.applied_on) == "2024-03-01"
        assert recruit.status_changes.count() == 1


def test_status_change_out_of_scope_is_404(as_user, company):
    response = as_user("secretary_a").post(
        f"/people/{company['person_b'].employee_no}/status", {"to_status": "non_member", "on": "2024-03-01"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body, field",
    [
        ({"to_status": "candidate", "on": "2024-03-01"}, None),  # skips steps
        ({"to_status": "emperor", "on": "2024-03-01"}, "to_status"),
        ({"to_status": "applicant"}, "on"),
        ({"to_status": "applicant", "on": "yesterday"}, "on"),
    ],
)
def test_illegal_status_moves_are_refused(as_user, recruit, body, field):
    response = as_user("office").post(f"/people/{recruit.employee_no}/status", body)
    assert response.status_code in (400, 409)
    assert response.json()["message"]
    if field:
        assert field in response.json()["errors"]
    recruit.refresh_from_db()
    assert recruit.party_status == "non_member"
    assert not recruit.status_changes.exists()


def test_status_change_cannot_go_back_in_time(as_user, recruit):
    client = as_user("office")
    path = f"/people/{recruit.employee_no}/status"
    assert client.post(path, {"to_status": "applicant", "on": "2024-03-01"}).status_code == 200
    response = client.post(path, {"to_status": "activist", "on": "2024-01-01"})
    assert response.status_code == 400
    assert "2024-03-01" in response.json()["message"]


@pytest.mark.parametrize(
    "role, who, status",
    [
        ("office", "r", 200),
        ("secretary_a", "r", 200),
        ("member_a", "a", 200),
        ("member_a", "r", 404),
        ("sysadmin", "r", 404),
    ],
)
def test_history(as_user, company, recruit, office, role, who, status):
    person = recruit if who == "r" else company["person_a"]
    StatusChange.objects.create(person=person, from_status="non_member", to_status="applicant", on="2024-03-01")
    response = as_user(role).get(f"/people/{person.employee_no}/history")
    assert response.status_code == status
    if status == 200:
        assert [(h["from_status"], h["to_status"], h["on"]) for h in response.json()["items"]] == [
            ("non_member", "applicant", "2024-03-01")
        ]


def test_history_names_who_recorded_each_step(as_user, recruit):
    client = as_user("office")
    client.post(f"/people/{recruit.employee_no}/status", {"to_status": "applicant", "on": "2024-03-01", "note": "谈话"})
    [step] = client.get(f"/people/{recruit.employee_no}/history").json()["items"]
    assert (step["recorded_by"], step["note"]) == ("office", "谈话")
    assert step["recorded_at"].endswith("+08:00")


@pytest.mark.parametrize("extra", [3, 30])
def test_people_list_query_count_is_flat(as_user, company, django_assert_max_num_queries, extra):
    unit = UnitFactory(parent=company["workshop"])
    for _ in range(extra):
        PersonFactory(branch=company["branch_a"], group=company["group_a"], unit=unit)
    client = as_user("secretary_a")
    # token, roles, company units, unit code, org code, unit path, count, rows
    with django_assert_max_num_queries(8):
        response = client.get("/people", limit=200, unit="W1", org="BA")
    assert response.json()["count"] == extra


@pytest.mark.parametrize("extra", [3, 30])
def test_history_query_count_is_flat(as_user, recruit, office, django_assert_max_num_queries, extra):
    StatusChange.objects.bulk_create(
        StatusChange(person=recruit, from_status="", to_status="applicant", on="2024-03-01", recorded_by=office)
        for _ in range(extra)
    )
    client = as_user("office")
    with django_assert_max_num_queries(5):
        response = client.get(f"/people/{recruit.employee_no}/history", limit=200)
    assert response.json()["count"] == extra
