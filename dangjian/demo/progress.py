"""What `seed_demo` shows while it works, and how it commits.

Progress: every phase says when it starts and how long it usually takes, then a line at least every
`HEARTBEAT` seconds, then how long it took — in the console's language (`console_language`).

Transactions: run in the foreground, each phase is one transaction (all or nothing). Run in the background while
the site is already up (`make run`), a phase must not hold SQLite's single write lock for long, or a login — which
writes a session and an audit row — fails with "database is locked". There `small_transactions()` is on and
`phase_atomic()` does nothing, so each service call commits on its own (each still writes its rows and their audit
rows in one transaction), and bulk calls are cut into `chunk_size()` rows.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator

from django.conf import settings
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _

HEARTBEAT = 10.0  # seconds: the longest silence during a phase
SMALL_CHUNK = 1000  # rows per bulk service call when committing in small transactions

_small = threading.local()


def console_language(environ=os.environ) -> str:
    """DJANGO_LANGUAGE if set; else English when the user's locale is English (LC_ALL, LC_MESSAGES, LANG);
    else the site's LANGUAGE_CODE (Chinese)."""
    chosen = (environ.get("DJANGO_LANGUAGE") or "").strip()
    if chosen:
        return "en" if chosen.lower().startswith("en") else settings.LANGUAGE_CODE
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = (environ.get(name) or "").strip()
        if value:
            return "en" if value.lower().startswith("en") else settings.LANGUAGE_CODE
    return settings.LANGUAGE_CODE


def small_transactions() -> bool:
    return getattr(_small, "on", False)


@contextlib.contextmanager
def committing_small(on: bool = True) -> Iterator[None]:
    """Within this block `phase_atomic()` is a no-op and bulk calls are chunked (see the module docstring)."""
    before = small_transactions()
    _small.on = on
    try:
        yield
    finally:
        _small.on = before


def phase_atomic():
    """A whole phase in one transaction, unless committing in small transactions."""
    return contextlib.nullcontext() if small_transactions() else transaction.atomic()


def chunk_size(default: int) -> int:
    return min(default, SMALL_CHUNK) if small_transactions() else default


def chunks(items: list, default: int) -> Iterator[list]:
    size = chunk_size(default)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def seconds(value: float) -> str:
    return str(round(value))


def refresh_statistics() -> None:
    """PostgreSQL plans a query from its table statistics, which autovacuum refreshes only some time after a bulk
    load (never while a test's outer transaction is open, and not at all where autovacuum is off): the phases after
    one that loaded 100,000 indicator values would plan their roll-ups as for empty tables — ten times slower
    (measured on the demo: the projects' latest actuals 0.55 s → 0.06 s). ANALYZE the app's tables (under a
    second); it sees the transaction's own rows. Only the app's: a plain ANALYZE also takes the catalogs shared by
    every database of the server (pg_database, pg_authid) and holds them until the transaction ends — a seed in a
    test's long transaction then stalled every other test database's ANALYZE for minutes."""
    if connection.vendor != "postgresql":
        return
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    if tables:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in sorted(tables)))


class Phase:
    """`with Phase(stdout, label, estimate):` prints "正在载入积分（约 140 秒）…", then every HEARTBEAT seconds
    "……积分仍在载入（已 20 秒）", then "积分已载入（用时 132 秒）。"."""

    def __init__(self, stdout, label: str, estimate: float, *, heartbeat: float = HEARTBEAT, language=None):
        self.stdout = stdout
        self.label = label
        self.estimate = estimate
        self.heartbeat = heartbeat
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._language = language or translation.get_language()
        self.started = 0.0

    def write(self, text: str) -> None:
        self.stdout.write(text)
        flush = getattr(self.stdout, "flush", None)
        if flush:
            flush()

    def _beat(self) -> None:
        translation.activate(self._language)  # the thread has its own active language
        while not self._stop.wait(self.heartbeat):
            elapsed = time.monotonic() - self.started
            self.write(
                _("… still loading %(what)s (%(elapsed)s s so far, about %(estimate)s s in all)")
                % {"what": self.label, "elapsed": seconds(elapsed), "estimate": seconds(self.estimate)}
            )

    def __enter__(self) -> Phase:
        self.started = time.monotonic()
        with translation.override(self._language):
            self.write(
                _("Loading %(what)s (about %(estimate)s s) …")
                % {"what": self.label, "estimate": seconds(self.estimate)}
            )
        self._thread = threading.Thread(target=self._beat, name="demo-progress", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        elapsed = seconds(time.monotonic() - self.started)
        with translation.override(self._language):
            if exc_type is None:
                self.write(_("Loaded %(what)s in %(elapsed)s s.") % {"what": self.label, "elapsed": elapsed})
            else:
                self.write(_("Loading %(what)s failed after %(elapsed)s s.") % {"what": self.label, "elapsed": elapsed})
