"""Set-up of the structure without code: top-level and other units (page, service), retiring units, the top party
org (created by init_company, updated by the office, never created by it), org↔unit coverage on the org form, and
committee seats with terms (page and service)."""

import datetime as dt

import pytest
from django.urls import reverse

from dangjian.core.errors import InvalidInput, NotFound, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.meetings.models import MeetingType
from dangjian.meetings.services.attendance import roster
from dangjian.org import health, services
from dangjian.org.models import CommitteeSeat, OrgUnitLink, PartyOrg, Unit
from dangjian.org.tenancy import company_unit_paths
from tests.factories import PartyOrgFactory, PersonFactory, UnitFactory, account_with_role

# --- units -----------------------------------------------------------------------------------------------------------


def test_office_creates_a_top_level_unit_linked_to_its_company(company, office):
    plant = services.unit_create(actor=office, parent=None, code="P2", name="二厂", kind="company")
    assert OrgUnitLink.objects.filter(org=company["root"], unit=plant).exists()
    assert plant.path in company_unit_paths(office.__class__.objects.get(pk=office.pk))
    assert AuditLog.objects.filter(object_type="org.unit", object_id=str(plant.pk), action="create").exists()
    assert AuditLog.objects.filter(object_type="org.orgunitlink", action="create").exists()


def test_only_the_company_office_creates_a_top_level_unit(company, secretary_a):
    secretary_office = account_with_role("party_office", company["branch_a"], username="branch_office")
    for actor in (secretary_a, secretary_office):
        with pytest.raises(NotPermitted):
            services.unit_create(actor=actor, parent=None, code="P3", name="x", kind="company")
    assert not Unit.objects.filter(code="P3").exists()


def test_a_unit_of_another_company_is_not_found_as_a_parent(company, office):
    other_root = PartyOrgFactory(code="ZR", kind="committee")
    other_unit = UnitFactory(code="ZU", kind="company")
    OrgUnitLink.objects.create(org=other_root, unit=other_unit)
    with pytest.raises(NotFound):
        services.unit_create(actor=office, parent=other_unit, code="ZW", name="x", kind="workshop")
    with pytest.raises(NotFound):
        services.unit_update(actor=office, unit=other_unit, name="偷改")


def test_retiring_a_unit_waits_for_the_units_under_it(company, office):
    team = UnitFactory(parent=company["workshop"], kind="team", code="T1")
    with pytest.raises(InvalidInput) as caught:
        services.unit_update(actor=office, unit=company["workshop"], active=False)
    assert "active" in caught.value.errors
    services.unit_update(actor=office, unit=team, active=False)
    services.unit_update(actor=office, unit=company["workshop"], active=False)
    assert not Unit.objects.get(pk=company["workshop"].pk).active
    with pytest.raises(InvalidInput):
        services.unit_update(actor=office, unit=team, active=True)  # its parent is retired


def test_unit_page_creates_a_top_level_unit_for_the_office(client, company, office):
    client.force_login(office)
    page = client.get(reverse("org:unit_create"))
    assert page.status_code == 200 and not page.context["form"].fields["parent"].required
    response = client.post(
        reverse("org:unit_create"), {"parent": "", "code": "P2", "name": "二厂", "kind": "company", "sort_order": 1}
    )
    assert response.status_code == 302
    assert Unit.objects.get(code="P2").org_links.get().org == company["root"]


def test_unit_page_refuses_retiring_a_unit_in_use(client, company, office):
    UnitFactory(parent=company["workshop"], kind="team", code="T1")
    client.force_login(office)
    response = client.post(
        reverse("org:unit_edit", args=[company["workshop"].pk]),
        {"code": "W1", "name": "电解一车间", "kind": "workshop", "sort_order": 0},  # "active" unticked
    )
    assert response.status_code == 200
    assert response.context["form"].errors["active"]
    assert Unit.objects.get(pk=company["workshop"].pk).active


# --- the top party org ---------------------------------------------------------------------------------------------


def test_nobody_but_init_company_creates_a_root_org(company, office):
    with pytest.raises(InvalidInput) as caught:
        services.org_create(actor=office, parent=None, code="NEWCO", name="x", kind="committee")
    assert list(caught.value.errors) == ["parent"]


def test_office_creates_a_direct_org_and_edits_the_company_committee(company, office):
    direct = services.org_create(actor=office, parent=company["root"], code="D1", name="机关党支部", kind="branch")
    assert direct.parent == company["root"]
    services.org_update(actor=office, org=company["root"], name="公司党委（新）", term_start=dt.date(2024, 1, 1))
    assert PartyOrg.objects.get(pk=company["root"].pk).name == "公司党委（新）"
    with pytest.raises(InvalidInput):
        services.org_dissolve(actor=office, org=company["root"], on=dt.date(2026, 1, 1))


