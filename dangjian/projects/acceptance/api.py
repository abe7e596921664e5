"""The acceptance API: the panels you may see, setting one up (党群工作部: create, rename and thresholds, criteria,
members — the same services as the panel pages), a panel's results, and a member's own scores."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination, get_in_scope, resolve
from dangjian.core.permissions import VIEW
from dangjian.org.api.common import changed_fields
from dangjian.org.models import PartyOrg
from dangjian.projects.acceptance import selectors, services
from dangjian.projects.acceptance.models import Criterion, Department, Panel, Score
from dangjian.projects.projects.models import Project

router = Router(tags=["acceptance"])


class PanelOut(Schema):
    id: int
    year: int
    name: str
    org: str = Field(description="Code of the company org the panel serves.")
    status: str = Field(description="open, submitted or locked.")
    excellent_from: Decimal
    good_from: Decimal
    pass_from: Decimal
    submitted_at: dt.datetime | None

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.org.code

    @staticmethod
    def resolve_submitted_at(obj) -> dt.datetime | None:
        return timezone.localtime(obj.submitted_at) if obj.submitted_at else None


class CriterionOut(Schema):
    id: int
    kind: str
    name: str
    description: str
    weight: Decimal


class PanelMemberOut(Schema):
    id: int
    user: str = Field(description="The account's username.")
    name: str
    department: str

    @staticmethod
    def resolve_user(obj) -> str:
        return obj.user.username

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.user.display_name


class PanelDetailOut(PanelOut):
    criteria: list[CriterionOut]
    members: list[PanelMemberOut]

    @staticmethod
    def resolve_criteria(obj) -> list:
        return selectors.criteria(obj)

    @staticmethod
    def resolve_members(obj) -> list:
        return selectors.members(obj)


DepartmentCode = Literal[tuple(Department.values)]  # type: ignore[valid-type]
THRESHOLD = {"ge": 0, "le": 100, "max_digits": 5, "decimal_places": 2}


class PanelIn(Schema):
    model_config = ConfigDict(extra="forbid")

    org: str = Field(max_length=40, description="Code of the org the panel serves (you are 党群工作部 over it).")
    year: int = Field(ge=2000, le=2100)
    name: str = Field("", max_length=200, description="Empty: “<year> 党建+X project acceptance panel”.")
    excellent_from: Decimal = Field(Decimal(90), **THRESHOLD)
    good_from: Decimal = Field(Decimal(80), **THRESHOLD)
    pass_from: Decimal = Field(Decimal(60), **THRESHOLD)


class PanelPatch(Schema):
    """Only the fields sent change; only while the panel is open."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200)
    excellent_from: Decimal | None = Field(None, **THRESHOLD)
    good_from: Decimal | None = Field(None, **THRESHOLD)
    pass_from: Decimal | None = Field(None, **THRESHOLD)


class CriterionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    id: int | None = Field(None, description="A criterion of the panel to keep; empty for a new one.")
    name: str = Field(min_length=1, max_length=100)
    description: str = Field("", max_length=1000)
    weight: Decimal = Field(ge=0, le=100, max_digits=5, decimal_places=2)


class CriteriaIn(Schema):
    """The whole set: the goal-attainment weight and the qualitative criteria; the weights add up to 100. A
    criterion left out is removed (refused once members have scored it)."""

    model_config = ConfigDict(extra="forbid")

    attainment_weight: Decimal = Field(ge=0, le=100, max_digits=5, decimal_places=2)
    qualitative: list[CriterionIn] = Field([], max_length=20)


class PanelMemberIn(Schema):
    model_config = ConfigDict(extra="forbid")

    user: str = Field(max_length=150, description="Username of an account with the panel member role over the org.")
    department: DepartmentCode


class AcceptanceResultOut(Schema):
    project: int = Field(description="Project id.")
    code: str
    title: str
    owner: str
    domain: str
    attainment: Decimal = Field(description="Goal attainment % (mean over goals, each capped to 0–120).")
    final_score: Decimal
    grade: str
    rank: int
    domain_rank: int
    award: str
    criteria: list[dict] = Field(description="Per criterion: id, name, weight and the value (mean over members).")

    @staticmethod
    def resolve_project(obj) -> int:
        return obj.project_id

    @staticmethod
    def resolve_code(obj) -> str:
        return obj.project.code

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.project.title

    @staticmethod
    def resolve_owner(obj) -> str:
        return obj.project.owner.code

    @staticmethod
    def resolve_domain(obj) -> str:
        return obj.project.domain

    @staticmethod
    def resolve_criteria(obj) -> list[dict]:
        return obj.detail.get("criteria", [])


class AcceptanceResultsOut(Schema):
    panel: PanelOut
    criteria: list[CriterionOut]
    results: list[AcceptanceResultOut] = Field(description="Empty until the panel has submitted.")


class ScoreIn(Schema):
    project: int = Field(description="Project id.")
    criterion: int = Field(description="Id of a qualitative criterion of the panel.")
    value: Decimal = Field(ge=0, le=100, decimal_places=2)
    comment: str = Field("", max_length=500)


class ScoresIn(Schema):
    scores: list[ScoreIn] = Field(min_length=1, max_length=2000)


class ScoresOut(Schema):
    saved: int
    scored: int = Field(description="Your scores on this panel so far.")


