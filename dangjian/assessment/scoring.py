"""The assessment arithmetic, in Decimal and free of the database so it can be checked by hand.

- An automatic item's points from its rate: linear — max × (rate − zero_at) ÷ (full_at − zero_at), clipped to
  0…max; thresholds — max × the share of the first threshold the rate reaches (0 below them all). A rate of None
  (nothing was due in the range) deducts nothing: full points. Rounded half up to 0.01.
- A line's final points: the starting points (computed, or self-assessed) less the reviewer's deduction, never < 0.
- Party-work score (0–100): 100 × Σ final points ÷ Σ maximum points of the items that apply that month.
- Combined score: party × party_weight + production × production_weight; without a production score the party
  score stands alone (and the sheet says so). Rounded half up to 0.01 only at the end.
- Ranks: competition ranking on the rounded score, ties share a rank and the next is skipped (1, 2, 2, 4).
- Year: the mean of a branch's combined scores over its locked months, ranked the same way.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from dangjian.projects.acceptance.scoring import competition_ranks

CENT = Decimal("0.01")
ZERO, HUNDRED = Decimal(0), Decimal(100)

__all__ = ["combined", "competition_ranks", "line_final", "linear_points", "mean", "party_score", "threshold_points"]


def rounded(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def linear_points(rate: Decimal | None, *, max_points: Decimal, zero_at: Decimal, full_at: Decimal) -> Decimal:
    if rate is None:
        return rounded(max_points)
    if rate <= zero_at:
        return rounded(ZERO)
    if rate >= full_at:
        return rounded(max_points)
    return rounded(max_points * (rate - zero_at) / (full_at - zero_at))


def threshold_points(
    rate: Decimal | None, *, max_points: Decimal, thresholds: Iterable[tuple[Decimal, Decimal]]
) -> Decimal:
    if rate is None:
        return rounded(max_points)
    for at, share in sorted(thresholds, reverse=True):
        if rate >= at:
            return rounded(max_points * share)
    return rounded(ZERO)


def line_final(start: Decimal | None, deduction: Decimal) -> Decimal | None:
    if start is None:
        return None
    return max(start - deduction, ZERO)


def party_score(lines: Iterable[tuple[Decimal | None, Decimal]]) -> Decimal | None:
    """lines: (final points or None, max points). None when no item applies; an unscored line counts 0."""
    got, possible = ZERO, ZERO
    for final, max_points in lines:
        got += final or ZERO
        possible += max_points
    return party_score_of_sums(got, possible)


def party_score_of_sums(got: Decimal | None, possible: Decimal | None) -> Decimal | None:
    """The same score from Σ final points and Σ maximum points summed in the database."""
    if not possible:
        return None
    return rounded(HUNDRED * Decimal(got or 0) / Decimal(possible))


def combined(
    party: Decimal | None, production: Decimal | None, *, party_weight: Decimal, production_weight: Decimal
) -> Decimal | None:
    if party is None:
        return None
    if production is None:
        return rounded(party)
    return rounded(party * party_weight + production * production_weight)


def mean(values: Iterable[Decimal]) -> Decimal | None:
    values = list(values)
    if not values:
        return None
    return rounded(sum(values, ZERO) / len(values))


def ranks(scores: Mapping[Hashable, Decimal | None]) -> dict[Hashable, int]:
    """Competition ranks of the keys that have a score (1, 2, 2, 4); keys without one get no rank."""
    return competition_ranks({k: v for k, v in scores.items() if v is not None})
