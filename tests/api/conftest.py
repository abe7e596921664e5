"""Fixtures for the API tests: a system administrator, and a client that calls the API with a bearer token."""

import json

import pytest

from dangjian.accounts.models import ApiToken
from tests.factories import account_with_role


@pytest.fixture
def sysadmin(company):
    return account_with_role("system_admin", None, username="sysadmin")


class ApiClient:
    """Calls /api/v1/ as `user` with a bearer token (or anonymously when user is None) and decodes the JSON."""

    def __init__(self, client, user=None):
        self.client = client
        self.headers = {}
        if user is not None:
            _, raw = ApiToken.issue(user)
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"

    def call(self, method: str, path: str, body=None, **params):
        url = f"/api/v1{path}"
        kwargs = dict(self.headers)
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        elif params:
            kwargs["data"] = params
        return getattr(self.client, method.lower())(url, **kwargs)

    def get(self, path, **params):
        return self.call("GET", path, **params)

    def post(self, path, body):
        return self.call("POST", path, body)

    def patch(self, path, body):
        return self.call("PATCH", path, body)

    def delete(self, path):
        return self.call("DELETE", path)


@pytest.fixture
def as_user(client, request):
    """as_user("office") → an ApiClient acting as that fixture's user; as_user(None) → anonymous."""

    def make(fixture_name: str | None):
        user = request.getfixturevalue(fixture_name) if fixture_name else None
        return ApiClient(client, user)

    return make


@pytest.fixture
def client():
    """These tests assert English wording: ask for English (the product's default language is zh-hans)."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")
