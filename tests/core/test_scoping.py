import pytest

from dangjian.core.scoping import can, scope_for
from dangjian.org.models import PartyOrg, Person
from tests.factories import account_with_role


def test_secretary_sees_only_own_subtree(company, secretary_a):
    orgs = set(PartyOrg.objects.restrict(secretary_a).values_list("code", flat=True))
    assert orgs == {"BA", "GA"}
    people = list(Person.objects.restrict(secretary_a))
    assert people == [company["person_a"]]
    assert not can(secretary_a, "view", company["person_b"])


def test_party_office_at_root_sees_everything(company, office):
    assert PartyOrg.objects.restrict(office).count() == 4
    assert Person.objects.restrict(office, "change").count() == 2


def test_member_sees_only_self(company, member_a):
    assert list(Person.objects.restrict(member_a)) == [company["person_a"]]
    assert Person.objects.restrict(member_a, "change").count() == 0


@pytest.mark.parametrize("role", ["system_admin", "security_admin", "audit_admin"])
def test_system_roles_see_no_business_data(company, role):
    user = account_with_role(role, None)
    assert PartyOrg.objects.restrict(user).count() == 0
    assert Person.objects.restrict(user).count() == 0


def test_nested_assignments_collapse_to_outer_subtree(company):
    user = account_with_role("secretary", company["root"])
    from dangjian.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=user, role="secretary", org=company["branch_a"])
    user = type(user).objects.get(pk=user.pk)
    assert scope_for(user, "org", "view").paths == [company["root"].path]


def test_anonymous_sees_nothing(company):
    from django.contrib.auth.models import AnonymousUser

    assert PartyOrg.objects.restrict(AnonymousUser()).count() == 0
