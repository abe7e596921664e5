"""Talent development and drills in the API: /talent/… (competency models and items, readiness, pools, ratings,
evaluation criteria, training plans, mentors' load, contest results) and /drills/… (sessions, attendance, per team
and month). Thin: parse, call a selector or service, answer the schema; people are named by employee number, orgs
and teams by code; every write goes through talent.services."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination
from dangjian.core.errors import InvalidInput, NotFound, NotPermitted
from dangjian.core.permissions import ADD
from dangjian.core.scoping import can_anywhere
from dangjian.org.api.common import changed_fields
from dangjian.talent import selectors, services
from dangjian.talent.models import Drill, Pool, TalentClass, TrainingPlan

router = Router(tags=["talent"])


def _unknown(field: str, value) -> InvalidInput:
    return InvalidInput(
        _("%(value)s is not a known code you have access to.") % {"value": value},
        errors={field: [_("Unknown code, or you do not have access to it.")]},
    )


def _may_add(user, resource: str) -> None:
    if not can_anywhere(user, resource, ADD):
        raise NotPermitted(_("You do not have permission to do this."))


def _org(user, code: str, resource: str = "talent"):
    org = selectors.write_org(user=user, code=code, resource=resource)
    if org is None:
        raise _unknown("org", code)
    return org


def _person(user, field: str, number: str | None, resource: str = "talent", *, required: bool = False):
    if not number:
        if required:
            raise InvalidInput(_("Give the employee number."), errors={field: [_("This field is required.")]})
        return None
    found = selectors.people_by_employee_no(user=user, resource=resource, numbers=[number]).get(number)
    if found is None:
        raise _unknown(field, number)
    return found


class OrgFilter(Schema):
    org: str | None = Field(None, max_length=40, description="Only this org and the orgs below it (an org code).")


def _filter_org(user, code: str | None, resource: str = "talent"):
    """(org or None, whether the filter hides everything: an unknown or hidden org lists nothing)."""
    if not code:
        return None, False
    org = selectors.write_org(user=user, code=code, resource=resource)
    return org, org is None


# --- competency models


class TalentItemOut(Schema):
    id: int
    name: str
    description: str
    required_level: int
    order: int


class CompetencyModelOut(Schema):
    id: int
    org: str
    post: str
    talent_class: str
    description: str
    retired_on: dt.date | None
    items: list[TalentItemOut]

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.org.code

    @staticmethod
    def resolve_items(obj) -> list:
        return list(obj.items.all())


class CompetencyModelIn(Schema):
    model_config = ConfigDict(extra="forbid")

    org: str = Field(max_length=40, description="Code of the party org that keeps the model.")
    post: str = Field(min_length=1, max_length=100)
    talent_class: TalentClass
    description: str = ""


class CompetencyModelPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    post: str | None = Field(None, min_length=1, max_length=100)
    talent_class: TalentClass | None = None
    description: str | None = None


class TalentItemIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    description: str = Field("", max_length=300)
    required_level: int = Field(ge=1, le=5)
    order: int = Field(0, ge=0, le=1000)


class TalentItemPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=100)
    description: str | None = Field(None, max_length=300)
    required_level: int | None = Field(None, ge=1, le=5)
    order: int | None = Field(None, ge=0, le=1000)


class RetireIn(Schema):
    model_config = ConfigDict(extra="forbid")

    on: dt.date | None = Field(None, description="Default today.")


def _model(user, pk: int):
    return selectors.model_detail(user=user, pk=pk)


@router.get("/talent/models", response={200: list[CompetencyModelOut], **LIST_ERRORS}, url_name="talent_models")
@paginate(Pagination)
def talent_model_list(request, filters: Query[OrgFilter]):
    """The posts' competency models you may see, with their items."""
    org, hidden = _filter_org(request.auth_user, filters.org)
    if hidden:
        return []
    return selectors.model_list(user=request.auth_user, org=org).prefetch_related("items")


@router.post("/talent/models", response={201: CompetencyModelOut, **WRITE_ERRORS}, url_name="talent_model_create")
def talent_model_create(request, payload: CompetencyModelIn):
    """Add a post's competency model (岗位能力价值模型) at an org where you may."""
    _may_add(request.auth_user, "talent")
    data = payload.model_dump()
    org = _org(request.auth_user, data.pop("org"))
    obj = services.model_save(actor=request.auth_user, org=org, **data)
    return Status(201, _model(request.auth_user, obj.pk))


