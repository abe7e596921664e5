"""What the points capability is set up and run with, in the API — the same operations as the pages, through the
same services:
- GET /points/appeals, POST /points/appeals, POST /points/appeals/{id}/decision — a member appeals one of their
  decided entries; a reviewer upholds or dismisses the appeal;
- GET / POST /points/rules, PATCH /points/rules/{id}, POST /points/rules/{id}/retire — the company's catalogue
  (党群工作部): a rule is never edited in place, a change is a new version from a date;
- GET / POST /points/appraisal-inputs — the democratic appraisal results and veto items behind members' stars;
- GET / PUT /points/branch-templates/{year} — the branch-star criteria, pass marks and veto items of a year;
- GET / POST /points/branch-ratings — a branch's stars for a year from its criteria scores.

Write bodies have defaults, so a caller without the right hears 403 before any complaint about the body. An object
of another company is 404, like one that does not exist."""

import datetime as dt
from decimal import Decimal
from enum import Enum

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination
from dangjian.core.errors import InvalidInput, NotFound, NotPermitted
from dangjian.core.permissions import ADD, CHANGE, VIEW
from dangjian.core.scoping import can_anywhere
from dangjian.org.api.common import changed_fields, plain
from dangjian.points import selectors, services
from dangjian.points.models import Appraisal, AppraisalInput, CapPeriod, Category, Source
from dangjian.points.services.common import company_for, company_of

router = Router(tags=["points"])

CategoryIn = Enum("CategoryIn", {c: c for c in Category.values}, type=str)
CapPeriodIn = Enum("CapPeriodIn", {c: c for c in CapPeriod.values}, type=str)
SourceIn = Enum("SourceIn", {"none": "", **{c: c for c in Source.values}}, type=str)
AppraisalIn = Enum("AppraisalIn", {c: c for c in Appraisal.values}, type=str)


# ---------------------------------------------------------------- appeals


class PointsAppealOut(Schema):
    id: int
    entry: int = Field(description="The entry appealed against.")
    person: str = Field(description="The employee number of the member whose entry it is.")
    rule: str = Field(description="The entry's rule code.")
    reason: str
    status: str = Field(description="open, upheld or dismissed.")
    created_at: dt.datetime
    decided_at: dt.datetime | None = None
    decision: str
    outcome_entry: int | None = Field(
        None, description="Upheld: the entry that reverses the approved one, or grants the rejected one."
    )

    @staticmethod
    def resolve_entry(obj) -> int:
        return obj.entry_id

    @staticmethod
    def resolve_person(obj) -> str:
        return obj.entry.person.employee_no

    @staticmethod
    def resolve_rule(obj) -> str:
        return obj.entry.rule.code

    @staticmethod
    def resolve_outcome_entry(obj) -> int | None:
        return obj.outcome_entry_id


class PointsAppealFilters(Schema):
    mine: bool = Field(False, description="Only your own appeals.")
    status: str | None = Field(None, pattern="^(open|upheld|dismissed)$")


class PointsAppealIn(Schema):
    entry: int | None = Field(None, description="The id of one of your own decided entries.")
    reason: str = Field("", max_length=2000, description="Why you appeal.")


class PointsAppealDecisionIn(Schema):
    uphold: bool = Field(
        False,
        description="true: upheld (an approved entry is reversed, a rejected one granted); false: dismissed.",
    )
    decision: str = Field("", max_length=2000, description="The reasons for the decision (required).")


@router.get(
    "/points/appeals",
    response={200: list[PointsAppealOut], **LIST_ERRORS},
    summary="List appeals",
    url_name="points_appeals",
)
@paginate(Pagination)
def appeal_list(request, filters: Query[PointsAppealFilters]):
    """Your own appeals with `mine=true`; otherwise every appeal you may see (your own only, for a member)."""
    return selectors.appeals_list(user=request.auth_user, mine=filters.mine, status=filters.status)


