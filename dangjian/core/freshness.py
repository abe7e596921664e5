"""The data version: one token in the shared cache that every committed change replaces, so whatever was computed
from the data under the old token (core/views/cached.py: a signed-in page kept for its viewer) is never read again.

A change is what writes an audit row (every service does, in the change's own transaction: core/audit.py) or a
notification (core/notifications/services.py). The token is replaced when that transaction commits, not before: a
reader that took the old token may still store what it read under it, and nobody asks for the old token again.

The token is random, not a counter: if the cache loses it (an eviction, a restart), the next reader makes a new one
and nothing stored under an earlier one can come back.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from dangjian.core.request_context import memo

KEY = "dangjian:data_version"


def enabled() -> bool:
    """Pages are kept only where every process shares one cache (settings.PAGE_CACHE_SECONDS, on with REDIS_URL or
    CACHE_URL): with per-process memory the task worker's changes could not reach the web workers' copies."""
    return settings.PAGE_CACHE_SECONDS > 0


def current() -> str:
    """The data version now (read once per GET request)."""
    held = memo()
    if held is not None and KEY in held:
        return held[KEY]
    version = cache.get(KEY)
    if version is None:
        cache.add(KEY, uuid.uuid4().hex, timeout=None)  # first reader after a loss: one new token, whoever wins
        version = cache.get(KEY) or ""
    if held is not None:
        held[KEY] = version
    return version


def changed() -> None:
    """The data changed in the current transaction: a new version once it commits (at once outside a transaction)."""
    if enabled():
        transaction.on_commit(_replace)


def _replace() -> None:
    cache.set(KEY, uuid.uuid4().hex, timeout=None)
