import pytest

from tests.factories import OrgUnitLinkFactory, PartyOrgFactory, PersonFactory, UnitFactory, account_with_role


@pytest.fixture
def company(db):
    """A small company: a committee with two branches (one with a party group) and a unit tree.

    Returns a dict of named objects so tests can say what they mean: in scope (branch_a) and out of scope (branch_b).
    """
    root = PartyOrgFactory(code="ROOT", name="公司党委", kind="committee")
    branch_a = PartyOrgFactory(code="BA", name="电解一车间党支部", parent=root)
    branch_b = PartyOrgFactory(code="BB", name="发电党支部", parent=root)
    group_a = PartyOrgFactory(code="GA", name="甲班党小组", kind="group", parent=branch_a)
    company_unit = UnitFactory(code="CO", name="旗能电铝", kind="company")
    workshop = UnitFactory(code="W1", name="电解一车间", parent=company_unit)
    # The company's unit tree hangs off its root committee: the company boundary (dangjian/org/tenancy.py).
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


@pytest.fixture
def office(company):
    return account_with_role("party_office", company["root"], username="office")


@pytest.fixture
def secretary_a(company):
    return account_with_role("secretary", company["branch_a"], username="sec_a")


@pytest.fixture
def member_a(company):
    return account_with_role("member", company["branch_a"], person=company["person_a"], username="mem_a")