def test_org_form_sets_the_units_covered(client, company, office):
    client.force_login(office)
    response = client.post(
        reverse("org:edit", args=[company["branch_a"].pk]),
        {
            "parent": company["root"].pk,
            "code": "BA",
            "name": "电解一车间党支部",
            "kind": "branch",
            "sort_order": 0,
            "units": [company["workshop"].pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert list(PartyOrg.objects.get(code="BA").units.values_list("code", flat=True)) == ["W1"]


# --- committee seats -------------------------------------------------------------------------------------------------


def test_seats_feed_the_committee_roster_the_warning_and_the_term(company, office):
    branch = PartyOrgFactory(code="B9", parent=company["root"], term_start=None, term_end=None)
    people = PersonFactory.create_batch(7, branch=branch, member=True)
    assert any(
        w.kind == health.WarningKind.NO_COMMITTEE for w in health.org_warnings(PartyOrg.objects.filter(pk=branch.pk))
    )
    start = dt.date(2025, 3, 1)
    for person, role in zip(people[:3], ["secretary", "deputy_secretary", "organisation_officer"], strict=True):
        services.seat_assign(actor=office, org=branch, person=person, role=role, since=start)
    branch.refresh_from_db()
    assert (branch.term_start, branch.term_end) == (start, dt.date(2028, 3, 1))
    assert not [w for w in health.org_warnings(PartyOrg.objects.filter(pk=branch.pk)) if w.kind == "no_committee"]
    assert {p.pk for p in roster(org=branch, meeting_type=MeetingType.COMMITTEE, on=dt.date(2025, 6, 1))} == {
        p.pk for p in people[:3]
    }
    assert AuditLog.objects.filter(object_type="org.committeeseat", action="create").count() == 3


def test_one_secretary_at_a_time_and_only_people_on_the_roll(company, office):
    branch = company["branch_a"]
    first, second = PersonFactory.create_batch(2, branch=branch, member=True)
    services.seat_assign(actor=office, org=branch, person=first, role="secretary", since=dt.date(2025, 1, 1))
    with pytest.raises(InvalidInput) as caught:
        services.seat_assign(actor=office, org=branch, person=second, role="secretary", since=dt.date(2025, 6, 1))
    assert "role" in caught.value.errors
    with pytest.raises(InvalidInput) as caught:
        services.seat_assign(actor=office, org=branch, person=company["person_b"], role="member")
    assert "person" in caught.value.errors
    seat = CommitteeSeat.objects.get(person=first)
    services.seat_end(actor=office, seat=seat, on=dt.date(2025, 5, 31))
    services.seat_assign(actor=office, org=branch, person=second, role="secretary", since=dt.date(2025, 6, 1))
    assert CommitteeSeat.objects.filter(org=branch).count() == 2


def test_a_secretary_manages_their_branch_seats_but_not_another(company, secretary_a):
    person = PersonFactory(branch=company["branch_a"], member=True)
    services.seat_assign(actor=secretary_a, org=company["branch_a"], person=person, role="secretary")
    with pytest.raises(NotPermitted):
        services.seat_assign(actor=secretary_a, org=company["branch_b"], person=company["person_b"], role="member")


def test_seat_page_adds_and_ends_a_seat(client, company, office, django_assert_max_num_queries):
    branch = company["branch_a"]
    person = PersonFactory(branch=branch, member=True, name="赵书记")
    client.force_login(office)
    response = client.post(
        reverse("org:seats", args=[branch.pk]),
        {"person": person.pk, "role": "secretary", "since": "2025-01-01", "until": ""},
    )
    assert response.status_code == 302
    seat = CommitteeSeat.objects.get(org=branch)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("org:seats", args=[branch.pk]))
    assert "赵书记" in page.content.decode()
    response = client.post(reverse("org:seat_end", args=[branch.pk, seat.pk]), {"on": "2025-12-31"})
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.until == dt.date(2025, 12, 31)


def test_seat_page_read_only_for_viewers_and_hidden_outside_scope(client, company, member_a, secretary_b):
    client.force_login(member_a)
    page = client.get(reverse("org:seats", args=[company["branch_a"].pk]))
    assert page.status_code == 200 and page.context["form"] is None
    assert client.post(reverse("org:seats", args=[company["branch_a"].pk]), {}).status_code == 403
    client.force_login(secretary_b)
    assert client.get(reverse("org:seats", args=[company["branch_a"].pk])).status_code == 404
    seat = CommitteeSeat.objects.create(org=company["branch_a"], person=company["person_a"], role="secretary")
    assert (
        client.post(reverse("org:seat_end", args=[company["branch_a"].pk, seat.pk]), {"on": "2026-01-01"}).status_code
        == 404
    )
