"""The monthly assessment in the API, the same operations as the period and sheet pages, through the same services:
- GET /assessment/periods?year= — the periods the caller may see with their sheet counts;
- POST /assessment/periods — open a month from the org's template of that year (党群工作部): a sheet per branch;
- GET /assessment/periods/{id} — one period with the sheets the caller sees;
- POST /assessment/periods/{id}/lock — make the month final (every sheet reviewed), scores and ranks stored;
- POST /assessment/periods/{id}/unlock — reopen a locked month for a correction, with the reason;
- GET /assessment/rankings?month=YYYY-MM — per period of that month, the visible branches' scores and ranks;
- GET /assessment/sheets/{id} — a branch's sheet with its lines; POST …/move — submit, return, review, reopen;
- POST /assessment/sheets/{id}/lines/{code}/self-assessment — the branch's own points on a manual item (its
  secretary, while the sheet is a draft);
- POST /assessment/sheets/{id}/lines/{code}/deduction — the reviewer's deduction with the reason (the superior org or
  党群工作部, never on their own branch, while the sheet is submitted);
- GET / POST /assessment/production-scores — the production scores (0–100) of an org and month, read and set.

A locked month refuses every write on its sheets (409). A period or sheet of another company, or outside the caller's
orgs, is 404; an org named in the body that the caller cannot see is 400 on that field."""

from decimal import Decimal
from enum import Enum

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangjian.assessment import selectors, services, workflow
from dangjian.assessment.models import ProductionScore
from dangjian.core import months
from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination, resolve
from dangjian.core.errors import InvalidInput, NotPermitted
from dangjian.core.permissions import ADD, CHANGE
from dangjian.core.scoping import can_anywhere
from dangjian.org import selectors as org_selectors

router = Router(tags=["assessment"])

SheetMoveIn = Enum("SheetMoveIn", {a: a for a in workflow.ACTIONS if a != workflow.LOCK}, type=str)


def _month(text: str):
    month = months.parse(text or "")
    if month is None:
        raise InvalidInput(_("Give the month as YYYY-MM."), errors={"month": [_("Not a month.")]})
    return month


class PeriodOut(Schema):
    id: int
    month: str
    template: str
    org: str = Field(description="The code of the org whose branches are assessed.")
    status: str = Field(description="open or locked.")
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


class AssessmentPeriodIn(Schema):
    month: str = Field("", max_length=7, description="YYYY-MM")
    org: str = Field(
        "",
        max_length=40,
        description="The code of the org whose template is opened (the company); blank: the one org where the caller "
        "is 党群工作部.",
    )


@router.post(
    "/assessment/periods",
    response={201: PeriodOut, **WRITE_ERRORS},
    summary="Open a month",
    url_name="assessment_period_open",
)
def period_open(request, payload: AssessmentPeriodIn):
    """Open `month` from the org's template of that year: a sheet for every branch under the org, a line per item in
    use that applies that month, automatic items computed from the records. 409 if the month is open already."""
    user = request.auth_user
    if not can_anywhere(user, "assessment", ADD):
        raise NotPermitted(_("Only the party affairs department (党群工作部) may do this."))
    if payload.org:
        org = resolve(org_selectors.visible_orgs(user=user), "org", payload.org, code=payload.org)
    else:
        offices = selectors.office_orgs(user)
        if len(offices) != 1:
            raise InvalidInput(
                _("Name the organisation whose month is opened."), errors={"org": [_("This field is required.")]}
            )
        org = offices[0]
    month = _month(payload.month)
    template = selectors.template_of(org=org, year=month.year)
    if template is None:
        message = _("%(org)s has no assessment template for %(year)s: create or copy one first.") % {
            "org": org.name,
            "year": month.year,
        }
        raise InvalidInput(message, errors={"month": [message]})
    period = services.period_open(actor=user, template=template, month=month)
    return Status(201, selectors.period_counted(user=user, pk=period.pk))


class AssessmentSheetBrief(Schema):
    id: int
    org: str
    org_name: str
    status: str = Field(description="draft, submitted, reviewed or locked.")


class AssessmentPeriodDetailOut(PeriodOut):
    sheet_list: list[AssessmentSheetBrief] = Field(description="The sheets the caller sees, by org.")

    @staticmethod
    def resolve_sheet_list(obj) -> list[dict]:
        return [{"id": s.pk, "org": s.org.code, "org_name": s.org.name, "status": s.status} for s in obj.visible]


def _period_detail(user, pk: int):
    period = selectors.period_counted(user=user, pk=pk)
    period.visible = selectors.sheets_of(user=user, period=period)
    return period


@router.get(
    "/assessment/periods/{period_id}",
    response={200: AssessmentPeriodDetailOut, **READ_ERRORS},
    summary="Read an assessment period",
    url_name="assessment_period",
)
def period_detail(request, period_id: int):
    return _period_detail(request.auth_user, period_id)


