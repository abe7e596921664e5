"""The current request's client address, so services can audit it without taking the request as an argument; and a
GET request's read memo, so a fact several parts of one page ask for (a company's go-live date) is read once."""

from __future__ import annotations

from contextvars import ContextVar

client_address: ContextVar[str | None] = ContextVar("client_address", default=None)
# Set (to an empty dict) for the length of a GET or HEAD request, which changes nothing; None otherwise, so a write
# and everything outside a request reads afresh.
read_memo: ContextVar[dict | None] = ContextVar("read_memo", default=None)


def memo() -> dict | None:
    """The current GET request's memo (a dict to keep reads in, by a key of the reader's choosing), or None."""
    return read_memo.get()


def client_ip(request) -> str | None:
    from django.conf import settings

    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")
