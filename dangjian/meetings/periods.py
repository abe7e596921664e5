"""Periods of the meeting rules: a month, a quarter or a year, with its first and last day and its label
("2024-03", "2024-Q1", "2024")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from dangjian.core.months import add_months, covers_half


@dataclass(frozen=True, order=True)
class Span:
    """One period of one kind: `start` and `end` are its first and last day."""

    start: dt.date
    end: dt.date
    kind: str

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@lru_cache(maxsize=4096)
def containing(kind: str, day: dt.date) -> Span:
    """The period of `kind` that contains `day`."""
    if kind == "month":
        start = day.replace(day=1)
        return Span(start, add_months(start, 1) - dt.timedelta(days=1), kind)
    if kind == "quarter":
        start = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return Span(start, add_months(start, 3) - dt.timedelta(days=1), kind)
    if kind == "year":
        return Span(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), kind)
    raise ValueError(kind)


def of_year(kind: str, year: int) -> tuple[Span, ...]:
    """Every period of `kind` in `year`, in order."""
    step = {"month": 1, "quarter": 3, "year": 12}[kind]
    return tuple(containing(kind, dt.date(year, m, 1)) for m in range(1, 13, step))


@lru_cache(maxsize=1024)
def between(kind: str, start: dt.date, end: dt.date) -> tuple[Span, ...]:
    """Every period of `kind` that ENDS inside [start, end], in order (cached: the engine asks for the same window
    once per org and rule)."""
    spans = []
    for year in range(start.year, end.year + 1):
        spans.extend(s for s in of_year(kind, year) if start <= s.end <= end)
    return tuple(spans)


def existed_enough(span: Span, founded: dt.date | None, dissolved: dt.date | None) -> bool:
    """Is a period due for an org founded on `founded` and dissolved on `dissolved` (either may be unknown)?

    The rule, chosen so a branch founded on 28 March owes no March meeting but one founded on 1 July owes that
    year's 组织生活会: a period is due when the org existed for at least half of its days (the founding and
    dissolution days count as days it existed) — core.months.covers_half, the rule the go-live date follows too."""
    return covers_half(span.start, span.end, founded, dissolved)
