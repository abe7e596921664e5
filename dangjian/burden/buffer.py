"""Form opens held in memory and written in bulk, so that opening a page never writes to the database (a GET reads).

An open is one small dict appended to this process's list; a thread of the process writes the list in one INSERT
every `BURDEN_FLUSH_SECONDS` (sooner when `BATCH` opens wait), a form's send flushes the list before it writes its own
row (a POST writes anyway), and a process that ends flushes what it holds. With `BURDEN_FLUSH_SECONDS = 0` (the
tests) each open is written when its page has been rendered, as before. What a crash of the process may lose is the
last few seconds of opens — measurements, never data; the monthly sums are computed from the rows that arrived."""

from __future__ import annotations

import atexit
import logging
import os
import threading

from django.conf import settings
from django.db import IntegrityError, connection, transaction

logger = logging.getLogger(__name__)

BATCH = 500  # opens waiting that wake the writer before its interval is up
LIMIT = 50_000  # opens held at most while the database cannot take them (the oldest go first)

_lock = threading.Lock()
_pending: list[dict] = []
_wake = threading.Event()
_writer: tuple[int, threading.Thread] | None = None  # (pid, thread): a forked worker starts its own


def add(fields: dict) -> None:
    """Keep one open for the next write (or write it now when buffering is off)."""
    if settings.BURDEN_FLUSH_SECONDS <= 0:
        write([fields])
        return
    with _lock:
        _pending.append(fields)
        if len(_pending) > LIMIT:
            del _pending[: len(_pending) - LIMIT]
        waiting = len(_pending)
    _start_writer()
    if waiting >= BATCH:
        _wake.set()


def pending() -> int:
    with _lock:
        return len(_pending)


def flush() -> int:
    """Write every open held so far, in one INSERT; returns how many. On failure they are kept for the next try."""
    with _lock:
        taken = _pending[:]
        _pending.clear()
    if not taken:
        return 0
    try:
        try:
            write(taken)
        except IntegrityError:  # an account removed while its open waited: keep the open, without the account
            write(_known_users(taken))
    except Exception:
        with _lock:
            _pending[:0] = taken[-LIMIT:]
        raise
    return len(taken)


def write(rows: list[dict]) -> None:
    """The rows in one INSERT. On PostgreSQL without waiting for the write-ahead log to reach the disk (synchronous
    commit off for this transaction only): a crash may lose the last fraction of a second of measurements."""
    from dangjian.burden.models import FormEvent

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        FormEvent.objects.bulk_create([FormEvent(**row) for row in rows])


def _known_users(rows: list[dict]) -> list[dict]:
    from django.contrib.auth import get_user_model

    ids = {row.get("user_id") for row in rows} - {None}
    known = set(get_user_model().objects.filter(pk__in=ids).values_list("pk", flat=True))
    return [row if row.get("user_id") in known else {**row, "user_id": None} for row in rows]


def _start_writer() -> None:
    global _writer
    pid = os.getpid()
    if _writer is not None and _writer[0] == pid and _writer[1].is_alive():
        return
    with _lock:
        if _writer is not None and _writer[0] == pid and _writer[1].is_alive():
            return
        thread = threading.Thread(target=_run, name="burden-meter-writer", daemon=True)
        _writer = (pid, thread)
        thread.start()


def _run() -> None:
    while settings.BURDEN_FLUSH_SECONDS > 0:  # holding turned off: the opens are written as they come (add)
        _wake.wait(settings.BURDEN_FLUSH_SECONDS)
        _wake.clear()
        try:
            flush()
        except Exception:  # the database is away: the opens wait for the next round
            logger.exception("burden meter: could not write %s form opens", pending())
        finally:
            connection.close()  # the thread's own connection; the next round opens a fresh one


@atexit.register
def _at_exit() -> None:
    try:
        flush()
    except Exception:
        logger.exception("burden meter: %s form opens lost at exit", pending())
