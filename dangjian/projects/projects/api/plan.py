"""A project's measures, sub-plans, tasks and rules revised in the API: list, add, change, remove — under the same
rules as the project's pages (plan_item_save / plan_item_delete): measures, sub-plans and tasks only while the plan
is editable (proposed or returned), rules revised also while the project runs; tasks are reported done while it runs.
"""

from __future__ import annotations

from ninja import Router, Status

from dangjian.core.api.errors import READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import resolve
from dangjian.core.permissions import VIEW
from dangjian.org.api.common import changed_fields
from dangjian.org.models import Person
from dangjian.projects.projects import selectors, services
from dangjian.projects.projects.api.schemas import (
    MeasureIn,
    MeasureOut,
    MeasurePatch,
    RuleRevisionIn,
    RuleRevisionOut,
    RuleRevisionPatch,
    SubPlanIn,
    SubPlanOut,
    SubPlanPatch,
    TaskIn,
    TaskOut,
    TaskPatch,
    TaskReportIn,
)
from dangjian.projects.projects.models import Measure, Project, RuleRevision, SubPlan, Task

router = Router(tags=["projects"])

# A project holds a few dozen rows of each kind at most; the lists are bounded, not paged.
ROWS_MAX = 500


def _project(request, project_id: int) -> Project:
    return selectors.project_get(user=request.auth_user, pk=project_id)


def _owner(request, data: dict) -> dict:
    """The owner's employee number turned into a person the caller may see (400 on `owner` otherwise)."""
    if data.get("owner") is not None:
        people = Person.objects.restrict(request.auth_user, VIEW)
        data["owner"] = resolve(people, "owner", data["owner"], employee_no=data["owner"])
    return data


def _rows(project: Project, model, *related: str) -> list:
    return list(model.objects.filter(project=project).select_related(*related).order_by("order", "id")[:ROWS_MAX])


def _create(request, project_id: int, section: str, payload):
    project = _project(request, project_id)
    data = _owner(request, payload.model_dump())
    row = services.plan_item_save(actor=request.auth_user, project=project, section=section, **data)
    return Status(201, selectors.plan_row_get(project=project, model=services.PLAN_MODELS[section], pk=row.pk))


def _update(request, project_id: int, row_id: int, section: str, payload, required: tuple[str, ...], blank=()):
    project = _project(request, project_id)
    model = services.PLAN_MODELS[section]
    row = selectors.plan_row_get(project=project, model=model, pk=row_id)
    data = _owner(request, changed_fields(payload, required=required, blank_as_empty=blank))
    services.plan_item_save(actor=request.auth_user, project=project, section=section, row_id=row.pk, **data)
    return selectors.plan_row_get(project=project, model=model, pk=row.pk)


def _delete(request, project_id: int, row_id: int, section: str):
    project = _project(request, project_id)
    row = selectors.plan_row_get(project=project, model=services.PLAN_MODELS[section], pk=row_id)
    services.plan_item_delete(actor=request.auth_user, project=project, section=section, row_id=row.pk)
    return Status(204, None)


# --- measures (保障措施) ----------------------------------------------------------------------------------------------


@router.get(
    "/projects/{project_id}/measures", response={200: list[MeasureOut], **READ_ERRORS}, summary="A project's measures"
)
def measure_list(request, project_id: int):
    return _rows(_project(request, project_id), Measure, "owner")


@router.post("/projects/{project_id}/measures", response={201: MeasureOut, **WRITE_ERRORS}, summary="Add a measure")
def measure_create(request, project_id: int, payload: MeasureIn):
    """Add a measure while the project is proposed or returned (409 otherwise)."""
    return _create(request, project_id, "measures", payload)


@router.patch(
    "/projects/{project_id}/measures/{measure_id}",
    response={200: MeasureOut, **WRITE_ERRORS},
    summary="Change a measure",
)
def measure_update(request, project_id: int, measure_id: int, payload: MeasurePatch):
    """Change the fields sent (owner null: nobody), while the project is proposed or returned."""
    return _update(request, project_id, measure_id, "measures", payload, required=("text", "order"))


@router.delete(
    "/projects/{project_id}/measures/{measure_id}", response={204: None, **WRITE_ERRORS}, summary="Remove a measure"
)
def measure_delete(request, project_id: int, measure_id: int):
    return _delete(request, project_id, measure_id, "measures")


# --- sub-plans (子方案) -----------------------------------------------------------------------------------------------


@router.get(
    "/projects/{project_id}/sub-plans", response={200: list[SubPlanOut], **READ_ERRORS}, summary="A project's sub-plans"
)
def sub_plan_list(request, project_id: int):
    return _rows(_project(request, project_id), SubPlan, "owner")


