"""A project's goals in the API: list, add, change, remove (while the plan is editable)."""

from ninja import Router, Status

from dangjian.core.api.errors import READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import get_in_scope, resolve
from dangjian.core.permissions import VIEW
from dangjian.indicators.models import Indicator
from dangjian.org.api.common import changed_fields
from dangjian.org.models import Unit
from dangjian.projects.projects import services
from dangjian.projects.projects.api.schemas import GoalIn, GoalOut, GoalPatch
from dangjian.projects.projects.models import Goal, Project

router = Router(tags=["projects"])


def _project(request, project_id: int) -> Project:
    return get_in_scope(Project.objects.restrict(request.auth_user, VIEW).select_related("owner"), pk=project_id)


def _goal(project: Project, goal_id: int) -> Goal:
    return get_in_scope(Goal.objects.select_related("indicator", "unit").filter(project=project), pk=goal_id)


def _references(request, data: dict) -> dict:
    user = request.auth_user
    if data.get("indicator") is not None:
        code = data["indicator"]
        data["indicator"] = resolve(Indicator.objects.restrict(user, VIEW), "indicator", code, code=code)
    if data.get("unit") is not None:
        data["unit"] = resolve(Unit.objects.restrict(user, VIEW), "unit", data["unit"], code=data["unit"])
    return data


@router.get("/projects/{project_id}/goals", response={200: list[GoalOut], **READ_ERRORS}, summary="A project's goals")
def goal_list(request, project_id: int):
    """The goals of a project (a project has a handful, so the list is not paged)."""
    project = _project(request, project_id)
    return list(Goal.objects.filter(project=project).select_related("indicator", "unit")[:500])


@router.post("/projects/{project_id}/goals", response={201: GoalOut, **WRITE_ERRORS}, summary="Add a goal")
def goal_create(request, project_id: int, payload: GoalIn):
    """Add a goal while the project is proposed or returned (409 otherwise)."""
    project = _project(request, project_id)
    data = _references(request, payload.model_dump())
    goal = services.plan_item_save(actor=request.auth_user, project=project, section="goals", **data)
    return Status(201, _goal(project, goal.pk))


@router.patch(
    "/projects/{project_id}/goals/{goal_id}", response={200: GoalOut, **WRITE_ERRORS}, summary="Change a goal"
)
def goal_update(request, project_id: int, goal_id: int, payload: GoalPatch):
    project = _project(request, project_id)
    goal = _goal(project, goal_id)
    data = changed_fields(
        payload,
        required=("indicator_name", "baseline", "target", "direction", "source", "order"),
        blank_as_empty=("unit_of_measure",),
    )
    data = _references(request, data)
    services.plan_item_save(actor=request.auth_user, project=project, section="goals", row_id=goal.pk, **data)
    return _goal(project, goal.pk)


@router.delete("/projects/{project_id}/goals/{goal_id}", response={204: None, **WRITE_ERRORS}, summary="Remove a goal")
def goal_delete(request, project_id: int, goal_id: int):
    project = _project(request, project_id)
    goal = _goal(project, goal_id)
    services.plan_item_delete(actor=request.auth_user, project=project, section="goals", row_id=goal.pk)
    return Status(204, None)
