import pytest

from tests.factories import account_with_role, build_company


@pytest.fixture
def company(db):
    """A small company: a committee with two branches (one with a party group) and a unit tree.

    Returns a dict of named objects so tests can say what they mean: in scope (branch_a) and out of scope (branch_b).
    """
    return build_company()


@pytest.fixture
def office(company):
    return account_with_role("party_office", company["root"], username="office")


@pytest.fixture
def secretary_a(company):
    return account_with_role("secretary", company["branch_a"], username="sec_a")


@pytest.fixture
def member_a(company):
    return account_with_role("member", company["branch_a"], person=company["person_a"], username="mem_a")
