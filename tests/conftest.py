import pytest

from tests.factories import account_with_role, build_company


def pytest_terminal_summary(terminalreporter, config):
    """Print pytest-randomly's seed even under -q, so an order-dependent failure in CI can be replayed."""
    seed = getattr(config.option, "randomly_seed", None)
    if seed is not None and not getattr(config.option, "randomly_dont_reorganize", False):
        terminalreporter.write_line(f"test order: -p randomly --randomly-seed={seed}")


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
