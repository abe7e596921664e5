"""Two MES pushes of the same team, day and shift at the same moment (finding 6): the loser answers 409 or sees the
winner's record, never 500, on PostgreSQL (its UniqueViolation came from the COPY path, past Django's error
translation) and on the embedded SQLite (whose second writer failed at once with "database is locked").

Real threads with their own connections; `_stored` is held at a barrier so that both requests have looked for the
record (and found none) before either inserts — the race every time rather than by luck."""

import sqlite3
import threading
from contextlib import contextmanager

import pytest
from django.db import connection, connections
from django.test import Client

from dangjian.org.models import PartyOrg
from dangjian.value.models import DailyRecord
from dangjian.value.services import records as record_services
from tests.api.conftest import ApiClient
from tests.factories import account_with_role
from tests.value.conftest import DAY

BODY = {
    "unit": "CA",
    "date": DAY.isoformat(),
    "shift": "A",
    "hours": "96",
    "items": [{"item": "AL", "quantity": "12.5"}, {"item": "KWH", "quantity": "180000"}],
}


def hold_at_barrier(monkeypatch, parties: int, timeout: float):
    """Every request waits after looking for its records until all have looked (or `timeout` passed: on SQLite the
    second writer cannot look before the first has committed, which is the point of its IMMEDIATE transactions)."""
    barrier = threading.Barrier(parties)
    original = record_services._stored

    def stored(records):
        found = original(records)
        try:
            barrier.wait(timeout=timeout)
        except threading.BrokenBarrierError:
            pass
        return found

    monkeypatch.setattr(record_services, "_stored", stored)  # where records_write looks it up


def push_together(headers: dict, count: int, on_thread=None) -> list:
    results: list = [None] * count
    start = threading.Barrier(count)

    def push(index):
        with on_thread() if on_thread else _nothing():
            client = Client(HTTP_ACCEPT_LANGUAGE="en", **headers)
            client.raise_request_exception = False
            start.wait(timeout=10)
            try:
                response = client.post("/api/v1/value/records", data=BODY, content_type="application/json")
                results[index] = (response.status_code, response.json())
            finally:
                connections.close_all()

    threads = [threading.Thread(target=push, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@contextmanager
def _nothing():
    yield


def mes_headers(root) -> dict:
    """The MES/ERP account, held over its company's root org (dangjian/org/tenancy.py)."""
    return dict(ApiClient(Client(), account_with_role("integration", root, username="mes")).headers)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_pushes_on_postgresql(accounting, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL race: run with DATABASE_URL=postgres://…")
    headers = mes_headers(PartyOrg.objects.get(code="ROOT"))
    hold_at_barrier(monkeypatch, parties=2, timeout=10)
    results = push_together(headers, 2)
    statuses = sorted(status for status, _body in results)
    # both found nothing and inserted: the second insert waits for the first's commit and then meets its unique key
    assert statuses == [201, 409], results
    conflict = next(body for status, body in results if status == 409)
    assert "at the same moment" in conflict["message"]
    assert DailyRecord.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_pushes_on_sqlite_wait_for_each_other(accounting, monkeypatch, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite race")
    headers = mes_headers(PartyOrg.objects.get(code="ROOT"))
    # The test database lives in memory, where threads share one cache and SQLite's busy timeout does not apply:
    # copy it to a file and give each thread its own connection to it, made from the project's settings.
    path = tmp_path / "race.sqlite3"
    main = connections["default"]
    main.ensure_connection()
    with sqlite3.connect(path) as target:
        main.connection.backup(target)
    settings_dict = {**main.settings_dict, "NAME": str(path)}

    @contextmanager
    def file_database():
        wrapper = type(connections["default"])(settings_dict, "default")
        connections["default"] = wrapper
        try:
            yield
        finally:
            wrapper.close()

    hold_at_barrier(monkeypatch, parties=2, timeout=2)
    results = push_together(headers, 2, on_thread=file_database)
    statuses = sorted(status for status, _body in results)
    # the second waited for the first's commit, then found its record: an identical replay
    assert statuses == [200, 201], results
    assert sorted(body["status"] for _status, body in results) == ["created", "unchanged"]
    with sqlite3.connect(path) as check:
        assert check.execute(f"SELECT count(*) FROM {DailyRecord._meta.db_table}").fetchone() == (1,)
