"""A list's first rows and its total in one query — the home page's "8 of 23" sections."""

from __future__ import annotations

from django.db.models import Count, QuerySet, Window


def first_and_total(queryset: QuerySet, limit: int) -> tuple[list, int]:
    """The first `limit` rows of an ordered queryset and how many rows it has in all, in ONE query: the total rides
    along each row as a window count over the whole filtered set (computed before the LIMIT)."""
    rows = list(queryset.annotate(listed_total=Window(Count("pk")))[:limit])
    return rows, (rows[0].listed_total if rows else 0)