@router.get("/talent/models/{model_id}", response={200: CompetencyModelOut, **READ_ERRORS}, url_name="talent_model")
def talent_model_detail(request, model_id: int):
    return _model(request.auth_user, model_id)


@router.patch(
    "/talent/models/{model_id}", response={200: CompetencyModelOut, **WRITE_ERRORS}, url_name="talent_model_update"
)
def talent_model_update(request, model_id: int, payload: CompetencyModelPatch):
    found = _model(request.auth_user, model_id)
    data = changed_fields(payload, required=("post", "talent_class"), blank_as_empty=("description",))
    services.model_save(actor=request.auth_user, org=found.org, obj=found, **data)
    return _model(request.auth_user, model_id)


@router.post(
    "/talent/models/{model_id}/retire",
    response={200: CompetencyModelOut, **WRITE_ERRORS},
    url_name="talent_model_retire",
)
def talent_model_retire(request, model_id: int, payload: RetireIn):
    found = _model(request.auth_user, model_id)
    services.model_retire(actor=request.auth_user, obj=found, on=payload.on)
    return _model(request.auth_user, model_id)


@router.post(
    "/talent/models/{model_id}/items", response={201: TalentItemOut, **WRITE_ERRORS}, url_name="talent_item_create"
)
def talent_item_create(request, model_id: int, payload: TalentItemIn):
    found = _model(request.auth_user, model_id)
    return Status(201, services.item_save(actor=request.auth_user, model=found, **payload.model_dump()))


@router.patch("/talent/items/{item_id}", response={200: TalentItemOut, **WRITE_ERRORS}, url_name="talent_item_update")
def talent_item_update(request, item_id: int, payload: TalentItemPatch):
    item = selectors.item_detail(user=request.auth_user, pk=item_id)
    data = changed_fields(payload, required=("name", "required_level", "order"), blank_as_empty=("description",))
    return services.item_save(actor=request.auth_user, model=item.model, obj=item, **data)


@router.delete("/talent/items/{item_id}", response={204: None, **WRITE_ERRORS}, url_name="talent_item_delete")
def talent_item_delete(request, item_id: int):
    item = selectors.item_detail(user=request.auth_user, pk=item_id)
    services.item_remove(actor=request.auth_user, item=item)
    return Status(204, None)


class ReadinessOut(Schema):
    person: str
    name: str
    levels: dict[str, int | None] = Field(description="Item name → the person's level (null: not rated).")
    met: int
    total: int
    ready: bool


@router.get(
    "/talent/models/{model_id}/readiness",
    response={200: list[ReadinessOut], **READ_ERRORS},
    url_name="talent_readiness",
)
def talent_readiness(request, model_id: int):
    """Who is ready for the post: each rated person's levels against the required ones, ready ones first."""
    found = _model(request.auth_user, model_id)
    return [
        {
            "person": r["person"].employee_no,
            "name": r["person"].name,
            "levels": {item.name: level for item, level in r["cells"]},
            "met": r["met"],
            "total": r["total"],
            "ready": r["ready"],
        }
        for r in selectors.readiness(user=request.auth_user, model=found)
    ]


class RatingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    person: str = Field(max_length=30, description="Employee number.")
    item: int = Field(description="Id of a competency item.")
    level: int = Field(ge=1, le=5)
    rated_on: dt.date | None = None


class RatingOut(Schema):
    person: str
    item: int
    level: int
    rated_on: dt.date

    @staticmethod
    def resolve_person(obj) -> str:
        return obj.person.employee_no

    @staticmethod
    def resolve_item(obj) -> int:
        return obj.item_id


@router.post("/talent/ratings", response={200: RatingOut, **WRITE_ERRORS}, url_name="talent_rating_set")
def talent_rating_set(request, payload: RatingIn):
    """Record a person's level on a competency item (replacing an earlier rating of that item)."""
    _may_add(request.auth_user, "talent")
    person = _person(request.auth_user, "person", payload.person, required=True)
    try:
        item = selectors.item_detail(user=request.auth_user, pk=payload.item)
    except NotFound:
        raise _unknown("item", payload.item) from None
    return services.rating_set(
        actor=request.auth_user, person=person, item=item, level=payload.level, rated_on=payload.rated_on
    )


