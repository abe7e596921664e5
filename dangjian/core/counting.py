"""A list's first rows and its total in one query — the home page's "8 of 23" sections — and a paginated list's
count that stays cheap for big scopes."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property


def first_and_total(queryset: QuerySet, limit: int) -> tuple[list, int]:
    """The first `limit` rows of an ordered queryset and how many rows it has in all, in ONE query: the total is an
    uncorrelated COUNT subquery of the same filter (run once by the database), so the first rows still come from a
    top-N read rather than sorting everything (a window count would)."""
    counted = queryset.order_by().values(all_rows=Value(1)).annotate(n=Count("pk")).values("n")[:1]
    total = Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    rows = list(queryset.annotate(listed_total=total)[:limit])
    return rows, (rows[0].listed_total if rows else 0)


# A list's count is exact up to this many rows. Beyond it, counting costs more than the page itself (the people list
# of a 200,000-people group: a COUNT over every row, most of the page's time), so a big count is read at most once per
# BIG_COUNT_SECONDS per query and kept in the cache: a list of tens of thousands may show a total up to that old.
EXACT_UP_TO = 10_000
BIG_COUNT_SECONDS = 60


def list_count(queryset: QuerySet) -> int:
    """How many rows `queryset` has: exact up to EXACT_UP_TO (a count that stops there), a big count from the cache.
    The cache key is the query's SQL and parameters, so it carries the user's scope and filters."""
    try:
        sql, params = queryset.order_by().query.sql_with_params()
    except EmptyResultSet:  # .none(): nothing to count
        return 0
    key = "list_count:" + hashlib.sha256(f"{queryset.db}\n{sql}\n{params!r}".encode()).hexdigest()
    big = cache.get(key)
    if big is not None:
        return big
    n = queryset.order_by()[: EXACT_UP_TO + 1].count()
    if n <= EXACT_UP_TO:
        return n
    n = queryset.count()
    cache.set(key, n, BIG_COUNT_SECONDS)
    return n


class ListPaginator(Paginator):
    """Django's paginator counting through `list_count` (a queryset) — every paginated page uses it."""

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return list_count(self.object_list)
        return super().count
