"""Points pages: the ledger (my points, claims, approvals, appeals, rules) and the boards (leaderboards, stars,
branch stars, gaming checks)."""

from dangjian.points.views.boards import appraisal, branch_rate, branches, gaming_checks, leaderboard, stars
from dangjian.points.views.criteria import branch_template
from dangjian.points.views.ledger import (
    appeal,
    appeal_decide,
    claim,
    decide,
    mine,
    queue,
    reverse_entry,
    rule_create,
    rule_retire,
    rule_version,
    rules,
)

__all__ = [
    "appeal",
    "appeal_decide",
    "appraisal",
    "branch_rate",
    "branch_template",
    "branches",
    "claim",
    "decide",
    "gaming_checks",
    "leaderboard",
    "mine",
    "queue",
    "reverse_entry",
    "rule_create",
    "rule_retire",
    "rule_version",
    "rules",
    "stars",
]