# --- pools


class PoolMemberOut(Schema):
    id: int
    org: str
    person: str
    name: str
    pool: str
    talent_class: str
    specialty: str
    joined_on: dt.date
    left_on: dt.date | None
    note: str

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.org.code

    @staticmethod
    def resolve_person(obj) -> str:
        return obj.person.employee_no

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.name


class PoolFilters(OrgFilter):
    pool: Pool | None = None
    talent_class: TalentClass | None = None
    current: bool = Field(True, description="Only those still in the pool.")


class PoolMemberIn(Schema):
    model_config = ConfigDict(extra="forbid")

    person: str = Field(max_length=30, description="Employee number.")
    pool: Pool
    talent_class: TalentClass
    specialty: str = Field("", max_length=100)
    joined_on: dt.date | None = None
    note: str = Field("", max_length=300)


class PoolMemberPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    talent_class: TalentClass | None = None
    specialty: str | None = Field(None, max_length=100)
    joined_on: dt.date | None = None
    note: str | None = Field(None, max_length=300)


@router.get("/talent/pool", response={200: list[PoolMemberOut], **LIST_ERRORS}, url_name="talent_pool")
@paginate(Pagination)
def talent_pool_list(request, filters: Query[PoolFilters]):
    """The talent, mentor and trainee pools you may see."""
    org, hidden = _filter_org(request.auth_user, filters.org)
    if hidden:
        return []
    return selectors.pool_list(
        user=request.auth_user,
        org=org,
        pool=filters.pool or "",
        talent_class=filters.talent_class or "",
        current=filters.current,
    )


@router.post("/talent/pool", response={201: PoolMemberOut, **WRITE_ERRORS}, url_name="talent_pool_add")
def talent_pool_add(request, payload: PoolMemberIn):
    _may_add(request.auth_user, "talent")
    data = payload.model_dump()
    person = _person(request.auth_user, "person", data.pop("person"), required=True)
    if data["joined_on"] is None:
        data.pop("joined_on")
    member = services.pool_add(actor=request.auth_user, person=person, **data)
    return Status(201, selectors.pool_member_detail(user=request.auth_user, pk=member.pk))


@router.patch("/talent/pool/{member_id}", response={200: PoolMemberOut, **WRITE_ERRORS}, url_name="talent_pool_update")
def talent_pool_update(request, member_id: int, payload: PoolMemberPatch):
    found = selectors.pool_member_detail(user=request.auth_user, pk=member_id)
    data = changed_fields(payload, required=("talent_class", "joined_on"), blank_as_empty=("specialty", "note"))
    services.pool_update(actor=request.auth_user, member=found, **data)
    return selectors.pool_member_detail(user=request.auth_user, pk=member_id)


@router.post(
    "/talent/pool/{member_id}/leave", response={200: PoolMemberOut, **WRITE_ERRORS}, url_name="talent_pool_leave"
)
def talent_pool_leave(request, member_id: int, payload: RetireIn):
    found = selectors.pool_member_detail(user=request.auth_user, pk=member_id)
    services.pool_leave(actor=request.auth_user, member=found, on=payload.on)
    return selectors.pool_member_detail(user=request.auth_user, pk=member_id)


# --- criteria


class TalentCriterionOut(Schema):
    id: int
    org: str
    name: str
    description: str
    weight: int
    retired_on: dt.date | None

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.org.code


class TalentCriterionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    org: str = Field(max_length=40)
    name: str = Field(min_length=1, max_length=100)
    description: str = Field("", max_length=300)
    weight: int = Field(ge=1, le=100)


class TalentCriterionPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=100)
    description: str | None = Field(None, max_length=300)
    weight: int | None = Field(None, ge=1, le=100)


@router.get("/talent/criteria", response={200: list[TalentCriterionOut], **LIST_ERRORS}, url_name="talent_criteria")
@paginate(Pagination)
def talent_criteria_list(request, filters: Query[OrgFilter]):
    """The published criteria of training evaluation (人才培养效果评价标准) you may see."""
    org, hidden = _filter_org(request.auth_user, filters.org)
    return [] if hidden else selectors.criteria_list(user=request.auth_user, org=org)


