"""A list's first rows and its total in one query — the home page's "8 of 23" sections."""

from __future__ import annotations

from django.db.models import Count, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def first_and_total(queryset: QuerySet, limit: int) -> tuple[list, int]:
    """The first `limit` rows of an ordered queryset and how many rows it has in all, in ONE query: the total is an
    uncorrelated COUNT subquery of the same filter (run once by the database), so the first rows still come from a
    top-N read rather than sorting everything (a window count would)."""
    counted = queryset.order_by().values(all_rows=Value(1)).annotate(n=Count("pk")).values("n")[:1]
    total = Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    rows = list(queryset.annotate(listed_total=total)[:limit])
    return rows, (rows[0].listed_total if rows else 0)
