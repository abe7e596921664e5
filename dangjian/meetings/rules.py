"""The frequency rules: the 支部工作条例 defaults and the company's own rules when it has set them."""

from __future__ import annotations

from dangjian.meetings.models import MeetingRule, MeetingType
from dangjian.org.models import PartyOrg

BRANCHES = [PartyOrg.Kind.BRANCH.value, PartyOrg.Kind.TEMPORARY_BRANCH.value, PartyOrg.Kind.JOINT_BRANCH.value]
GROUPS = [PartyOrg.Kind.GROUP.value]
# A branch with at least this many full members elects a committee (支委会); smaller ones hold none.
COMMITTEE_MIN_MEMBERS = 7

# (type, period, org kinds, minimum full members). 党课 is quarterly here as common company practice; the 条例's floor
# is one a year by the secretary, so a company may set it to "year".
DEFAULTS: list[tuple[str, str, list[str], int]] = [
    (MeetingType.GENERAL_ASSEMBLY, "quarter", BRANCHES, 0),
    (MeetingType.COMMITTEE, "month", BRANCHES, COMMITTEE_MIN_MEMBERS),
    (MeetingType.GROUP, "month", GROUPS, 0),
    (MeetingType.THEMED_DAY, "month", BRANCHES, 0),
    (MeetingType.LECTURE, "quarter", BRANCHES, 0),
    (MeetingType.REVIEW, "year", BRANCHES, 0),
    (MeetingType.APPRAISAL, "year", BRANCHES, 0),
    (MeetingType.TALK, "year", BRANCHES, 0),
]


def company_id(org: PartyOrg) -> int:
    """The root org (the company committee) of `org`'s tree, by id: the first id of its path."""
    return int(org.path.strip("/").split("/")[0])


def default_rules(company_pk: int) -> list[MeetingRule]:
    """The defaults as unsaved rules of the company."""
    return [
        MeetingRule(
            company_id=company_pk,
            meeting_type=str(kind),
            period=period,
            org_kinds=list(kinds),
            min_full_members=minimum,
        )
        for kind, period, kinds, minimum in DEFAULTS
    ]


def rules_for(company_pks: set[int]) -> dict[int, list[MeetingRule]]:
    """{company id: its active rules}; a company that has not set its own rules gets the defaults (one query)."""
    stored: dict[int, list[MeetingRule]] = {}
    for rule in MeetingRule.objects.filter(company_id__in=company_pks).order_by("meeting_type"):
        stored.setdefault(rule.company_id, []).append(rule)
    return {
        pk: [r for r in stored[pk] if r.active] if pk in stored else default_rules(pk) for pk in sorted(company_pks)
    }