@router.post(
    "/points/appeals",
    response={201: PointsAppealOut, **WRITE_ERRORS},
    summary="Appeal an entry",
    url_name="points_appeal_create",
)
def appeal_create(request, payload: PointsAppealIn):
    """Appeal one of your own decided entries (one open appeal per entry). Someone else's entry you may see is 403;
    one you may not see is 404."""
    user = request.auth_user
    if payload.entry is None:
        raise InvalidInput(_("Name the entry you appeal."), errors={"entry": [_("This field is required.")]})
    entry = selectors.own_entry(user=user, pk=payload.entry)
    appeal = services.appeal_create(actor=user, entry=entry, reason=payload.reason)
    return Status(201, selectors.appeal_detail(user=user, pk=appeal.pk, own=True))


@router.post(
    "/points/appeals/{appeal_id}/decision",
    response={200: PointsAppealOut, **WRITE_ERRORS},
    summary="Decide an appeal",
    url_name="points_appeal_decide",
)
def appeal_decide(request, appeal_id: int, payload: PointsAppealDecisionIn):
    """Uphold or dismiss an open appeal (a reviewer over the member's branch; never about your own points)."""
    user = request.auth_user
    appeal = selectors.appeal_detail(user=user, pk=appeal_id)
    services.appeal_decide(actor=user, appeal=appeal, uphold=payload.uphold, decision=payload.decision)
    return selectors.appeal_detail(user=user, pk=appeal_id)


# ---------------------------------------------------------------- the rule catalogue


class PointsRuleOut(Schema):
    id: int
    company: str = Field(description="The code of the company's root org.")
    code: str
    version: int
    name: str
    description: str
    category: str = Field(description="basic, merit or deduction.")
    points: Decimal = Field(description="Negative for a deduction.")
    cap: Decimal | None = Field(None, description="The most points one person gets from the rule in a cap period.")
    cap_period: str = Field(description="month, quarter or year.")
    evidence_required: bool
    approval_required: bool
    source: str = Field(description="The automatic source whose records give the points; blank: claimed by hand.")
    valid_from: dt.date
    valid_to: dt.date | None = Field(None, description="The last day this version holds; empty: open-ended.")

    @staticmethod
    def resolve_company(obj) -> str:
        return obj.company.code


class PointsRuleFilters(Schema):
    current: bool = Field(False, description="Only the versions in force or to come (not ended before today).")
    code: str | None = Field(None, max_length=40)


class PointsRulePatch(Schema):
    name: str | None = Field(None, max_length=100)
    description: str | None = None
    points: Decimal | None = Field(None, max_digits=7, decimal_places=2)
    cap: Decimal | None = Field(None, gt=0, max_digits=8, decimal_places=2, description="null: no cap.")
    cap_period: CapPeriodIn | None = None
    evidence_required: bool | None = None
    approval_required: bool | None = None
    source: SourceIn | None = Field(None, description="An automatic source; `none` or blank for a claimed rule.")


class PointsRuleIn(PointsRulePatch):
    # Defaults, so that a caller without the right gets 403 before any complaint about the body.
    company: str = Field("", max_length=40, description="The company's root org code; empty: your company.")
    code: str = Field("", max_length=40)
    category: CategoryIn | None = None
    valid_from: dt.date | None = None


class PointsRuleVersionIn(PointsRulePatch):
    valid_from: dt.date | None = Field(None, description="The first day of the new version (required).")


class PointsRuleRetireIn(Schema):
    last_day: dt.date | None = Field(None, description="The last day the rule holds (required).")


def _rule_fields(data: dict) -> dict:
    for name in ("description", "source"):
        if name in data and data[name] is None:
            data[name] = ""
    return data


@router.get(
    "/points/rules",
    response={200: list[PointsRuleOut], **LIST_ERRORS},
    summary="List the points rules",
    url_name="points_rules",
)
@paginate(Pagination)
def rule_list(request, filters: Query[PointsRuleFilters]):
    """Your company's catalogue, every version (the latest first within a code)."""
    user = request.auth_user
    if not can_anywhere(user, "points_rule", VIEW):
        raise NotPermitted(_("You do not have permission to do this."))
    rules = selectors.rules_list(user=user)
    if filters.current:
        rules = rules.exclude(valid_to__lt=timezone.localdate())
    if filters.code:
        rules = rules.filter(code=filters.code.strip().upper())
    return rules


