"""The acceptance API: the panels you may see, a panel's results, and a member's own scores."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination, get_in_scope
from dangjian.core.permissions import VIEW
from dangjian.projects.acceptance import selectors, services
from dangjian.projects.acceptance.models import Criterion, Panel, Score
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
    weight: Decimal


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