@router.post("/talent/criteria", response={201: TalentCriterionOut, **WRITE_ERRORS}, url_name="talent_criterion_create")
def talent_criterion_create(request, payload: TalentCriterionIn):
    _may_add(request.auth_user, "talent")
    data = payload.model_dump()
    org = _org(request.auth_user, data.pop("org"))
    return Status(201, services.criterion_save(actor=request.auth_user, org=org, **data))


@router.patch(
    "/talent/criteria/{criterion_id}",
    response={200: TalentCriterionOut, **WRITE_ERRORS},
    url_name="talent_criterion_update",
)
def talent_criterion_update(request, criterion_id: int, payload: TalentCriterionPatch):
    found = selectors.criterion_detail(user=request.auth_user, pk=criterion_id)
    data = changed_fields(payload, required=("name", "weight"), blank_as_empty=("description",))
    return services.criterion_save(actor=request.auth_user, org=found.org, obj=found, **data)


@router.post(
    "/talent/criteria/{criterion_id}/retire",
    response={200: TalentCriterionOut, **WRITE_ERRORS},
    url_name="talent_criterion_retire",
)
def talent_criterion_retire(request, criterion_id: int, payload: RetireIn):
    found = selectors.criterion_detail(user=request.auth_user, pk=criterion_id)
    return services.criterion_retire(actor=request.auth_user, obj=found, on=payload.on)


# --- training plans


class TrainingPlanOut(Schema):
    id: int
    org: str
    trainee: str
    trainee_name: str
    mentor: str
    mentor_name: str
    target: int | None = Field(description="Id of the competency model (post) aimed at.")
    goals: str
    starts_on: dt.date
    ends_on: dt.date
    pairing: int | None = Field(description="Id of the pairing (结对帮扶, posts API) it runs as.")
    status: str
    total: Decimal | None
    result: str
    evaluated_on: dt.date | None
    scores: dict

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.org.code

    @staticmethod
    def resolve_trainee(obj) -> str:
        return obj.trainee.employee_no

    @staticmethod
    def resolve_trainee_name(obj) -> str:
        return obj.trainee.name

    @staticmethod
    def resolve_mentor(obj) -> str:
        return obj.mentor.employee_no

    @staticmethod
    def resolve_mentor_name(obj) -> str:
        return obj.mentor.name

    @staticmethod
    def resolve_target(obj) -> int | None:
        return obj.target_id

    @staticmethod
    def resolve_pairing(obj) -> int | None:
        return obj.pairing_id


class TrainingPlanIn(Schema):
    model_config = ConfigDict(extra="forbid")

    trainee: str = Field(max_length=30, description="Employee number.")
    mentor: str = Field(max_length=30, description="Employee number.")
    target: int | None = Field(None, description="Id of a competency model (the post aimed at).")
    goals: str = Field(min_length=1)
    starts_on: dt.date
    ends_on: dt.date
    pairing: int | None = Field(None, description="Id of an existing pairing of this mentor and trainee.")
    make_pairing: bool = Field(False, description="Open the 结对帮扶 pairing of mentor and trainee (posts).")


class TrainingPlanPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    mentor: str | None = Field(None, max_length=30)
    target: int | None = None
    goals: str | None = Field(None, min_length=1)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


class EvaluationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    scores: dict[int, int] = Field(description="Criterion id → score 0–100, one for each criterion in force.")
    note: str = ""
    on: dt.date | None = None


class PlanFilters(OrgFilter):
    status: TrainingPlan.Status | None = None


def _plan_fields(user, data: dict) -> dict:
    fields = dict(data)
    for name in ("trainee", "mentor"):
        if name in fields:
            fields[name] = _person(user, name, fields[name])
    if fields.get("target") is not None:
        try:
            fields["target"] = selectors.model_detail(user=user, pk=fields["target"])
        except NotFound:
            raise _unknown("target", fields["target"]) from None
    if fields.get("pairing") is not None:
        from dangjian.posts.selectors import pairing_detail

        try:
            fields["pairing"] = pairing_detail(user=user, pk=fields["pairing"])
        except NotFound:
            raise _unknown("pairing", fields["pairing"]) from None
    return fields