@router.post(
    "/points/rules",
    response={201: PointsRuleOut, **WRITE_ERRORS},
    summary="Add a points rule",
    url_name="points_rule_create",
)
def rule_create(request, payload: PointsRuleIn):
    """A new rule (version 1) in the company's catalogue (党群工作部). Points for logging in, time online, likes,
    shares or check-ins are refused (the 2023 and 2026 rules against formalism); 409 if the code is taken."""
    user = request.auth_user
    company = company_for(user, resource="points_rule", action=ADD, code=payload.company)
    data = _rule_fields(plain(payload.model_dump(exclude_unset=True)))
    data.pop("company", None)
    missing = [name for name in ("code", "name", "category", "points", "valid_from") if not data.get(name)]
    if missing:
        raise InvalidInput(
            _("Some required fields are missing."), errors={name: [_("This field is required.")] for name in missing}
        )
    data = {name: value for name, value in data.items() if value is not None or name == "cap"}
    rule = services.rule_create(actor=user, company=company, **data)
    return Status(201, rule)


@router.patch(
    "/points/rules/{rule_id}",
    response={200: PointsRuleOut, **WRITE_ERRORS},
    summary="Change a points rule from a date",
    url_name="points_rule_update",
)
def rule_update(request, rule_id: int, payload: PointsRuleVersionIn):
    """A new version of the rule from `valid_from` with the fields sent (the others as they were); the current
    version ends the day before. Entries already written keep their version. Answers with the new version."""
    user = request.auth_user
    rule = selectors.rule_get(user=user, pk=rule_id)
    data = _rule_fields(
        changed_fields(payload, required=("name", "points", "cap_period", "evidence_required", "approval_required"))
    )
    valid_from = data.pop("valid_from", None)
    return services.rule_new_version(actor=user, rule=rule, valid_from=valid_from, **data)


@router.post(
    "/points/rules/{rule_id}/retire",
    response={200: PointsRuleOut, **WRITE_ERRORS},
    summary="Retire a points rule",
    url_name="points_rule_retire",
)
def rule_retire(request, rule_id: int, payload: PointsRuleRetireIn):
    """The rule (its latest version) holds up to `last_day`; nothing can be claimed or awarded under it for a later
    day. The entries already written stay."""
    user = request.auth_user
    rule = selectors.rule_get(user=user, pk=rule_id)
    return services.rule_retire(actor=user, rule=rule, last_day=payload.last_day)


# ---------------------------------------------------------------- appraisal inputs


class PointsAppraisalOut(Schema):
    person: str = Field(description="The employee number.")
    name: str
    year: int
    appraisal: str = Field(description="excellent, qualified, basic (basically qualified) or unqualified.")
    sanctioned: bool = Field(description="A disciplinary sanction in the year (a veto item).")
    veto_note: str

    @staticmethod
    def resolve_person(obj) -> str:
        return obj.person.employee_no

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.name


class PointsAppraisalFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


class PointsAppraisalIn(Schema):
    employee_no: str = Field("", max_length=30)
    year: int | None = Field(None, ge=2000, le=2100)
    appraisal: AppraisalIn | None = None
    sanctioned: bool = False
    veto_note: str = Field("", max_length=200, description="The sanction; required when `sanctioned`.")


@router.get(
    "/points/appraisal-inputs",
    response={200: list[PointsAppraisalOut], **LIST_ERRORS},
    summary="List appraisal results",
    url_name="points_appraisals",
)
@paginate(Pagination)
def appraisal_list(request, filters: Query[PointsAppraisalFilters]):
    """The democratic appraisal results you may see (your own, for a member), latest year first."""
    return selectors.appraisals_list(user=request.auth_user, year=filters.year)


