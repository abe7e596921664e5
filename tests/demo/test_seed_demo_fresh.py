"""Seeding the demo into an empty database: the same people every time, and nothing written with a weak password.

The people come from the foundation (the company, its orgs and people), so determinism is checked on it alone
(`--stage first`); the full demo is read once in tests/demo/test_seed_demo.py."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from dangjian.org.models import PartyOrg, Person

TODAY = dt.date(2026, 3, 15)


def seed(**kwargs) -> str:
    out = StringIO()
    call_command("seed_demo", today=TODAY.isoformat(), stdout=out, **kwargs)
    return out.getvalue()


def people() -> list[tuple]:
    return list(Person.objects.order_by("employee_no").values_list("name", "birth_date", "party_status"))


@pytest.mark.django_db
@pytest.mark.slow
def test_seed_demo_is_deterministic():
    with transaction.atomic():
        seed(quiet=True, stage="first")
        first = people()
        transaction.set_rollback(True)
    assert not Person.objects.exists()

    seed(quiet=True, stage="first")
    assert len(first) >= 963 and people() == first


@pytest.mark.django_db
def test_a_weak_demo_password_is_refused_before_anything_is_written(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "12345")
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        seed()
    assert not PartyOrg.objects.exists()
