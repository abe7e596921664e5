"""Fixtures for the org page tests: a secretary out of branch A's scope, and logged-in clients by role."""

import pytest
from django.test import Client

from tests.factories import PersonFactory, account_with_role


@pytest.fixture
def secretary_b(company):
    """Secretary of branch B: branch A and its people are out of their scope."""
    return account_with_role("secretary", company["branch_b"], username="sec_b")


@pytest.fixture
def login():
    """login(user) -> a test client logged in as that user (None: an anonymous client). Pages are asked for in
    English, so assertions on text keep working once the zh-hans translations land."""

    def make(user):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def grow(company):
    """grow(n): add n more people to branch A (for query counts that must not grow with the data)."""

    def make(n, **kwargs):
        return PersonFactory.create_batch(n, branch=company["branch_a"], member=True, **kwargs)

    return make