@router.post(
    "/points/appraisal-inputs",
    response={200: PointsAppraisalOut, 201: PointsAppraisalOut, **WRITE_ERRORS},
    summary="Record an appraisal result",
    url_name="points_appraisal_record",
)
def appraisal_record(request, payload: PointsAppraisalIn):
    """Record a person's democratic appraisal result and veto items for a year (201), or change the recorded one
    (200); their stars are recomputed in the background."""
    user = request.auth_user
    if not can_anywhere(user, "stars", CHANGE):
        raise NotPermitted(_("You do not have permission to do this."))
    missing = [name for name in ("employee_no", "year", "appraisal") if not getattr(payload, name)]
    if missing:
        raise InvalidInput(
            _("Some required fields are missing."), errors={name: [_("This field is required.")] for name in missing}
        )
    person = selectors.person_by_employee_no(user=user, employee_no=payload.employee_no)
    if person is None:
        raise NotFound(_("No such person, or you do not have access to them."))
    existed = selectors.appraisal_exists(person=person, year=payload.year)
    row = services.appraisal_record(
        actor=user,
        person=person,
        year=payload.year,
        appraisal=payload.appraisal.value,
        sanctioned=payload.sanctioned,
        veto_note=payload.veto_note,
    )
    return Status(200 if existed else 201, AppraisalInput.objects.select_related("person").get(pk=row.pk))


# ---------------------------------------------------------------- branch criteria and ratings


class BranchCriterionOut(Schema):
    id: int | None = Field(None, description="Empty while the year's criteria are the unsaved defaults.")
    name: str
    max_points: Decimal


class BranchTemplateOut(Schema):
    company: str
    year: int
    saved: bool = Field(description="false: nothing is set for the year yet; these are the defaults it starts from.")
    source: str = Field(description="saved, previous (the latest earlier year's) or standard.")
    three_star_mark: Decimal
    four_star_mark: Decimal
    five_star_mark: Decimal
    vetoes: list[str] = Field(description="Veto items: any one found gives the branch no star.")
    rated: int = Field(description="Branches rated on it: once any is, the criteria can no longer change.")
    criteria: list[BranchCriterionOut]


class BranchCriterionIn(Schema):
    id: int | None = Field(None, description="A criterion of this year's to change; empty: a new one.")
    name: str = Field(max_length=100)
    max_points: Decimal = Field(max_digits=5, decimal_places=1)


class BranchTemplateIn(Schema):
    company: str = Field("", max_length=40, description="The company's root org code; empty: your company.")
    three_star_mark: Decimal | None = Field(None, max_digits=5, decimal_places=1)
    four_star_mark: Decimal | None = Field(None, max_digits=5, decimal_places=1)
    five_star_mark: Decimal | None = Field(None, max_digits=5, decimal_places=1)
    vetoes: list[str] | None = Field(None, description="All the veto items; omitted: unchanged.")
    criteria: list[BranchCriterionIn] | None = Field(
        None,
        description="All the criteria in order, worth 100 together: one with an id is changed, one without added, "
        "one left out retired. Omitted: unchanged (a new year starts from the defaults).",
    )


class BranchTemplateQuery(Schema):
    company: str | None = Field(None, max_length=40, description="An org code of the company; default: yours.")


def _template_out(company, year: int) -> dict:
    draft = selectors.branch_template_draft(company=company, year=year)
    t = draft.template
    return {
        "company": company.code,
        "year": year,
        "saved": draft.saved,
        "source": draft.source,
        "three_star_mark": t.three_star_mark,
        "four_star_mark": t.four_star_mark,
        "five_star_mark": t.five_star_mark,
        "vetoes": t.veto_list,
        "rated": selectors.branch_ratings_count(template=t) if draft.saved else 0,
        "criteria": [{"id": c.pk, "name": c.name, "max_points": c.max_points} for c in draft.criteria],
    }


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise InvalidInput(_("Give a year from 2000 to 2100."), errors={"year": [_("Not a year.")]})
    return year


@router.get(
    "/points/branch-templates/{year}",
    response={200: BranchTemplateOut, **READ_ERRORS},
    summary="Read the branch-star criteria of a year",
    url_name="points_branch_template",
)
def branch_template(request, year: int, query: Query[BranchTemplateQuery]):
    """The criteria, pass marks and veto items of the year; while none are set, the defaults it starts from
    (`saved: false`): the latest earlier year's, else the standard 100-point set."""
    user = request.auth_user
    org = selectors.visible_org(user=user, code=query.company, resource="stars")
    return _template_out(company_of(org), _year(year))