@router.post(
    "/assessment/periods/{period_id}/lock",
    response={200: PeriodOut, **WRITE_ERRORS},
    summary="Lock a month",
    url_name="assessment_period_lock",
)
def period_lock(request, period_id: int):
    """Make the month final (党群工作部): every sheet must be reviewed (409 naming those that are not); the party,
    production and combined scores and the ranks are stored."""
    user = request.auth_user
    services.period_lock(actor=user, period=selectors.period_get(user=user, pk=period_id))
    return selectors.period_counted(user=user, pk=period_id)


class AssessmentUnlockIn(Schema):
    reason: str = Field("", max_length=500, description="Why the month is reopened (required).")


@router.post(
    "/assessment/periods/{period_id}/unlock",
    response={200: PeriodOut, **WRITE_ERRORS},
    summary="Reopen a locked month",
    url_name="assessment_period_unlock",
)
def period_unlock(request, period_id: int, payload: AssessmentUnlockIn):
    """Reopen a locked month for a correction (党群工作部, with the reason): its sheets go back to reviewed and the
    stored scores and ranks are cleared until the month is locked again. 409 if it is not locked."""
    user = request.auth_user
    found = selectors.period_get(user=user, pk=period_id)
    services.period_unlock(actor=user, period=found, reason=payload.reason)
    return selectors.period_counted(user=user, pk=period_id)


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
    month = _month(query.month)
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


class AssessmentLineOut(Schema):
    id: int
    code: str = Field(description="The item's code: it names the line in the line operations.")
    category: str
    title: str
    max_points: Decimal
    automatic: bool = Field(description="Computed from the platform's records (never typed).")
    computation: str = Field(description="How an automatic line was computed.")
    self_score: Decimal | None = Field(description="The branch's own points (a manual line).")
    self_note: str
    evidence: str
    evidence_required: bool
    deduction: Decimal
    deduction_reason: str
    final_points: Decimal | None = Field(description="max(computed or self-assessed points − deduction, 0).")


def _line_out(line) -> dict:
    item = line.item
    return {
        **{k: getattr(line, k) for k in ("id", "automatic", "computation", "self_score", "self_note", "evidence")},
        **{k: getattr(line, k) for k in ("deduction", "deduction_reason", "final_points")},
        "code": item.code,
        "category": item.category.name,
        "title": item.title,
        "max_points": item.max_points,
        "evidence_required": item.evidence_required,
    }


class AssessmentSheetOut(Schema):
    id: int
    period: int
    month: str
    org: str
    org_name: str
    status: str = Field(description="draft, submitted, reviewed or locked.")
    returned_reason: str
    party_score: Decimal | None
    production_score: Decimal | None
    total: Decimal | None
    provisional: bool = Field(description="True until the period is locked (scores computed now).")
    moves: list[str] = Field(description="The moves the caller may make now (submit, return, review, reopen).")
    lines: list[AssessmentLineOut]


def _sheet_out(user, pk: int) -> dict:
    sheet = selectors.sheet_get(user=user, pk=pk)
    lines = selectors.sheet_lines(sheet)
    standing = selectors.standings_of(sheet, lines)
    return {
        "id": sheet.pk,
        "period": sheet.period_id,
        "month": months.label(sheet.period.month),
        "org": sheet.org.code,
        "org_name": sheet.org.name,
        "status": sheet.status,
        "returned_reason": sheet.returned_reason,
        "party_score": standing.party,
        "production_score": standing.production,
        "total": standing.total,
        "provisional": standing.provisional,
        "moves": [] if sheet.period.locked else workflow.allowed(user, sheet),
        "lines": [_line_out(line) for line in lines],
    }


@router.get(
    "/assessment/sheets/{sheet_id}",
    response={200: AssessmentSheetOut, **READ_ERRORS},
    summary="Read a branch's sheet",
    url_name="assessment_sheet",
)
def sheet_detail(request, sheet_id: int):
    """The branch's sheet of a month: every line with its points, evidence and deduction, and the scores so far."""
    return _sheet_out(request.auth_user, sheet_id)


class AssessmentMoveIn(Schema):
    action: SheetMoveIn = Field(description="submit (the branch), return, review or reopen (the reviewer).")
    comment: str = Field("", max_length=500, description="Why the sheet goes back (required to return it).")


@router.post(
    "/assessment/sheets/{sheet_id}/move",
    response={200: AssessmentSheetOut, **WRITE_ERRORS},
    summary="Move a sheet",
    url_name="assessment_sheet_move",
)
def sheet_move(request, sheet_id: int, payload: AssessmentMoveIn):
    """Submit the self-assessment (every manual item scored, evidence where required), return it with a reason, finish
    or reopen the review. 409 when the move is not possible from the sheet's state."""
    user = request.auth_user
    sheet = selectors.sheet_get(user=user, pk=sheet_id)
    services.sheet_transition(actor=user, sheet=sheet, action=payload.action.value, comment=payload.comment)
    return _sheet_out(user, sheet_id)


