"""Member points (rules, the append-only ledger, appeals) and stars (member and branch)."""

from dangjian.points.models.ledger import Appeal, AutoLink, PointsEntry
from dangjian.points.models.rules import (
    BANNED_SOURCES,
    CapPeriod,
    Category,
    PointsRule,
    Source,
    banned_reason,
)
from dangjian.points.models.stars import (
    DEFAULT_CRITERIA,
    DEFAULT_VETOES,
    Appraisal,
    AppraisalInput,
    BranchCriterion,
    BranchRating,
    BranchTemplate,
    MemberStar,
    StarPolicy,
)

__all__ = [
    "BANNED_SOURCES",
    "DEFAULT_CRITERIA",
    "DEFAULT_VETOES",
    "Appeal",
    "Appraisal",
    "AppraisalInput",
    "AutoLink",
    "BranchCriterion",
    "BranchRating",
    "BranchTemplate",
    "CapPeriod",
    "Category",
    "MemberStar",
    "PointsEntry",
    "PointsRule",
    "Source",
    "StarPolicy",
    "banned_reason",
]
