"""factory_boy factories for the whole suite. Factories build rows directly (test set-up), never through services."""

import datetime as dt

import factory

from dangjian.accounts.models import RoleAssignment, User
from dangjian.org.models import OrgUnitLink, PartyOrg, Person, Unit

TEST_PASSWORD = "correct-horse-battery-9"


class PartyOrgFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyOrg

    code = factory.Sequence(lambda n: f"ORG{n:04d}")
    name = factory.Sequence(lambda n: f"第{n}党支部")
    kind = PartyOrg.Kind.BRANCH
    founded_on = dt.date(2015, 1, 1)
    term_start = dt.date(2024, 1, 1)
    term_end = dt.date(2027, 1, 1)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"车间{n}")
    kind = Unit.Kind.WORKSHOP


class OrgUnitLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnitLink

    org = factory.SubFactory(PartyOrgFactory)
    unit = factory.SubFactory(UnitFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    employee_no = factory.Sequence(lambda n: f"E{n:06d}")
    name = factory.Sequence(lambda n: f"张{n}")
    gender = Person.Gender.MALE
    birth_date = dt.date(1985, 5, 1)
    phone = "13812345678"
    branch = factory.SubFactory(PartyOrgFactory)
    party_status = Person.PartyStatus.NON_MEMBER

    class Params:
        member = factory.Trait(
            party_status=Person.PartyStatus.MEMBER,
            applied_on=dt.date(2010, 3, 1),
            activist_on=dt.date(2010, 9, 1),
            candidate_on=dt.date(2011, 9, 1),
            probationary_on=dt.date(2012, 3, 1),
            full_member_on=dt.date(2013, 3, 1),
        )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = "secretary"
    org = factory.SubFactory(PartyOrgFactory)


def account_with_role(role: str, org: PartyOrg | None, person: Person | None = None, **kwargs) -> User:
    """A user holding one role over `org` (None for the global system roles)."""
    user = UserFactory(person=person, **kwargs)
    RoleAssignment.objects.create(user=user, role=role, org=org)
    return user


def build_company() -> dict:
    """A small company: a committee with two branches (one with a party group) and a unit tree (the `company`
    fixture; the permission matrices build it once per module)."""
    root = PartyOrgFactory(code="ROOT", name="公司党委", kind="committee")
    branch_a = PartyOrgFactory(code="BA", name="电解一车间党支部", parent=root)
    branch_b = PartyOrgFactory(code="BB", name="发电党支部", parent=root)
    group_a = PartyOrgFactory(code="GA", name="甲班党小组", kind="group", parent=branch_a)
    company_unit = UnitFactory(code="CO", name="旗能电铝", kind="company")
    workshop = UnitFactory(code="W1", name="电解一车间", parent=company_unit)
    # The company's unit tree hangs off its root committee (the company boundary).
    OrgUnitLinkFactory(org=root, unit=company_unit)
    person_a = PersonFactory(branch=branch_a, group=group_a, member=True, name="李明")
    person_b = PersonFactory(branch=branch_b, member=True, name="王芳")
    return {
        "root": root,
        "branch_a": branch_a,
        "branch_b": branch_b,
        "group_a": group_a,
        "unit": company_unit,
        "workshop": workshop,
        "person_a": person_a,
        "person_b": person_b,
    }
