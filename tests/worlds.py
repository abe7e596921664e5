"""Worlds shared by many tests: built once inside an outer transaction that is rolled back when they are done.

Each test then runs inside pytest-django's own savepoint of that transaction. One detail makes this cheap or slow:
PostgreSQL checks foreign keys at commit (Django makes them DEFERRABLE INITIALLY DEFERRED), so every row the world
wrote leaves a pending check in the outer transaction. Django's test teardown runs `SET CONSTRAINTS ALL IMMEDIATE`
before rolling a test back, which fires every pending check — and, being inside the test's savepoint, leaves them
pending again for the next test. With the demo that cost seconds per test. `open_world` fires them once, in the
outer transaction itself, right after the world is built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import connection, transaction

T = TypeVar("T")


class OuterTransaction:
    """An open outer transaction holding a built world (see the module's docstring)."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.atomic = None

    def open(self, build: Callable[[], T]) -> T:
        """Build the world in a new outer transaction and settle its deferred checks; nothing is left on failure."""
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                world = build()
                connection.check_constraints()  # fire the world's deferred checks once, here (see above)
            except BaseException:
                self.close()
                raise
        return world

    def close(self) -> None:
        """Roll the world back."""
        if self.atomic is None:
            return
        atomic, self.atomic = self.atomic, None
        with self.blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
