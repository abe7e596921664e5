"""The acceptance arithmetic, in Decimal and free of the database so it can be checked by hand.

- Goal attainment of a project: each goal's attainment (boards.attainment: distance covered from baseline towards
  target, in %, direction-aware) capped to 0–120 %, a goal without an actual value counting 0 %; the project's value is
  the mean over its goals, rounded to 0.01.
- A member's total for a project: Σ weight × score ÷ 100 over the criteria, the goal-attainment criterion taking the
  computed value as its score (so it may add up to 20 % of its weight beyond 100 for exceeding the targets).
- Final score: the mean of the members' totals over the members who scored the project (a member with a conflict of
  interest does not score it), rounded half up to 0.01 only at the end.
- Grade: the first threshold the final score reaches (excellent ≥ excellent_from, good ≥ good_from, pass ≥ pass_from).
- Rank: competition ranking on the rounded final score — ties share a rank and the next one is skipped (1, 2, 2, 4).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from dangjian.projects.acceptance.models import Grade
from dangjian.projects.boards.attainment import attainment_percent

CENT = Decimal("0.01")
ZERO, HUNDRED = Decimal(0), Decimal(100)
ATTAINMENT_CAP = Decimal(120)


def rounded(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def capped_attainment(*, baseline: Decimal, target: Decimal, actual: Decimal | None, higher: bool) -> Decimal:
    """One goal's attainment in %, capped to 0–120; a goal without an actual value has attained nothing (0)."""
    percent = attainment_percent(baseline=baseline, target=target, actual=actual, higher=higher)
    if percent is None:
        return ZERO
    return min(max(percent, ZERO), ATTAINMENT_CAP)


def project_attainment(goal_values: Iterable[Decimal]) -> Decimal:
    """The mean of a project's capped goal attainments, rounded to 0.01 (0 for a project without goals)."""
    values = list(goal_values)
    if not values:
        return rounded(ZERO)
    return rounded(sum(values, ZERO) / len(values))


def member_total(weights: Mapping[Hashable, Decimal], scores: Mapping[Hashable, Decimal]) -> Decimal:
    """Σ weight × score ÷ 100 over the criteria in `weights` (unrounded). Every criterion must have a score."""
    return sum((weights[key] * scores[key] for key in weights), ZERO) / HUNDRED


def final_score(
    *,
    weights: Mapping[Hashable, Decimal],
    member_scores: Iterable[Mapping[Hashable, Decimal]],
    attainment_key: Hashable | None = None,
    attainment: Decimal = ZERO,
) -> Decimal:
    """The mean over members of their totals, rounded half up to 0.01.

    `weights` holds every criterion; `member_scores` one mapping per scoring member with a score for each typed
    criterion; the goal-attainment criterion (`attainment_key`) takes `attainment` for every member. With no typed
    criteria the members do not matter and the final score is the attainment part alone."""
    totals = []
    for scores in member_scores:
        full = dict(scores)
        if attainment_key is not None:
            full[attainment_key] = attainment
        totals.append(member_total(weights, full))
    if not totals:
        if any(key != attainment_key for key in weights):
            raise ValueError("no member scored a project that has typed criteria")
        totals = [member_total(weights, {attainment_key: attainment} if attainment_key is not None else {})]
    return rounded(sum(totals, ZERO) / len(totals))


def grade_for(score: Decimal, *, excellent_from: Decimal, good_from: Decimal, pass_from: Decimal) -> str:
    if score >= excellent_from:
        return Grade.EXCELLENT
    if score >= good_from:
        return Grade.GOOD
    if score >= pass_from:
        return Grade.PASS
    return Grade.FAIL


def competition_ranks(scores: Mapping[Hashable, Decimal]) -> dict[Hashable, int]:
    """{key: rank}, highest score first; equal scores share a rank and the ranks after them are skipped (1, 2, 2, 4)."""
    ordered = sorted(scores.values(), reverse=True)
    first_position: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_position.setdefault(value, position)
    return {key: first_position[value] for key, value in scores.items()}


def ranks_within(scores: Mapping[Hashable, Decimal], group_of: Mapping[Hashable, Hashable]) -> dict[Hashable, int]:
    """Competition ranks computed separately inside each group (e.g. each domain)."""
    groups: dict[Hashable, dict] = defaultdict(dict)
    for key, value in scores.items():
        groups[group_of[key]][key] = value
    ranks: dict[Hashable, int] = {}
    for members in groups.values():
        ranks.update(competition_ranks(members))
    return ranks
