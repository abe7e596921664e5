"""Points and stars in the API: entries (yours, or those you may see), a claim or entry, a decision, the leaderboard
of an org subtree for a period, and the star distribution of a year. Appeals, the rule catalogue, appraisal inputs,
the branch-star criteria and ratings: api_setup.py (its router is included here)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangjian.core.api.errors import LIST_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination
from dangjian.core.errors import InvalidInput, NotFound
from dangjian.core.permissions import VIEW
from dangjian.org.models import Person
from dangjian.points import selectors, services
from dangjian.points.api_setup import router as setup_router
from dangjian.points.models import PointsRule
from dangjian.points.services.common import person_company

router = Router(tags=["points"])
router.add_router("", setup_router)


class EntryOut(Schema):
    id: int
    person: str = Field(description="The person's employee number.")
    rule: str = Field(description="The rule's code.")
    points: Decimal = Field(description="Points claimed (negative for a deduction).")
    awarded: Decimal | None = Field(None, description="Points awarded on approval, after the rule's cap.")
    occurred_on: dt.date
    reason: str
    status: str = Field(description="pending, approved or rejected.")
    automatic: bool
    reverses: int | None = Field(None, description="The entry this one reverses.")
    decision_note: str

    @staticmethod
    def resolve_person(obj) -> str:
        return obj.person.employee_no

    @staticmethod
    def resolve_rule(obj) -> str:
        return obj.rule.code

    @staticmethod
    def resolve_reverses(obj) -> int | None:
        return obj.reverses_id


class EntryFilters(Schema):
    mine: bool = Field(False, description="Only your own entries.")
    status: str | None = Field(None, pattern="^(pending|approved|rejected)$")
    year: int | None = Field(None, ge=2000, le=2100)


class EntryIn(Schema):
    rule: str = Field(description="A rule code of your company's catalogue (without an automatic source).")
    occurred_on: dt.date
    reason: str = Field(max_length=300)
    evidence: str = ""
    employee_no: str | None = Field(None, description="Whom the points are for; empty: yourself (a pending claim).")


class DecisionIn(Schema):
    decision: str = Field(pattern="^(approve|reject)$")
    note: str = ""


class PointsStandingOut(Schema):
    rank: int
    employee_no: str
    name: str
    branch: str
    total: Decimal


class LeaderboardOut(Schema):
    org: str
    period: str
    start: dt.date
    end: dt.date
    standings: list[PointsStandingOut]


class BoardQuery(Schema):
    org: str | None = Field(None, description="An org code; default: the outermost org you may see.")
    period: str | None = Field(None, description="2025, 2025-Q3 or 2025-07; default: this year.", max_length=8)


class StarsQuery(Schema):
    org: str | None = None
    year: int | None = Field(None, ge=2000, le=2100)


class StarsOut(Schema):
    org: str
    year: int
    distribution: dict[str, int] = Field(description="stars (1–5) → number of people with that many stars.")


@router.get(
    "/points/entries",
    response={200: list[EntryOut], **LIST_ERRORS},
    summary="List points entries",
    url_name="points_entries",
)
@paginate(Pagination)
def entry_list(request, filters: Query[EntryFilters]):
    """Your own entries with `mine=true`; otherwise every entry you may see (your own only, for a member)."""
    entries = selectors.entries_list(user=request.auth_user, mine=filters.mine, status=filters.status)
    if filters.year:
        entries = entries.filter(occurred_on__year=filters.year)
    return entries


@router.post(
    "/points/entries",
    response={201: EntryOut, **WRITE_ERRORS},
    summary="Claim or record points",
    url_name="points_entry_create",
)
def entry_create(request, payload: EntryIn):
    """A claim for yourself (pending), or an entry for someone in a branch where you may add points."""
    user = request.auth_user
    if payload.employee_no:
        person = (
            Person.objects.restrict(user, VIEW).select_related("branch").filter(employee_no=payload.employee_no).first()
        )
    else:
        person = Person.objects.select_related("branch").filter(pk=user.person_id).first() if user.person_id else None
    if person is None:
        raise NotFound(_("No such person, or you do not have access to them."))
    rule = services.rule_for(company=person_company(person), code=payload.rule.strip().upper(), day=payload.occurred_on)
    if rule is None or not PointsRule.objects.restrict(user, VIEW).filter(pk=rule.pk).exists():
        raise InvalidInput(_("No such rule in force on that date."), errors={"rule": [_("Not found.")]})
    entry = services.entry_create(
        actor=user,
        person=person,
        rule=rule,
        occurred_on=payload.occurred_on,
        reason=payload.reason,
        evidence=payload.evidence,
    )
    return Status(201, entry)


@router.post(
    "/points/entries/{entry_id}/decision",
    response={200: EntryOut, **WRITE_ERRORS},
    summary="Approve or reject an entry",
    url_name="points_entry_decide",
)
def entry_decide(request, entry_id: int, payload: DecisionIn):
    """Approve (the cap applies) or reject a pending entry; never your own."""
    user = request.auth_user
    entry = selectors.entry_detail(user=user, pk=entry_id)
    if payload.decision == "approve":
        return services.entry_approve(actor=user, entry=entry, note=payload.note)
    return services.entry_reject(actor=user, entry=entry, note=payload.note)


@router.get(
    "/points/leaderboard",
    response={200: LeaderboardOut, **LIST_ERRORS},
    summary="Points leaderboard",
    url_name="points_leaderboard",
)
def leaderboard(request, query: Query[BoardQuery]):
    """People of an org subtree ranked by approved points in a year, quarter or month (top 50)."""
    org = selectors.visible_org(user=request.auth_user, code=query.org, resource="points")
    period = selectors.parse_period(query.period, timezone.localdate())
    standings = selectors.leaderboard(org=org, period=period)
    return {
        "org": org.code,
        "period": period.key,
        "start": period.start,
        "end": period.end,
        "standings": [
            {"rank": s.rank, "employee_no": s.employee_no, "name": s.name, "branch": s.branch, "total": s.total}
            for s in standings
        ],
    }


@router.get("/stars", response={200: StarsOut, **LIST_ERRORS}, summary="Star distribution", url_name="stars")
def stars(request, query: Query[StarsQuery]):
    """How many people of an org subtree hold 1…5 stars in a year (current ratings)."""
    org = selectors.visible_org(user=request.auth_user, code=query.org, resource="stars", own_branch=True)
    year = query.year or timezone.localdate().year
    distribution = selectors.star_distribution(org=org, year=year)
    return {"org": org.code, "year": year, "distribution": {str(k): v for k, v in distribution.items()}}
