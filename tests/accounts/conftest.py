"""Fixtures for the account, role and audit page tests: the three system administrators (三员分立)."""

import pytest

from tests.factories import account_with_role


@pytest.fixture
def sys_admin(db):
    return account_with_role("system_admin", None, username="sysadmin")


@pytest.fixture
def sec_admin(db):
    return account_with_role("security_admin", None, username="secadmin")


@pytest.fixture
def audit_admin(db):
    return account_with_role("audit_admin", None, username="auditadmin")


@pytest.fixture
def login_as(client):
    """login_as(user) signs the test client in as `user` (or leaves it anonymous for None) and returns it."""

    def _login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _login


@pytest.fixture
def client():
    """These tests assert English wording: ask for English (the product's default language is zh-hans)."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")
