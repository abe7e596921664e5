"""Org services: permission, validation and an audit row for each write."""

import datetime as dt

import pytest

from dangjian.core.errors import InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.org import services
from dangjian.org.models import PartyOrg, Person
from tests.factories import PartyOrgFactory, PersonFactory, account_with_role


def test_org_create_inside_scope_is_audited(company, office):
    org = services.org_create(actor=office, parent=company["root"], code="NEW", name="新支部", kind="branch")
    assert org.path == f"{company['root'].path}{org.pk}/"
    assert AuditLog.objects.filter(action="create", object_id=str(org.pk)).exists()


def test_org_create_refused_outside_scope(company, secretary_a):
    with pytest.raises(NotPermitted):
        services.org_create(actor=secretary_a, parent=company["branch_a"], code="G2", name="x", kind="group")
    assert not PartyOrg.objects.filter(code="G2").exists()


def test_org_update_move_needs_add_at_the_new_parent(company):
    office_b = account_with_role("party_office", company["branch_b"])
    with pytest.raises(NotPermitted):
        services.org_update(actor=office_b, org=company["branch_b"], parent=company["branch_a"])


def test_org_dissolve_refused_with_people_then_allowed(company, office):
    temp = PartyOrgFactory(parent=company["root"], kind="temporary_branch")
    person = PersonFactory(branch=temp)
    with pytest.raises(InvalidInput):
        services.org_dissolve(actor=office, org=temp, on=dt.date(2025, 1, 1))
    Person.objects.filter(pk=person.pk).update(active=False)
    services.org_dissolve(actor=office, org=temp, on=dt.date(2025, 1, 1))
    temp.refresh_from_db()
    assert temp.status == "dissolved"


def test_person_change_status_one_step_with_history(company, secretary_a):
    person = PersonFactory(branch=company["branch_a"], party_status="applicant", applied_on=dt.date(2024, 1, 1))
    services.person_change_status(actor=secretary_a, person=person, to_status="activist", on=dt.date(2024, 7, 1))
    person.refresh_from_db()
    assert person.party_status == "activist" and person.activist_on == dt.date(2024, 7, 1)
    assert person.status_changes.get().recorded_by == secretary_a
    with pytest.raises(InvalidInput):
        services.person_change_status(actor=secretary_a, person=person, to_status="member", on=dt.date(2025, 1, 1))


def test_person_change_status_out_of_scope(company, secretary_b):
    with pytest.raises(NotPermitted):
        services.person_change_status(
            actor=secretary_b, person=company["person_a"], to_status="non_member", on=dt.date(2025, 1, 1)
        )


def test_person_update_cannot_change_status_directly(company, office):
    with pytest.raises(InvalidInput):
        services.person_update(actor=office, person=company["person_a"], party_status="non_member")


def test_people_export_audit_records_rows_and_filters(company, secretary_a):
    services.people_export_audit(actor=secretary_a, rows=3, filters={"org": "BA"}, phones_masked=False)
    entry = AuditLog.objects.get(action="export")
    assert entry.actor == secretary_a and entry.object_type == "org.person"
    assert entry.after == {"rows": 3, "filters": {"org": "BA"}, "phones_masked": False}


def test_people_export_audit_refused_without_export_grant(company, member_a):
    with pytest.raises(NotPermitted):
        services.people_export_audit(actor=member_a, rows=1, filters={}, phones_masked=True)
    assert not AuditLog.objects.filter(action="export").exists()


def test_people_export_audit_by_the_system(db):
    services.people_export_audit(actor=SYSTEM, rows=0, filters={}, phones_masked=False)
    assert AuditLog.objects.get(action="export").actor_name == "system"


def test_place_errors_places_field_and_other_messages():
    from django import forms

    from dangjian.core.views.pages import place_errors as apply_domain_error

    class F(forms.Form):
        name = forms.CharField(required=False)

    form = F({})
    form.is_valid()
    apply_domain_error(form, InvalidInput("bad", errors={"name": ["too short"], "__all__": ["dates out of order"]}))
    assert form.errors["name"] == ["too short"] and form.non_field_errors() == ["dates out of order"]
    form = F({})
    form.is_valid()
    apply_domain_error(form, NotPermitted("not here"))
    assert form.non_field_errors() == ["not here"]


def test_the_company_committee_keeps_at_least_one_unit(company, office):
    """A company is its committee and the units the committee covers: unlinking the last one would take every unit,
    value and target out of the company's own scope. A branch may cover nothing."""
    with pytest.raises(InvalidInput) as refused:
        services.org_set_units(actor=office, org=company["root"], units=[])
    assert "units" in refused.value.errors
    assert list(company["root"].units.all()) == [company["unit"]]
    services.org_set_units(actor=office, org=company["root"], units=[company["unit"]])
    services.org_set_units(actor=office, org=company["branch_a"], units=[])
    assert not company["branch_a"].units.exists()
