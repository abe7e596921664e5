"""The full demo, seeded ONCE per test run (per xdist worker) and read by every module that needs it.

Seeding the whole demo takes minutes; three modules read it (tests/demo/test_seed_demo.py, test_seed_projects.py and
tests/points/test_demo.py). They ask for the `demo_world` fixture (tests/conftest.py), which opens the world on first
use: the demo is seeded inside an outer transaction that stays open while the tests that read it run, one after the
other (tests/conftest.py keeps them together and on one xdist worker), each in its own savepoint. After the last of
them the transaction is rolled back, so no other test ever sees the demo.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.db import transaction

TODAY = dt.date(2026, 3, 15)
FIXTURE = "demo_world"


class World:
    """The open outer transaction and what seeding printed."""

    atomic = None
    output = ""


WORLD = World()


def open_world(blocker) -> str:
    """Seed the demo unless it is open already; what seed_demo printed."""
    if WORLD.atomic is None:
        with blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                out = StringIO()
                call_command("seed_demo", today=TODAY.isoformat(), stdout=out)
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        WORLD.atomic, WORLD.output = atomic, out.getvalue()
    return WORLD.output


def close_world(blocker) -> None:
    """Roll the demo back (after the last test that reads it)."""
    if WORLD.atomic is not None:
        atomic, WORLD.atomic, WORLD.output = WORLD.atomic, None, ""
        with blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def uses_world(item) -> bool:
    return item is not None and FIXTURE in getattr(item, "fixturenames", ())