@router.get("/talent/plans", response={200: list[TrainingPlanOut], **LIST_ERRORS}, url_name="talent_plans")
@paginate(Pagination)
def talent_plan_list(request, filters: Query[PlanFilters]):
    org, hidden = _filter_org(request.auth_user, filters.org)
    return [] if hidden else selectors.plan_list(user=request.auth_user, org=org, status=filters.status or "")


@router.post("/talent/plans", response={201: TrainingPlanOut, **WRITE_ERRORS}, url_name="talent_plan_create")
def talent_plan_create(request, payload: TrainingPlanIn):
    """A trainee's plan with a mentor; `make_pairing` opens their 结对帮扶 pairing in the posts app."""
    _may_add(request.auth_user, "talent")
    data = payload.model_dump()
    make = data.pop("make_pairing")
    plan = services.plan_save(actor=request.auth_user, make_pairing=make, **_plan_fields(request.auth_user, data))
    return Status(201, selectors.plan_detail(user=request.auth_user, pk=plan.pk))


@router.get("/talent/plans/{plan_id}", response={200: TrainingPlanOut, **READ_ERRORS}, url_name="talent_plan")
def talent_plan_detail(request, plan_id: int):
    return selectors.plan_detail(user=request.auth_user, pk=plan_id)


@router.patch("/talent/plans/{plan_id}", response={200: TrainingPlanOut, **WRITE_ERRORS}, url_name="talent_plan_update")
def talent_plan_update(request, plan_id: int, payload: TrainingPlanPatch):
    found = selectors.plan_detail(user=request.auth_user, pk=plan_id)
    data = changed_fields(payload, required=("mentor", "goals", "starts_on", "ends_on"))
    services.plan_save(actor=request.auth_user, obj=found, **_plan_fields(request.auth_user, data))
    return selectors.plan_detail(user=request.auth_user, pk=plan_id)


@router.post(
    "/talent/plans/{plan_id}/evaluate",
    response={200: TrainingPlanOut, **WRITE_ERRORS},
    url_name="talent_plan_evaluate",
)
def talent_plan_evaluate(request, plan_id: int, payload: EvaluationIn):
    """Evaluate against the criteria in force: every criterion scored 0–100; the weighted total gives the result
    (85+ excellent, 60+ qualified)."""
    found = selectors.plan_detail(user=request.auth_user, pk=plan_id)
    services.plan_evaluate(actor=request.auth_user, plan=found, scores=payload.scores, note=payload.note, on=payload.on)
    return selectors.plan_detail(user=request.auth_user, pk=plan_id)


@router.post("/talent/plans/{plan_id}/end", response={200: TrainingPlanOut, **WRITE_ERRORS}, url_name="talent_plan_end")
def talent_plan_end(request, plan_id: int):
    found = selectors.plan_detail(user=request.auth_user, pk=plan_id)
    services.plan_end(actor=request.auth_user, plan=found)
    return selectors.plan_detail(user=request.auth_user, pk=plan_id)


class MentorLoadOut(Schema):
    mentor: str
    name: str
    active: int
    evaluated: int
    excellent: int


@router.get("/talent/mentors", response={200: list[MentorLoadOut], **LIST_ERRORS}, url_name="talent_mentors")
def talent_mentor_load(request, filters: Query[OrgFilter]):
    """Mentors' load: plans in progress and evaluated (and how many excellent) per mentor."""
    org, hidden = _filter_org(request.auth_user, filters.org)
    if hidden:
        return []
    rows = selectors.mentor_load(user=request.auth_user, org=org)
    return [
        {
            "mentor": r["mentor__employee_no"],
            "name": r["mentor__name"],
            "active": r["active"],
            "evaluated": r["evaluated"],
            "excellent": r["excellent"],
        }
        for r in rows
    ]


# --- contests


class ContestResultOut(Schema):
    id: int
    org: str
    contest: str
    level: str
    held_on: dt.date
    person: str
    name: str
    rank: int | None
    award: str

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.org.code

    @staticmethod
    def resolve_person(obj) -> str:
        return obj.person.employee_no

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.name


class ContestResultIn(Schema):
    model_config = ConfigDict(extra="forbid")

    contest: str = Field(min_length=1, max_length=150)
    level: str = Field("company", pattern="^(company|group|province|national)$")
    held_on: dt.date
    person: str = Field(max_length=30)
    rank: int | None = Field(None, ge=1, le=10000)
    award: str = Field("", max_length=60)


class ContestResultPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    contest: str | None = Field(None, min_length=1, max_length=150)
    level: str | None = Field(None, pattern="^(company|group|province|national)$")
    held_on: dt.date | None = None
    rank: int | None = Field(None, ge=1, le=10000)
    award: str | None = Field(None, max_length=60)


class ContestFilters(OrgFilter):
    year: int | None = Field(None, ge=2000, le=2100)


@router.get("/talent/contests", response={200: list[ContestResultOut], **LIST_ERRORS}, url_name="talent_contests")
@paginate(Pagination)
def talent_contest_list(request, filters: Query[ContestFilters]):
    """Skills contest results (技能竞赛): contest, person, rank and award."""
    org, hidden = _filter_org(request.auth_user, filters.org)
    return [] if hidden else selectors.contest_list(user=request.auth_user, org=org, year=filters.year)


@router.post("/talent/contests", response={201: ContestResultOut, **WRITE_ERRORS}, url_name="talent_contest_create")
def talent_contest_create(request, payload: ContestResultIn):
    _may_add(request.auth_user, "talent")
    data = payload.model_dump()
    person = _person(request.auth_user, "person", data.pop("person"), required=True)
    result = services.contest_result_save(actor=request.auth_user, person=person, **data)
    return Status(201, selectors.contest_detail(user=request.auth_user, pk=result.pk))


@router.patch(
    "/talent/contests/{result_id}",
    response={200: ContestResultOut, **WRITE_ERRORS},
    url_name="talent_contest_update",
)
def talent_contest_update(request, result_id: int, payload: ContestResultPatch):
    found = selectors.contest_detail(user=request.auth_user, pk=result_id)
    data = changed_fields(payload, required=("contest", "level", "held_on"), blank_as_empty=("award",))
    services.contest_result_save(actor=request.auth_user, person=found.person, obj=found, **data)
    return selectors.contest_detail(user=request.auth_user, pk=result_id)


@router.delete("/talent/contests/{result_id}", response={204: None, **WRITE_ERRORS}, url_name="talent_contest_delete")
def talent_contest_delete(request, result_id: int):
    found = selectors.contest_detail(user=request.auth_user, pk=result_id)
    services.contest_result_delete(actor=request.auth_user, result=found)
    return Status(204, None)


# --- drills


class DrillAttendanceOut(Schema):
    person: str
    name: str
    present: bool
    score: Decimal | None

    @staticmethod
    def resolve_person(obj) -> str:
        return obj.person.employee_no

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.name


class DrillOut(Schema):
    id: int
    org: str
    kind: str
    topic: str
    trainer: str | None
    team: str | None = Field(description="Code of the team or shift crew.")
    held_on: dt.date
    scored_by: str
    attendance: list[DrillAttendanceOut]

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.org.code

    @staticmethod
    def resolve_trainer(obj) -> str | None:
        return obj.trainer.employee_no if obj.trainer_id else None

    @staticmethod
    def resolve_team(obj) -> str | None:
        return obj.unit.code if obj.unit_id else None

    @staticmethod
    def resolve_attendance(obj) -> list:
        return list(obj.attendance.all())


class DrillIn(Schema):
    model_config = ConfigDict(extra="forbid")

    org: str = Field(max_length=40)
    kind: Drill.Kind = Drill.Kind.DRILL
    topic: str = Field(min_length=1, max_length=150)
    trainer: str | None = Field(None, max_length=30, description="The trainer's employee number.")
    team: str | None = Field(None, max_length=40, description="Code of a team or shift crew.")
    held_on: dt.date
    scored_by: str = Field("", pattern="^(|test|practical)$")


class DrillPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: Drill.Kind | None = None
    topic: str | None = Field(None, min_length=1, max_length=150)
    trainer: str | None = Field(None, max_length=30)
    team: str | None = Field(None, max_length=40)
    held_on: dt.date | None = None
    scored_by: str | None = Field(None, pattern="^(|test|practical)$")


class AttendanceRowIn(Schema):
    person: str = Field(max_length=30)
    present: bool = True
    score: Decimal | None = Field(None, ge=0, le=100)


class AttendanceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    rows: list[AttendanceRowIn] = Field(max_length=500)


