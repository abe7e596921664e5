"""The assessment and the key-task list in the API:
- GET /assessment/periods?year= — the periods the caller may see with their sheet counts;
- GET /assessment/rankings?month=YYYY-MM — per period of that month, the visible branches' scores and ranks
  (stored once locked, provisional before);
- GET /keytasks?org=&year= — the key tasks the caller may see, optionally under one org code and in one year;
- POST /keytasks/{id}/close — the owner submits the close-out (销号) with its evidence;
- POST /keytasks/{id}/confirm — a reviewer confirms it (or returns it with `return_reason`);
- the templates, their categories and items: api_templates.py (its router is included here)."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from dangjian.assessment import keytask_selectors, selectors, services
from dangjian.assessment.api_templates import router as templates_router
from dangjian.core import months
from dangjian.core.api.errors import LIST_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination
from dangjian.core.errors import InvalidInput
from dangjian.core.permissions import VIEW
from dangjian.org.models import PartyOrg

router = Router(tags=["assessment"])
router.add_router("", templates_router)


class PeriodOut(Schema):
    id: int
    month: str
    template: str
    org: str = Field(description="The code of the org whose branches are assessed.")
    status: str
    sheets: int = Field(description="Sheets of the period the caller may see.")
    reviewed: int

    @staticmethod
    def resolve_month(obj) -> str:
        return months.label(obj.month)

    @staticmethod
    def resolve_template(obj) -> str:
        return obj.template.name

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.template.org.code

    @staticmethod
    def resolve_sheets(obj) -> int:
        return obj.sheet_count

    @staticmethod
    def resolve_reviewed(obj) -> int:
        return obj.reviewed_count


class YearQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


@router.get(
    "/assessment/periods",
    response={200: list[PeriodOut], **LIST_ERRORS},
    summary="List assessment periods",
    url_name="assessment_periods",
)
@paginate(Pagination)
def period_list(request, filters: Query[YearQuery]):
    """The monthly assessment periods the caller may see, latest first."""
    return selectors.period_list(user=request.auth_user, year=filters.year)


class AssessmentStandingOut(Schema):
    org: str
    org_name: str
    status: str
    party_score: Decimal | None = Field(None, description="0–100: Σ final points ÷ Σ maximum points × 100.")
    production_score: Decimal | None = None
    total: Decimal | None = Field(None, description="party × party weight + production × production weight.")
    rank: int | None = Field(None, description="Competition rank in the period (1, 2, 2, 4).")
    provisional: bool = Field(description="True until the period is locked.")


class AssessmentRankingOut(Schema):
    period: int
    template: str
    month: str
    locked: bool
    standings: list[AssessmentStandingOut]


class AssessmentMonthQuery(Schema):
    month: str = Field(description="YYYY-MM", max_length=7)


@router.get(
    "/assessment/rankings",
    response={200: list[AssessmentRankingOut], **LIST_ERRORS},
    summary="Rankings of a month",
    url_name="assessment_rankings",
)
def rankings(request, query: Query[AssessmentMonthQuery]):
    month = months.parse(query.month)
    if month is None:
        raise InvalidInput(_("Give the month as YYYY-MM."), errors={"month": [_("Not a month.")]})
    return [
        {
            "period": period.pk,
            "template": period.template.name,
            "month": months.label(period.month),
            "locked": period.locked,
            "standings": [
                {
                    "org": r.sheet.org.code,
                    "org_name": r.sheet.org.name,
                    "status": r.sheet.status,
                    "party_score": r.party,
                    "production_score": r.production,
                    "total": r.total,
                    "rank": r.rank,
                    "provisional": r.provisional,
                }
                for r in rows
            ],
        }
        for period, rows in selectors.month_ranking(user=request.auth_user, month=month)
    ]


class KeyTaskOut(Schema):
    id: int
    code: str
    year: int
    title: str
    category: str
    owner_org: str
    owner: str | None = Field(None, description="The owner's employee number.")
    due_on: dt.date
    deliverable: str
    status: str
    submitted_on: dt.date | None
    completed_on: dt.date | None
    on_time: bool | None

    @staticmethod
    def resolve_owner_org(obj) -> str:
        return obj.owner_org.code

    @staticmethod
    def resolve_owner(obj) -> str | None:
        return obj.owner.employee_no if obj.owner else None


class KeyTaskFilters(Schema):
    org: str = Field("", description="An org code: its subtree's tasks.")
    year: int | None = Field(None, ge=2000, le=2100)


@router.get(
    "/keytasks", response={200: list[KeyTaskOut], **LIST_ERRORS}, summary="List key tasks", url_name="keytask_list"
)
@paginate(Pagination)
def keytask_list(request, filters: Query[KeyTaskFilters]):
    user = request.auth_user
    org = None
    if filters.org:
        org = PartyOrg.objects.restrict(user, VIEW).filter(code=filters.org).first() or PartyOrg(path="/-/")
    return keytask_selectors.keytask_list(user=user, org=org, year=filters.year)


class CloseIn(Schema):
    evidence: str = Field(description="What was delivered and where the evidence is.")
    on: dt.date | None = Field(None, description="The day it was completed; today if not given.")


@router.post(
    "/keytasks/{task_id}/close",
    response={200: KeyTaskOut, **WRITE_ERRORS},
    summary="Submit a close-out",
    url_name="keytask_close",
)
def keytask_close(request, task_id: int, payload: CloseIn):
    user = request.auth_user
    task = keytask_selectors.keytask_get(user=user, pk=task_id)
    return services.keytask_close(actor=user, task=task, evidence=payload.evidence, on=payload.on)


class DecideIn(Schema):
    return_reason: str = Field("", description="Given: the close-out is returned with this reason; empty: confirmed.")


@router.post(
    "/keytasks/{task_id}/confirm",
    response={200: KeyTaskOut, **WRITE_ERRORS},
    summary="Confirm or return",
    url_name="keytask_confirm",
)
def keytask_confirm(request, task_id: int, payload: DecideIn):
    user = request.auth_user
    task = keytask_selectors.keytask_get(user=user, pk=task_id)
    if payload.return_reason.strip():
        return services.keytask_return(actor=user, task=task, reason=payload.return_reason)
    return services.keytask_confirm(actor=user, task=task)
