"""People pages (list, person page, edit, create, status move) for each kind of user; the export has its own file."""

import datetime as dt

import pytest
from django.urls import reverse

from dangjian.core.models import AuditLog
from dangjian.org.models import Person, StatusChange
from tests.factories import PartyOrgFactory, PersonFactory, UnitFactory, account_with_role


@pytest.fixture
def as_role(request, login):
    def make(name):
        return login(request.getfixturevalue(name) if name else None)

    return make


def names(response) -> set[str]:
    return {p.name for p in response.context["page"].object_list}


# --- list ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [("office", {"李明", "王芳"}), ("secretary_a", {"李明"}), ("secretary_b", {"王芳"}), ("member_a", {"李明"})],
)
def test_people_list_is_scoped(company, as_role, role, expected):
    response = as_role(role).get(reverse("org:people"))
    assert response.status_code == 200
    assert names(response) == expected


def test_people_list_anonymous_is_sent_to_login(company, login):
    response = login(None).get(reverse("org:people"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_people_list_is_forbidden_to_system_roles(company, login):
    assert login(account_with_role("audit_admin", None)).get(reverse("org:people")).status_code == 403


def test_people_list_masks_phones(company, office, login):
    html = login(office).get(reverse("org:people")).content.decode()
    assert "138****5678" in html and "13812345678" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=李", {"李明"}),
        ("q=E9", set()),
        ("org=BB", {"王芳"}),
        ("org=ROOT", {"李明", "王芳", "赵女士"}),
        ("org=NOPE", set()),
        ("party_status=activist", {"赵女士"}),
        ("gender=female", {"赵女士"}),
        ("education=master", {"赵女士"}),
    ],
)
def test_people_list_search_and_filters(company, office, login, query, expected):
    PersonFactory(
        branch=company["branch_a"],
        name="赵女士",
        gender="female",
        education="master",
        party_status="activist",
        applied_on=dt.date(2023, 1, 1),
        activist_on=dt.date(2023, 6, 1),
    )
    assert names(login(office).get(reverse("org:people") + "?" + query)) == expected


def test_people_list_searches_employee_number(company, office, login):
    number = company["person_b"].employee_no
    assert names(login(office).get(reverse("org:people"), {"q": number})) == {"王芳"}


def test_people_list_filters_by_unit_subtree(company, office, login):
    team = UnitFactory(parent=company["workshop"], kind="team")
    PersonFactory(branch=company["branch_b"], unit=team, name="班组人")
    response = login(office).get(reverse("org:people"), {"unit": company["workshop"].pk})
    assert names(response) == {"班组人"}


def test_org_filter_out_of_scope_gives_nothing(company, secretary_a, login):
    assert names(login(secretary_a).get(reverse("org:people"), {"org": "BB"})) == set()


def test_people_off_the_roll_only_on_request(company, office, login):
    PersonFactory(branch=company["branch_a"], name="已调离", active=False)
    client = login(office)
    assert "已调离" not in names(client.get(reverse("org:people")))
    assert "已调离" in names(client.get(reverse("org:people"), {"include_inactive": "on"}))


def test_people_list_paginates(company, office, login, grow, settings):
    settings.PAGE_SIZE = 10
    grow(25)
    response = login(office).get(reverse("org:people"), {"page": 3})
    assert response.context["page"].number == 3 and len(response.context["page"].object_list) == 7