class PerTeamQuery(OrgFilter):
    year: int | None = Field(None, ge=2000, le=2100, description="Default: this year.")


class DrillFilters(OrgFilter):
    kind: Drill.Kind | None = None
    year: int | None = Field(None, ge=2000, le=2100)


def _drill_fields(user, data: dict) -> dict:
    fields = dict(data)
    if "trainer" in fields:
        fields["trainer"] = _person(user, "trainer", fields["trainer"], "drill")
    if "team" in fields:
        code = fields.pop("team")
        unit = selectors.team_by_code(user=user, code=code) if code else None
        if code and unit is None:
            raise _unknown("team", code)
        fields["unit"] = unit
    return fields


def _drill(user, pk: int):
    return selectors.drill_detail(user=user, pk=pk)


@router.get("/drills", response={200: list[DrillOut], **LIST_ERRORS}, url_name="drills")
@paginate(Pagination)
def drill_list(request, filters: Query[DrillFilters]):
    """Drill sessions (课后练兵) and member lectures (党员课堂) you may see, newest first, with attendance."""
    org, hidden = _filter_org(request.auth_user, filters.org, "drill")
    if hidden:
        return []
    rows = selectors.drill_list(user=request.auth_user, org=org, kind=filters.kind or "", year=filters.year)
    return rows.prefetch_related("attendance__person")


@router.post("/drills", response={201: DrillOut, **WRITE_ERRORS}, url_name="drill_create")
def drill_create(request, payload: DrillIn):
    _may_add(request.auth_user, "drill")
    data = payload.model_dump()
    org = _org(request.auth_user, data.pop("org"), "drill")
    drill = services.drill_save(actor=request.auth_user, org=org, **_drill_fields(request.auth_user, data))
    return Status(201, _drill(request.auth_user, drill.pk))


@router.get("/drills/per-team", response={200: list[dict], **LIST_ERRORS}, url_name="drills_per_team")
def drills_per_team(request, query: Query[PerTeamQuery]):
    """Drills and lectures per team and month of a year (default this year): {team, months[12], drills, lectures}."""
    found = selectors.visible_org(user=request.auth_user, code=query.org, resource="drill")
    year = query.year or timezone.localdate().year
    lines, _totals = selectors.drills_per_team_month(user=request.auth_user, org=found, year=year)
    return lines


@router.get("/drills/{drill_id}", response={200: DrillOut, **READ_ERRORS}, url_name="drill")
def drill_detail(request, drill_id: int):
    return _drill(request.auth_user, drill_id)


@router.patch("/drills/{drill_id}", response={200: DrillOut, **WRITE_ERRORS}, url_name="drill_update")
def drill_update(request, drill_id: int, payload: DrillPatch):
    found = _drill(request.auth_user, drill_id)
    data = changed_fields(payload, required=("kind", "topic", "held_on"), blank_as_empty=("scored_by",))
    services.drill_save(actor=request.auth_user, org=found.org, obj=found, **_drill_fields(request.auth_user, data))
    return _drill(request.auth_user, drill_id)


@router.delete("/drills/{drill_id}", response={204: None, **WRITE_ERRORS}, url_name="drill_delete")
def drill_delete(request, drill_id: int):
    """Delete a session recorded by mistake; the points its attendance gave are withdrawn."""
    found = _drill(request.auth_user, drill_id)
    services.drill_delete(actor=request.auth_user, drill=found)
    return Status(204, None)


@router.put("/drills/{drill_id}/attendance", response={200: DrillOut, **WRITE_ERRORS}, url_name="drill_attendance")
def drill_attendance(request, drill_id: int, payload: AttendanceIn):
    """Record attendance (present or not, with a score): once recorded it feeds points and the person's record."""
    found = _drill(request.auth_user, drill_id)
    numbers = [row.person for row in payload.rows]
    people = selectors.people_by_employee_no(user=request.auth_user, resource="drill", numbers=numbers)
    missing = [n for n in numbers if n not in people]
    if missing:
        raise _unknown("rows", missing[0])
    rows = [(people[r.person], r.present, r.score) for r in payload.rows]
    services.drill_attendance_save(actor=request.auth_user, drill=found, rows=rows)
    return _drill(request.auth_user, drill_id)
