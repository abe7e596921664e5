"""Monthly reviews in the API: a project's reviews, writing one, and red/amber/green per running project."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from dangjian.core import months
from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination, get_in_scope
from dangjian.core.errors import InvalidInput
from dangjian.core.permissions import VIEW
from dangjian.projects.projects.models import Project
from dangjian.projects.reviews import rag, selectors, services

router = Router(tags=["reviews"])
MONTH_PATTERN = r"^\d{4}-\d{2}$"


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


class ActualIn(Schema):
    model_config = ConfigDict(extra="forbid")

    goal: int = Field(description="The goal's id.")
    value: Decimal | None = Field(description="The actual value as a decimal string; null clears it.")


class ReviewIn(Schema):
    """A review to write (or change while it is a draft). Goals read from production data are filled in from the
    indicator roll-up and must not be sent."""

    model_config = ConfigDict(extra="forbid")

    month: str = Field(pattern=MONTH_PATTERN, description="The month reviewed, YYYY-MM.")
    task_progress: str = Field("", max_length=4000)
    narrative: str = Field("", max_length=8000)
    problems: str = Field("", max_length=4000)
    next_steps: str = Field("", max_length=4000)
    held_at: str = Field("", max_length=200, description="The meeting it was held at (三会一课 / 主题党日).")
    actuals: list[ActualIn] = Field([], max_length=200)
    submit: bool = Field(False, description="Also submit it (all or nothing).")


class ActualOut(Schema):
    goal: int
    indicator: str
    value: str | None
    source: str
    computation: str


class ReviewOut(Schema):
    id: int
    month: str
    status: str
    task_progress: str
    narrative: str
    problems: str
    next_steps: str
    held_at: str
    written_by: str | None
    written_at: dt.datetime
    submitted_at: dt.datetime | None
    actuals: list[ActualOut]


class FlagOut(Schema):
    level: str
    kind: str
    reason: str


class GoalCheckOut(Schema):
    goal: int
    indicator: str
    month: str
    actual: str
    expected: str
    deviation: str | None = Field(description="(actual − expected) ÷ |target − baseline|; negative is behind.")
    level: str


class RagOut(Schema):
    project: int
    code: str
    title: str
    owner: str
    state: str
    as_of: dt.date
    rag: str
    review_month: str | None
    missing_months: list[str]
    flags: list[FlagOut]
    goals: list[GoalCheckOut]


class RagQuery(Schema):
    org: str | None = Field(None, max_length=40, description="Only projects of this org and the orgs below it.")
    month: str | None = Field(None, pattern=MONTH_PATTERN, description="Judge as at the end of this month (YYYY-MM).")


def review_out(review) -> dict:
    return {
        "id": review.pk,
        "month": months.label(review.month),
        "status": review.status,
        "task_progress": review.task_progress,
        "narrative": review.narrative,
        "problems": review.problems,
        "next_steps": review.next_steps,
        "held_at": review.held_at,
        "written_by": review.written_by.get_username() if review.written_by_id else None,
        "written_at": review.written_at,
        "submitted_at": review.submitted_at,
        "actuals": [
            {
                "goal": a.goal_id,
                "indicator": a.goal.indicator_name,
                "value": _text(a.value),
                "source": a.source,
                "computation": a.computation,
            }
            for a in review.actuals.all()
        ],
    }


def rag_out(project, result: rag.ProjectRag) -> dict:
    return {
        "project": project.pk,
        "code": project.code,
        "title": project.title,
        "owner": project.owner.code,
        "state": project.state,
        "as_of": result.as_of,
        "rag": result.level,
        "review_month": months.label(result.review_month) if result.review_month else None,
        "missing_months": [months.label(m) for m in result.missing],
        "flags": [{"level": f.level, "kind": f.kind, "reason": f.reason} for f in result.flags],
        "goals": [
            {
                "goal": g.goal_id,
                "indicator": g.name,
                "month": months.label(g.month),
                "actual": rag.num(g.actual),
                "expected": rag.num(g.expected),
                "deviation": None if g.deviation is None else str(g.deviation.quantize(Decimal("0.0001"))),
                "level": g.level,
            }
            for g in result.goals
        ],
    }


def _project(request, project_id: int) -> Project:
    return get_in_scope(Project.objects.restrict(request.auth_user, VIEW).select_related("owner"), pk=project_id)


def _month(text: str, field: str = "month") -> dt.date:
    month = months.parse(text)
    if month is None:
        raise InvalidInput(_("Enter the month as YYYY-MM."), errors={field: [_("Enter the month as YYYY-MM.")]})
    return month


@router.get(
    "/projects/{project_id}/reviews", response={200: list[ReviewOut], **READ_ERRORS}, summary="A project's reviews"
)
def review_list(request, project_id: int):
    """The monthly reviews of a project, latest month first (one a month, so the list is not paged: at most 120)."""
    project = _project(request, project_id)
    return [review_out(r) for r in selectors.review_list(user=request.auth_user, project=project)]


@router.post(
    "/projects/{project_id}/reviews",
    response={200: ReviewOut, 201: ReviewOut, **WRITE_ERRORS},
    summary="Write a review",
)
def review_save(request, project_id: int, payload: ReviewIn):
    """Write the review of a month (201), or change its draft (200); with "submit": true it is also submitted. The
    owner's secretary (project change grant over the owner org) writes it while the project runs (409 otherwise),
    for a month of its period that has begun (400 otherwise). A submitted review cannot be changed (409)."""
    project = _project(request, project_id)
    month = _month(payload.month)
    data = payload.model_dump(exclude={"month", "actuals", "submit"})
    actuals: dict[int, Decimal | None] = {}
    for row in payload.actuals:
        if row.goal in actuals:
            message = _("Goal %(goal)s is listed twice.") % {"goal": row.goal}
            raise InvalidInput(message, errors={"actuals": [message]})
        actuals[row.goal] = row.value
    existed = selectors.review_get(user=request.auth_user, project=project, month=month) is not None
    services.review_save(
        actor=request.auth_user, project=project, month=month, actuals=actuals, submit=payload.submit, **data
    )
    review = selectors.review_get(user=request.auth_user, project=project, month=month)
    return Status(200 if existed else 201, review_out(review))


class _LazyRags:
    """The running projects in scope, judged a page at a time (pagination slices, then only that page is judged)."""

    def __init__(self, user, queryset, as_of: dt.date):
        self.user, self.queryset, self.as_of = user, queryset, as_of

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, page: slice) -> list[dict]:
        projects = list(self.queryset[page])
        results = rag.project_rags(user=self.user, projects=projects, as_of=self.as_of)
        return [rag_out(p, results[p.pk]) for p in projects]


@router.get("/projects/rag", response={200: list[RagOut], **LIST_ERRORS}, summary="Red/amber/green per project")
@paginate(Pagination)
def project_rag(request, filters: Query[RagQuery]):
    """Each running project (approved to inspected) you may see — under `org` if given — with its colour and the
    reasons: goals behind their straight-line path, overdue tasks, missing reviews. `month` judges as at the end of
    that month (default: today)."""
    month = _month(filters.month) if filters.month else None
    today = timezone.localdate()
    if month is not None and month > months.first_of(today):
        message = _("%(month)s has not begun yet.") % {"month": filters.month}
        raise InvalidInput(message, errors={"month": [message]})
    queryset = selectors.rag_projects(user=request.auth_user, org=filters.org or "")
    return _LazyRags(request.auth_user, queryset, rag.as_of_for(month, today))
