"""Months as dates (the first of the month): parse "YYYY-MM", step, and list."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from dangjian.core.errors import InvalidInput


def first(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The months from `start` to `end`, both included."""
    out, month = [], first(start)
    while month <= end:
        out.append(month)
        month = add(month, 1)
    return out


def parse(text: str | None, *, default: dt.date, field: str = "month") -> dt.date:
    """ "2025-07" → 2025-07-01; empty → `default`; anything else is InvalidInput on `field`."""
    if not text:
        return first(default)
    try:
        year, month = (int(part) for part in str(text).split("-")[:2])
        return dt.date(year, month, 1)
    except (TypeError, ValueError):
        message = _("Give the month as YYYY-MM, e.g. 2025-07.")
        raise InvalidInput(message, errors={field: [message]}) from None
