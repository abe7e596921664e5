"""A database error caused by a concurrent request is a 409 with a sentence, in the API and on pages alike; any
other database error stays a 500 (it is a bug to see, not a race to retry)."""

import pytest
from django.db import IntegrityError, OperationalError, connection
from django.test import Client

from dangjian.core.concurrency import conflict_for, is_busy, is_duplicate, unique_conflict
from dangjian.core.errors import Conflict
from dangjian.org.models import PartyOrg
from tests.api.conftest import ApiClient


def raising(exc):
    def explode(*args, **kwargs):
        raise exc

    return explode


@pytest.mark.parametrize(
    ("exc", "duplicate", "busy"),
    [
        (IntegrityError("UNIQUE constraint failed: org_partyorg.code"), True, False),
        (IntegrityError("FOREIGN KEY constraint failed"), True, False),
        (IntegrityError("NOT NULL constraint failed: org_partyorg.name"), False, False),
        (OperationalError("database is locked"), False, True),
        (OperationalError("database table is locked: org_partyorg"), False, True),
        (OperationalError("no such table: x"), False, False),
        (RuntimeError("database is locked"), False, False),
    ],
)
def test_what_counts_as_a_race(exc, duplicate, busy):
    assert is_duplicate(exc) is duplicate
    assert is_busy(exc) is busy
    assert (conflict_for(exc) is not None) is (duplicate or busy)


class _PgError(Exception):
    def __init__(self, sqlstate):
        super().__init__("from psycopg")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("kind", "sqlstate", "race"),
    [
        (IntegrityError, "23505", True),  # unique_violation
        (IntegrityError, "23503", True),  # foreign_key_violation (the row went away meanwhile)
        (IntegrityError, "23502", False),  # not_null_violation: a bug
        (OperationalError, "40P01", True),  # deadlock_detected
        (OperationalError, "40001", True),  # serialization_failure
        (OperationalError, "55P03", True),  # lock_not_available
        (OperationalError, "57014", False),  # query_canceled (statement timeout)
    ],
)
def test_postgresql_errors_are_told_by_their_sqlstate(kind, sqlstate, race):
    # Django raises its own class `from` psycopg's, which carries the SQLSTATE
    try:
        try:
            raise _PgError(sqlstate)
        except _PgError as cause:
            raise kind("from psycopg") from cause
    except kind as exc:
        assert (conflict_for(exc) is not None) is race


@pytest.mark.django_db
def test_unique_conflict_keeps_the_transaction_usable(company):
    with pytest.raises(Conflict) as caught:
        with unique_conflict("taken"):
            PartyOrg.objects.create(code="BA", name="again", parent=company["root"])
    assert caught.value.message == "taken"
    # the savepoint was rolled back, so the surrounding (test) transaction goes on
    assert PartyOrg.objects.filter(code="BA").count() == 1
    assert not connection.needs_rollback


@pytest.mark.django_db
def test_unique_conflict_lets_other_integrity_errors_through(company):
    with pytest.raises(IntegrityError):
        with unique_conflict():
            raise IntegrityError("NOT NULL constraint failed: org_partyorg.name")


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (OperationalError("database is locked"), "try again"),
        (IntegrityError("UNIQUE constraint failed: org_partyorg.code"), "at the same moment"),
    ],
)
@pytest.mark.django_db
def test_api_answers_409_for_a_race_that_escaped_its_service(company, office, monkeypatch, exc, expected):
    monkeypatch.setattr("dangjian.org.api.orgs.services.org_update", raising(exc))
    response = ApiClient(Client(HTTP_ACCEPT_LANGUAGE="en"), office).patch("/orgs/BA", {"name": "x"})
    assert response.status_code == 409, response.content
    assert expected in response.json()["message"]


@pytest.mark.django_db
def test_api_keeps_500_for_other_database_errors(company, office, monkeypatch):
    monkeypatch.setattr(
        "dangjian.org.api.orgs.services.org_update", raising(IntegrityError("NOT NULL constraint failed: x"))
    )
    client = ApiClient(Client(HTTP_ACCEPT_LANGUAGE="en"), office)
    client.client.raise_request_exception = False
    assert client.patch("/orgs/BA", {"name": "x"}).status_code == 500


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (OperationalError("database is locked"), "try again"),
        (IntegrityError("UNIQUE constraint failed: org_partyorg.code"), "at the same moment"),
    ],
)
@pytest.mark.django_db
def test_pages_answer_409_for_a_race(company, office, monkeypatch, exc, expected):
    monkeypatch.setattr("dangjian.org.views.orgs.require_anywhere", raising(exc))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(office)
    response = client.get("/org/new/")
    assert response.status_code == 409
    assert expected in response.content.decode()


@pytest.mark.django_db
def test_pages_keep_500_for_other_errors(company, office, monkeypatch):
    monkeypatch.setattr("dangjian.org.views.orgs.require_anywhere", raising(OperationalError("no such table: x")))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.raise_request_exception = False
    client.force_login(office)
    assert client.get("/org/new/").status_code == 500
