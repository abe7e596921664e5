"""Limit/offset pagination for every API list (at most 200 rows a page) and lookups that hide what is out of scope."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from dangjian.core.errors import InvalidInput

MAX_LIMIT = 200
# Far beyond any list here, and small enough that offset + limit fits the 64-bit integers of SQLite and PostgreSQL
# (an offset of 2**63 overflowed them: 500 instead of 400).
MAX_OFFSET = 1_000_000_000


class Pagination(LimitOffsetPagination):
    """?limit=&offset= → {"count": total rows in scope, "items": [...]}; the limit is 1–200 (50 if not given), the
    offset 0–1,000,000,000; anything else is 400 with the field named."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT, description="Rows per page (1–200).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip (0–1,000,000,000).")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


def get_in_scope(queryset, **lookup):
    """The one row of an already-scoped queryset, or 404 — the same answer whether it is missing or out of scope."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def resolve(queryset, field: str, value: str | None, **lookup):
    """A code given in a request (e.g. the parent org) looked up in scope; unknown or hidden → 400 on `field`."""
    if value is None:
        return None
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise InvalidInput(
            _("%(value)s is not a known code you have access to.") % {"value": value},
            errors={field: [_("Unknown code, or you do not have access to it.")]},
        )
    return obj