@router.post("/projects/{project_id}/sub-plans", response={201: SubPlanOut, **WRITE_ERRORS}, summary="Add a sub-plan")
def sub_plan_create(request, project_id: int, payload: SubPlanIn):
    """Add a sub-plan while the project is proposed or returned (409 otherwise)."""
    return _create(request, project_id, "sub_plans", payload)


@router.patch(
    "/projects/{project_id}/sub-plans/{sub_plan_id}",
    response={200: SubPlanOut, **WRITE_ERRORS},
    summary="Change a sub-plan",
)
def sub_plan_update(request, project_id: int, sub_plan_id: int, payload: SubPlanPatch):
    return _update(
        request, project_id, sub_plan_id, "sub_plans", payload, required=("title", "order"), blank=("content",)
    )


@router.delete(
    "/projects/{project_id}/sub-plans/{sub_plan_id}", response={204: None, **WRITE_ERRORS}, summary="Remove a sub-plan"
)
def sub_plan_delete(request, project_id: int, sub_plan_id: int):
    return _delete(request, project_id, sub_plan_id, "sub_plans")


# --- tasks (工作任务) -------------------------------------------------------------------------------------------------


@router.get("/projects/{project_id}/tasks", response={200: list[TaskOut], **READ_ERRORS}, summary="A project's tasks")
def task_list(request, project_id: int):
    return _rows(_project(request, project_id), Task, "owner")


@router.post("/projects/{project_id}/tasks", response={201: TaskOut, **WRITE_ERRORS}, summary="Add a task")
def task_create(request, project_id: int, payload: TaskIn):
    """Add a task while the project is proposed or returned (409 otherwise)."""
    return _create(request, project_id, "tasks", payload)


@router.patch(
    "/projects/{project_id}/tasks/{task_id}", response={200: TaskOut, **WRITE_ERRORS}, summary="Change a task"
)
def task_update(request, project_id: int, task_id: int, payload: TaskPatch):
    """Change the plan of a task (title, owner, due date, order) while the project is proposed or returned; report
    it done through …/report once the project runs."""
    return _update(request, project_id, task_id, "tasks", payload, required=("title", "order"))


@router.delete("/projects/{project_id}/tasks/{task_id}", response={204: None, **WRITE_ERRORS}, summary="Remove a task")
def task_delete(request, project_id: int, task_id: int):
    return _delete(request, project_id, task_id, "tasks")


@router.post(
    "/projects/{project_id}/tasks/{task_id}/report",
    response={200: TaskOut, **WRITE_ERRORS},
    summary="Report a task done (or not)",
)
def task_report(request, project_id: int, task_id: int, payload: TaskReportIn):
    """Done on a date (today or earlier) with what was done, or not done again, while the project is approved or
    running (409 otherwise). An evidence file is attached on the project's page."""
    project = _project(request, project_id)
    task = selectors.task_get(project=project, pk=task_id)
    services.task_report(actor=request.auth_user, task=task, done_on=payload.done_on, evidence=payload.evidence)
    return selectors.task_get(project=project, pk=task.pk)


# --- rules revised (制度修订) -----------------------------------------------------------------------------------------


@router.get(
    "/projects/{project_id}/rule-revisions",
    response={200: list[RuleRevisionOut], **READ_ERRORS},
    summary="A project's rules revised",
)
def rule_revision_list(request, project_id: int):
    return _rows(_project(request, project_id), RuleRevision)


@router.post(
    "/projects/{project_id}/rule-revisions",
    response={201: RuleRevisionOut, **WRITE_ERRORS},
    summary="Record a rule revised",
)
def rule_revision_create(request, project_id: int, payload: RuleRevisionIn):
    """Record a rule written or revised through the project, from its proposal until it is accepted (409 after)."""
    return _create(request, project_id, "rule_revisions", payload)


@router.patch(
    "/projects/{project_id}/rule-revisions/{rule_id}",
    response={200: RuleRevisionOut, **WRITE_ERRORS},
    summary="Change a rule revised",
)
def rule_revision_update(request, project_id: int, rule_id: int, payload: RuleRevisionPatch):
    return _update(request, project_id, rule_id, "rule_revisions", payload, required=("title", "kind", "order"))


@router.delete(
    "/projects/{project_id}/rule-revisions/{rule_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a rule revised",
)
def rule_revision_delete(request, project_id: int, rule_id: int):
    return _delete(request, project_id, rule_id, "rule_revisions")
