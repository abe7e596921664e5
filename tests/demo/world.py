"""The full demo, seeded ONCE per test run (per xdist worker) and read by every module that needs it.

Seeding the whole demo takes minutes; three modules read it (tests/demo/test_seed_demo.py, test_seed_projects.py and
tests/points/test_demo.py). They ask for the `demo_world` fixture (tests/conftest.py), which opens the world on first
use: the demo is seeded inside an outer transaction (tests/worlds.py) that stays open while the tests that read it
run, one after the other (tests/conftest.py keeps them together and on one xdist worker), each in its own savepoint.
After the last of them the transaction is rolled back, so no other test ever sees the demo.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command

from tests.worlds import OuterTransaction

TODAY = dt.date(2026, 3, 15)
FIXTURE = "demo_world"


WORLD: dict = {}  # "outer": the open OuterTransaction, "output": what seed_demo printed


def open_world(blocker) -> str:
    """Seed the demo unless it is open already; what seed_demo printed."""
    if "outer" not in WORLD:
        outer = OuterTransaction(blocker)

        def seed() -> str:
            out = StringIO()
            call_command("seed_demo", today=TODAY.isoformat(), stdout=out)
            return out.getvalue()

        WORLD["output"] = outer.open(seed)
        WORLD["outer"] = outer
    return WORLD["output"]


def close_world(blocker) -> None:
    """Roll the demo back (after the last test that reads it)."""
    outer = WORLD.pop("outer", None)
    WORLD.pop("output", None)
    if outer is not None:
        outer.close()


def uses_world(item) -> bool:
    return item is not None and FIXTURE in getattr(item, "fixturenames", ())