def test_htmx_request_gets_only_the_table(company, office, login):
    response = login(office).get(reverse("org:people"), {"q": "李"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "李明" in html and "<html" not in html and 'data-testid="people-filters"' not in html


def test_people_list_query_count_is_flat(company, office, login, grow, django_assert_max_num_queries):
    client = login(office)
    url = reverse("org:people") + "?party_status=member"
    grow(1)
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    grow(30, unit=company["workshop"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url).context["page"].object_list) == 33


# --- person page -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status", "can_change"),
    [("office", 200, True), ("secretary_a", 200, True), ("secretary_b", 404, False), ("member_a", 200, False)],
)
def test_person_page_by_role(company, as_role, role, status, can_change):
    response = as_role(role).get(reverse("org:person", args=[company["person_a"].pk]))
    assert response.status_code == status
    if status == 200:
        assert response.context["can_change"] is can_change
        assert (response.context["status_form"] is not None) is can_change


def test_member_cannot_see_someone_else(company, member_a, login):
    other = PersonFactory(branch=company["branch_a"])
    assert login(member_a).get(reverse("org:person", args=[other.pk])).status_code == 404


def test_person_page_anonymous_is_sent_to_login(company, login):
    assert login(None).get(reverse("org:person", args=[company["person_a"].pk])).status_code == 302


def test_person_page_shows_history_and_masks_phone_for_readers(company, login):
    person = company["person_a"]
    StatusChange.objects.create(person=person, from_status="probationary", to_status="member", on=dt.date(2013, 3, 1))
    leader = account_with_role("leader", company["root"])
    response = login(leader).get(reverse("org:person", args=[person.pk]))
    assert len(response.context["d"].history) == 1
    assert response.context["phone"] == "138****5678"


def test_person_page_query_count_is_flat(company, office, login, django_assert_max_num_queries):
    person = company["person_a"]
    client = login(office)
    url = reverse("org:person", args=[person.pk])
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    StatusChange.objects.bulk_create(
        StatusChange(
            person=person, from_status="member", to_status="member", on=dt.date(2014, 1, 1), recorded_by=office
        )
        for _ in range(30)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# --- edit, create, status --------------------------------------------------------------------------------------------


def person_data(person: Person, **changes) -> dict:
    data = {
        "employee_no": person.employee_no,
        "name": person.name,
        "gender": person.gender,
        "birth_date": person.birth_date or "",
        "education": person.education,
        "job_title": person.job_title,
        "phone": person.phone,
        "unit": person.unit_id or "",
        "branch": person.branch_id,
        "group": person.group_id or "",
        "applied_on": person.applied_on or "",
        "activist_on": person.activist_on or "",
        "candidate_on": person.candidate_on or "",
        "probationary_on": person.probationary_on or "",
        "full_member_on": person.full_member_on or "",
        "active": "on" if person.active else "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("role", "status"), [("office", 200), ("secretary_a", 200), ("secretary_b", 404), ("member_a", 403)]
)
def test_person_edit_page_by_role(company, as_role, role, status):
    assert as_role(role).get(reverse("org:person_edit", args=[company["person_a"].pk])).status_code == status


def test_secretary_edits_a_person_and_it_is_audited(company, secretary_a, login):
    person = company["person_a"]
    response = login(secretary_a).post(
        reverse("org:person_edit", args=[person.pk]), person_data(person, job_title="电解工", phone="13900001111")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.job_title == "电解工" and person.party_status == "member"
    assert AuditLog.objects.filter(action="update", object_type="org.person", object_id=str(person.pk)).exists()


def test_secretary_cannot_move_a_person_out_of_scope(company, secretary_a, login):
    person = company["person_a"]
    response = login(secretary_a).post(
        reverse("org:person_edit", args=[person.pk]), person_data(person, branch=company["branch_b"].pk, group="")
    )
    assert response.status_code == 200 and "branch" in response.context["form"].errors
    person.refresh_from_db()
    assert person.branch == company["branch_a"]


def test_edit_maps_domain_errors_to_the_form(company, office, login):
    person = company["person_a"]
    response = login(office).post(
        reverse("org:person_edit", args=[person.pk]), person_data(person, activist_on="2009-01-01")
    )
    assert response.status_code == 200 and response.context["form"].errors


def test_secretary_registers_a_person(company, secretary_a, login):
    client = login(secretary_a)
    assert client.get(reverse("org:person_create")).status_code == 200
    response = client.post(
        reverse("org:person_create"),
        {
            "employee_no": "E900001",
            "name": "新员工",
            "gender": "female",
            "branch": company["branch_a"].pk,
            "party_status": "applicant",
            "applied_on": "2025-01-10",
        },
    )
    person = Person.objects.get(employee_no="E900001")
    assert response.status_code == 302 and response["Location"] == reverse("org:person", args=[person.pk])
    assert list(person.status_changes.values_list("to_status", flat=True)) == ["applicant"]


@pytest.mark.parametrize("role", ["member_a"])
def test_person_create_forbidden_without_add(company, as_role, role):
    assert as_role(role).get(reverse("org:person_create")).status_code == 403


def test_status_moves_one_step(company, secretary_a, login):
    person = PersonFactory(branch=company["branch_a"], party_status="applicant", applied_on=dt.date(2024, 1, 1))
    client = login(secretary_a)
    response = client.post(
        reverse("org:person_status", args=[person.pk]),
        {"to_status": "activist", "on": "2024-07-01", "note": "支委会确定"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.party_status == "activist" and person.activist_on == dt.date(2024, 7, 1)
    change = person.status_changes.get()
    assert change.recorded_by == secretary_a and change.note == "支委会确定"


def test_status_skip_is_refused_on_the_form(company, secretary_a, login):
    person = PersonFactory(branch=company["branch_a"], party_status="applicant", applied_on=dt.date(2024, 1, 1))
    response = login(secretary_a).post(
        reverse("org:person_status", args=[person.pk]), {"to_status": "member", "on": "2024-07-01"}
    )
    assert response.status_code == 400 and "to_status" in response.context["status_form"].errors
    person.refresh_from_db()
    assert person.party_status == "applicant"


def test_status_date_before_previous_step_is_refused(company, secretary_a, login):
    person = PersonFactory(branch=company["branch_a"], party_status="applicant", applied_on=dt.date(2024, 1, 1))
    StatusChange.objects.create(person=person, from_status="non_member", to_status="applicant", on=dt.date(2024, 1, 1))
    response = login(secretary_a).post(
        reverse("org:person_status", args=[person.pk]), {"to_status": "activist", "on": "2023-07-01"}
    )
    assert response.status_code == 400
    assert "earlier than the previous step" in response.content.decode()


@pytest.mark.parametrize(("role", "status"), [("secretary_b", 404), ("member_a", 403)])
def test_status_move_refused_out_of_scope_or_without_change(company, as_role, role, status):
    response = as_role(role).post(
        reverse("org:person_status", args=[company["person_a"].pk]), {"to_status": "non_member", "on": "2025-01-01"}
    )
    assert response.status_code == status
    company["person_a"].refresh_from_db()
    assert company["person_a"].party_status == "member"


def test_filter_selects_stay_bounded_but_keep_the_chosen_one(company, office, login):
    deep = company["group_a"]
    team = UnitFactory(parent=company["workshop"], kind="team", code="T9")
    response = login(office).get(reverse("org:people"))
    form = response.context["form"]
    assert "GA" not in dict(form.fields["org"].choices)  # groups are not offered
    assert team.pk not in dict(form.fields["unit"].choices)  # nor units below workshops
    form = login(office).get(reverse("org:people"), {"org": deep.code, "unit": team.pk}).context["form"]
    assert deep.code in dict(form.fields["org"].choices) and team.pk in dict(form.fields["unit"].choices)


def test_unit_filter_with_absurd_id_is_ignored(company, office, login):
    response = login(office).get(reverse("org:people"), {"unit": "9" * 40})
    assert response.status_code == 200


def test_person_form_offers_groups_and_units_of_the_chosen_branch(company, office, login):
    company["branch_a"].unit_links.create(unit=company["workshop"])
    other_group = PartyOrgFactory(parent=company["branch_b"], kind="group", code="GB")
    client = login(office)
    url = reverse("org:person_edit", args=[company["person_a"].pk])
    form = client.get(url).context["form"]
    assert list(form.fields["group"].queryset) == [company["group_a"]]
    assert list(form.fields["unit"].queryset) == [company["workshop"]]  # the line branch A covers
    # choosing branch B redraws the form (htmx GET with the values so far): B's groups, every unit (no coverage)
    response = client.get(url, {"branch": company["branch_b"].pk, "name": "改名中"}, HTTP_HX_REQUEST="true")
    form = response.context["form"]
    assert list(form.fields["group"].queryset) == [other_group]
    assert set(form.fields["unit"].queryset) == {company["unit"], company["workshop"]}
    assert 'value="改名中"' in response.content.decode()


def test_person_form_query_count_is_flat(company, office, login, django_assert_max_num_queries):
    client = login(office)
    url = reverse("org:person_edit", args=[company["person_a"].pk])
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    for _ in range(30):
        PartyOrgFactory(parent=company["branch_a"], kind="group")
        UnitFactory(parent=company["workshop"], kind="team")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
