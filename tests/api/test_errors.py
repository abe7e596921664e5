"""Database errors the caller's input causes are 400 in the API, not 500."""

import pytest
from django.db import DataError, connection


@pytest.mark.django_db
def test_a_value_the_database_cannot_hold_is_400(as_user, company, monkeypatch):
    def refuse(**kwargs):
        raise DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")

    monkeypatch.setattr("dangjian.org.api.orgs.services.org_update", refuse)
    response = as_user("office").patch("/orgs/BA", {"name": "x"})
    assert response.status_code == 400, response.content
    assert "NUL character" in response.json()["message"]


@pytest.mark.django_db
def test_a_nul_character_in_a_code_is_not_a_500(as_user, company):
    # PostgreSQL refuses NUL in any text parameter (found by the schemathesis run); SQLite takes it as a plain code
    response = as_user("office").post(
        "/indicators/values", {"values": [{"indicator": "A\x00B", "unit": "CO", "period": "2026-12-06", "value": "1"}]}
    )
    assert response.status_code < 500, response.content
    if connection.vendor == "postgresql":
        assert response.status_code == 400