def _panel(request, panel_id: int) -> Panel:
    return get_in_scope(Panel.objects.restrict(request.auth_user, VIEW).select_related("org"), pk=panel_id)


@router.get("/panels", response={200: list[PanelOut], **LIST_ERRORS}, summary="List acceptance panels")
@paginate(Pagination)
def panel_list(request):
    """The acceptance panels you may see (党群工作部 and leaders over the company; the panels you sit on), newest
    year first."""
    return selectors.panel_list(user=request.auth_user)


@router.get(
    "/panels/{panel_id}/results", response={200: AcceptanceResultsOut, **READ_ERRORS}, summary="A panel's results"
)
def panel_results(request, panel_id: int):
    """The locked results, best first: goal attainment, final score, grade, rank overall and in the domain, award."""
    panel = _panel(request, panel_id)
    return {"panel": panel, "criteria": selectors.criteria(panel), "results": list(selectors.results(panel))}


@router.post("/panels/{panel_id}/scores", response={200: ScoresOut, **WRITE_ERRORS}, summary="Enter your scores")
def panel_scores(request, panel_id: int, payload: ScoresIn):
    """Your own scores (0–100) of the panel's projects on its qualitative criteria, all or nothing, while the panel
    is open (409 after it has submitted; 403 if you do not sit on it or are answerable for the project)."""
    panel = _panel(request, panel_id)
    project_ids = {row.project for row in payload.scores}
    criterion_ids = {row.criterion for row in payload.scores}
    projects = Project.objects.restrict(request.auth_user, VIEW).in_bulk(project_ids)
    criteria = Criterion.objects.filter(panel=panel).in_bulk(criterion_ids)
    rows = [
        {
            "project": projects.get(row.project),
            "criterion": criteria.get(row.criterion),
            "value": row.value,
            "comment": row.comment,
        }
        for row in payload.scores
    ]
    saved = services.scores_save(actor=request.auth_user, panel=panel, scores=rows)
    scored = Score.objects.filter(member__panel=panel, member__user=request.auth_user).count()
    return {"saved": len(saved), "scored": scored}


# --- setting a panel up (党群工作部) ----------------------------------------------------------------------------------


@router.get("/panels/{panel_id}", response={200: PanelDetailOut, **READ_ERRORS}, summary="Read a panel")
def panel_detail(request, panel_id: int):
    """A panel with its criteria and members."""
    return _panel(request, panel_id)


@router.post("/panels", response={201: PanelDetailOut, **WRITE_ERRORS}, summary="Set up an acceptance panel")
def panel_create(request, payload: PanelIn):
    """A new open panel for a year over an org where you are 党群工作部 (403 otherwise), with the goal-attainment
    criterion weighing 100; one panel per org subtree and year (409)."""
    data = payload.model_dump()
    code = data.pop("org")
    org = resolve(PartyOrg.objects.restrict(request.auth_user, VIEW), "org", code, code=code)
    panel = services.panel_create(actor=request.auth_user, org=org, **data)
    return Status(201, _panel(request, panel.pk))


@router.patch("/panels/{panel_id}", response={200: PanelDetailOut, **WRITE_ERRORS}, summary="Change a panel")
def panel_update(request, panel_id: int, payload: PanelPatch):
    """Rename the panel or change its grade thresholds while it is open (409 after it has submitted)."""
    panel = _panel(request, panel_id)
    data = changed_fields(payload, required=("name", "excellent_from", "good_from", "pass_from"))
    services.panel_update(actor=request.auth_user, panel=panel, **data)
    return _panel(request, panel_id)


@router.put(
    "/panels/{panel_id}/criteria", response={200: list[CriterionOut], **WRITE_ERRORS}, summary="Set a panel's criteria"
)
def panel_criteria(request, panel_id: int, payload: CriteriaIn):
    """The goal-attainment weight and the qualitative criteria, all or nothing, while the panel is open."""
    panel = _panel(request, panel_id)
    services.criteria_set(
        actor=request.auth_user,
        panel=panel,
        attainment_weight=payload.attainment_weight,
        qualitative=[row.model_dump() for row in payload.qualitative],
    )
    return selectors.criteria(panel)


@router.post(
    "/panels/{panel_id}/members", response={201: PanelMemberOut, **WRITE_ERRORS}, summary="Seat a panel member"
)
def panel_member_add(request, panel_id: int, payload: PanelMemberIn):
    """Seat an account that holds the acceptance panel member role over the panel's org (400 otherwise; the
    security administrator assigns the role), naming its department, while the panel is open."""
    panel = _panel(request, panel_id)
    user = selectors.member_account(panel, payload.user)
    member = services.panel_member_add(actor=request.auth_user, panel=panel, user=user, department=payload.department)
    return Status(201, member)


@router.delete(
    "/panels/{panel_id}/members/{member_id}", response={204: None, **WRITE_ERRORS}, summary="Unseat a panel member"
)
def panel_member_remove(request, panel_id: int, member_id: int):
    """Take a member off an open panel; the scores they gave go with them."""
    panel = _panel(request, panel_id)
    member = selectors.panel_member_get(panel=panel, pk=member_id)
    services.panel_member_remove(actor=request.auth_user, member=member)
    return Status(204, None)
