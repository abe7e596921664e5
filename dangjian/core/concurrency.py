"""Two requests writing the same thing at the same moment: the loser answers 409 with a sentence, never 500.

Services guard their own inserts with `unique_conflict()` (a savepoint, so the rest of the transaction survives and
the caller can choose what to do). Whatever still escapes is recognised here by `conflict_for()`, which the API
exception handler and the page middleware both use as a last line:

- a unique constraint (or a row deleted under a foreign key) hit by a concurrent insert → "someone else saved …";
- the database too busy to give the write lock in time: SQLite's "database is locked" after its busy timeout,
  PostgreSQL's deadlock, serialization failure or lock timeout → "busy, try again".
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import DatabaseError, IntegrityError, OperationalError, transaction
from django.utils.translation import gettext as _

from dangjian.core.errors import Conflict

# PostgreSQL SQLSTATEs: unique_violation, foreign_key_violation; deadlock_detected, serialization_failure,
# lock_not_available (lock_timeout), query_canceled is not one (a statement timeout is not a race).
_PG_DUPLICATE = {"23505", "23503"}
_PG_BUSY = {"40P01", "40001", "55P03"}
# SQLite reports these as text only.
_SQLITE_DUPLICATE = ("UNIQUE constraint failed", "FOREIGN KEY constraint failed")
_SQLITE_BUSY = ("database is locked", "database table is locked")


def _sqlstate(exc: BaseException) -> str | None:
    cause = exc.__cause__ or exc.__context__
    return getattr(cause, "sqlstate", None) or getattr(exc, "sqlstate", None)


def is_duplicate(exc: BaseException) -> bool:
    """A concurrent writer got there first: a unique (or foreign key) constraint refused this row."""
    if not isinstance(exc, IntegrityError):
        return False
    if _sqlstate(exc) in _PG_DUPLICATE:
        return True
    return str(exc).startswith(_SQLITE_DUPLICATE)


def is_busy(exc: BaseException) -> bool:
    """The write lock was not had in time (SQLite's busy timeout, a PostgreSQL deadlock or serialization failure)."""
    if not isinstance(exc, OperationalError):
        return False
    if _sqlstate(exc) in _PG_BUSY:
        return True
    return any(text in str(exc) for text in _SQLITE_BUSY)


def duplicate_message() -> str:
    return _("Someone else saved the same thing at the same moment. Reload to see it, then try again if needed.")


def busy_message() -> str:
    return _("The database is busy with another change. Nothing was saved; try again in a moment.")


def conflict_for(exc: BaseException) -> Conflict | None:
    """The 409 for a database error caused by a concurrent request, or None when it is something else (a bug)."""
    if isinstance(exc, DatabaseError):
        if is_duplicate(exc):
            return Conflict(duplicate_message())
        if is_busy(exc):
            return Conflict(busy_message())
    return None


@contextmanager
def unique_conflict(message: str | None = None):
    """Run the block in a savepoint; a unique-constraint refusal (a concurrent insert won) raises Conflict(message)."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        if not is_duplicate(exc):
            raise
        raise Conflict(message or duplicate_message()) from exc