class AssessmentSelfIn(Schema):
    # Optional so that a caller without the right gets 403 before any complaint about the body.
    score: Decimal | None = Field(None, description="0 … the item's maximum, at most two decimals.")
    note: str = Field("", max_length=500)
    evidence: str = Field("", max_length=4000, description="What shows it (required by some items to submit).")


def _line(request, sheet_id: int, code: str):
    sheet = selectors.sheet_get(user=request.auth_user, pk=sheet_id)
    return selectors.sheet_line(sheet=sheet, code=code)


def _line_response(line) -> dict:
    return _line_out(selectors.sheet_line(sheet=line.sheet, pk=line.pk))


@router.post(
    "/assessment/sheets/{sheet_id}/lines/{code}/self-assessment",
    response={200: AssessmentLineOut, **WRITE_ERRORS},
    summary="Self-assess a line",
    url_name="assessment_line_self",
)
def line_self(request, sheet_id: int, code: str, payload: AssessmentSelfIn):
    """The branch's own points on a manual item, with a note and the evidence (the branch's secretary, while the sheet
    is a draft). An automatic item is computed, not typed (400)."""
    line = _line(request, sheet_id, code)
    score = "" if payload.score is None else str(payload.score)
    services.line_self_save(
        actor=request.auth_user, line=line, score=score, note=payload.note, evidence=payload.evidence
    )
    return _line_response(line)


class AssessmentDeductionIn(Schema):
    deduction: Decimal = Field(Decimal(0), description="0 … the line's points before the deduction.")
    reason: str = Field("", max_length=500, description="Required for any deduction above 0.")


@router.post(
    "/assessment/sheets/{sheet_id}/lines/{code}/deduction",
    response={200: AssessmentLineOut, **WRITE_ERRORS},
    summary="Deduct on a line",
    url_name="assessment_line_deduct",
)
def line_deduct(request, sheet_id: int, code: str, payload: AssessmentDeductionIn):
    """The reviewer's deduction with the reason (the superior org or 党群工作部, never on their own branch, while the
    sheet is submitted for review); 0 takes a deduction back."""
    line = _line(request, sheet_id, code)
    services.line_deduct(actor=request.auth_user, line=line, deduction=str(payload.deduction), reason=payload.reason)
    return _line_response(line)


class ProductionScoreOut(Schema):
    org: str
    org_name: str
    month: str
    value: Decimal | None = Field(description="0–100; null: none (cleared).")
    source: str = Field(description="entered or imported; blank when cleared.")
    note: str

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj) -> str:
        return obj.org.name

    @staticmethod
    def resolve_month(obj) -> str:
        return months.label(obj.month)


class ProductionScoreQuery(Schema):
    month: str = Field("", max_length=7, description="YYYY-MM; blank: every month.")


@router.get(
    "/assessment/production-scores",
    response={200: list[ProductionScoreOut], **LIST_ERRORS},
    summary="List production scores",
    url_name="assessment_production_scores",
)
@paginate(Pagination)
def production_score_list(request, filters: Query[ProductionScoreQuery]):
    """The production scores entered or imported for the orgs the caller sees, latest month first."""
    month = _month(filters.month) if filters.month else None
    return selectors.production_score_list(user=request.auth_user, month=month)


class ProductionScoreIn(Schema):
    # Empty by default so that a caller without the right gets 403 before any complaint about the body.
    org: str = Field("", max_length=40, description="The org's code (a branch).")
    month: str = Field("", max_length=7, description="YYYY-MM")
    value: Decimal | None = Field(None, description="0–100, at most two decimals; null clears the score.")
    note: str = Field("", max_length=300)


@router.post(
    "/assessment/production-scores",
    response={200: ProductionScoreOut, 201: ProductionScoreOut, **WRITE_ERRORS},
    summary="Set a production score",
    url_name="assessment_production_score_set",
)
def production_score_set(request, payload: ProductionScoreIn):
    """Set (201 when new, 200 when changed) or clear (`value` null) an org's production score for a month, as the
    production page does (the "assessment" change grant over the org). A locked month keeps the score it was locked
    with."""
    user = request.auth_user
    if not can_anywhere(user, "assessment", CHANGE):
        raise NotPermitted(_("You may not set production scores."))
    org = resolve(org_selectors.visible_orgs(user=user), "org", payload.org, code=payload.org)
    month = _month(payload.month)
    value = "" if payload.value is None else str(payload.value)
    score, action = services.production_score_set(actor=user, org=org, month=month, value=value, note=payload.note)
    if score is None:  # cleared: what is stored now is nothing
        return ProductionScore(org=org, month=month, value=None, source="", note="")
    return Status(201 if action == "create" else 200, selectors.production_score_of(user=user, org=org, month=month))