@router.put(
    "/points/branch-templates/{year}",
    response={200: BranchTemplateOut, 201: BranchTemplateOut, **WRITE_ERRORS},
    summary="Set the branch-star criteria of a year",
    url_name="points_branch_template_save",
)
def branch_template_save(request, year: int, payload: BranchTemplateIn):
    """Set the year's criteria (党群工作部 of the company): 201 when the year had none, 200 when changed. 409 once a
    branch has been rated for the year."""
    user = request.auth_user
    company = company_for(user, resource="stars", action=CHANGE, code=payload.company)
    year = _year(year)
    existed = selectors.branch_template(company=company, year=year) is not None
    fields = {
        name: value
        for name, value in payload.model_dump(exclude_unset=True).items()
        if name in ("three_star_mark", "four_star_mark", "five_star_mark", "vetoes")
    }
    criteria = None
    if payload.criteria is not None:
        criteria = [services.CriterionSpec(c.name, c.max_points, c.id) for c in payload.criteria]
    services.branch_template_save(actor=user, company=company, year=year, criteria=criteria, **fields)
    return Status(200 if existed else 201, _template_out(company, year))


class BranchScoreIn(Schema):
    criterion: int = Field(description="A criterion id of the year's criteria.")
    points: Decimal = Field(max_digits=5, decimal_places=1)


class BranchRatingIn(Schema):
    org: str = Field("", max_length=40, description="The branch's code.")
    year: int | None = Field(None, ge=2000, le=2100)
    scores: list[BranchScoreIn] = Field([], description="Points per criterion; a criterion left out scores 0.")
    vetoes_found: list[str] = Field([], description="The year's veto items found (as worded in the criteria).")


class BranchRatingOut(Schema):
    org: str
    name: str
    year: int
    total: Decimal
    stars: int = Field(description="3, 4, 5, or 0 for no star.")
    vetoes_found: list[str]
    scores: dict[str, Decimal] = Field(description="criterion id → points")
    rated_at: dt.datetime

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.org.code

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.org.name

    @staticmethod
    def resolve_vetoes_found(obj) -> list[str]:
        return [v for v in obj.vetoes_found.splitlines() if v]


class BranchRatingQuery(Schema):
    org: str | None = Field(None, max_length=40, description="An org code; default: the outermost you may see.")
    year: int | None = Field(None, ge=2000, le=2100, description="Default: this year.")


@router.get(
    "/points/branch-ratings",
    response={200: list[BranchRatingOut], **LIST_ERRORS},
    summary="List branch star ratings",
    url_name="points_branch_ratings",
)
@paginate(Pagination)
def branch_rating_list(request, query: Query[BranchRatingQuery]):
    """The ratings of the branches of an org subtree for a year."""
    user = request.auth_user
    org = selectors.visible_org(user=user, code=query.org, resource="stars")
    return selectors.branch_ratings(user=user, org=org, year=query.year or timezone.localdate().year)


@router.post(
    "/points/branch-ratings",
    response={200: BranchRatingOut, 201: BranchRatingOut, **WRITE_ERRORS},
    summary="Rate a branch",
    url_name="points_branch_rate",
)
def branch_rate(request, payload: BranchRatingIn):
    """Rate a branch for a year on the year's criteria (201; a second rating of the year replaces the first, 200).
    The criteria must be set first (PUT /points/branch-templates/{year})."""
    user = request.auth_user
    if not can_anywhere(user, "stars", CHANGE):
        raise NotPermitted(_("You do not have permission to do this."))
    if not payload.org or payload.year is None:
        missing = [name for name in ("org", "year") if not getattr(payload, name)]
        raise InvalidInput(
            _("Some required fields are missing."), errors={name: [_("This field is required.")] for name in missing}
        )
    org = selectors.org_by_code(user=user, code=payload.org)
    existed = selectors.branch_rating(org=org, year=payload.year) is not None
    scores = {s.criterion: s.points for s in payload.scores}
    rating = services.branch_rate(
        actor=user, org=org, year=payload.year, scores=scores, vetoes_found=payload.vetoes_found
    )
    return Status(200 if existed else 201, rating)
