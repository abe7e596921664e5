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
