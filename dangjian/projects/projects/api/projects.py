"""Projects in the API: list, read, propose, change the plan, and move through the lifecycle."""

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination, get_in_scope, resolve
from dangjian.core.errors import NotFound
from dangjian.core.permissions import VIEW
from dangjian.org.api.common import changed_fields
from dangjian.org.models import PartyOrg, Person
from dangjian.projects.projects import lifecycle, selectors, services
from dangjian.projects.projects.api.schemas import (
    DomainCode,
    ProjectDetailOut,
    ProjectIn,
    ProjectOut,
    ProjectPatch,
    ProjectTransitionIn,
    ProjectTransitionResult,
    StateCode,
)
from dangjian.projects.projects.models import Project

router = Router(tags=["projects"])


class ProjectQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Plan year.")
    domain: DomainCode | None = None
    state: StateCode | None = None
    org: str | None = Field(None, max_length=40, description="Only projects of this org and the orgs below it.")
    q: str | None = Field(None, max_length=100, description="Part of the title or code.")


def detail(request, pk: int) -> Project:
    try:
        return selectors.project_detail(user=request.auth_user, pk=pk)
    except NotFound as exc:
        raise Http404 from exc


def _people(request, data: dict) -> dict:
    """Employee numbers in a payload turned into people the caller may see (400 on the field otherwise)."""
    people = Person.objects.restrict(request.auth_user, VIEW)
    if data.get("secretary") is not None:
        data["secretary"] = resolve(people, "secretary", data["secretary"], employee_no=data["secretary"])
    if data.get("members") is not None:
        data["members"] = [
            (resolve(people, "members", m["employee_no"], employee_no=m["employee_no"]), m["role"])
            for m in data["members"]
        ]
    return data


@router.get("/projects", response={200: list[ProjectOut], **LIST_ERRORS}, summary="List projects")
@paginate(Pagination)
def project_list(request, filters: Query[ProjectQuery]):
    """The 党建+X projects you may see, newest plan year first (an org code you cannot see filters to nothing)."""
    return selectors.project_list(
        user=request.auth_user,
        filters=selectors.ProjectFilters(
            year=filters.year,
            domain=filters.domain or "",
            state=filters.state or "",
            org=filters.org or "",
            q=filters.q or "",
        ),
    )


@router.get("/projects/{project_id}", response={200: ProjectDetailOut, **READ_ERRORS}, summary="Read a project")
def project_detail(request, project_id: int):
    """A project with its goals, measures, sub-plans, tasks, rules revised, members, history and your moves."""
    return detail(request, project_id)


@router.post("/projects", response={201: ProjectDetailOut, **WRITE_ERRORS}, summary="Propose a project")
def project_create(request, payload: ProjectIn):
    """立项: a new project in the proposed state, owned by an org where you may add projects."""
    data = _people(request, payload.model_dump())
    owner_code = data.pop("owner")
    owner = resolve(PartyOrg.objects.restrict(request.auth_user, VIEW), "owner", owner_code, code=owner_code)
    project = services.project_create(actor=request.auth_user, owner=owner, **data)
    return Status(201, detail(request, project.pk))


@router.patch("/projects/{project_id}", response={200: ProjectDetailOut, **WRITE_ERRORS}, summary="Change a project")
def project_update(request, project_id: int, payload: ProjectPatch):
    """Change the fields sent, while the project is proposed or returned (409 otherwise)."""
    project = get_in_scope(Project.objects.restrict(request.auth_user, VIEW), pk=project_id)
    data = changed_fields(
        payload,
        required=("code", "title", "domain", "year", "starts_on", "ends_on"),
        blank_as_empty=("custom_domain", "problem", "rationale"),
    )
    data = _people(request, data)
    services.project_update(actor=request.auth_user, project=project, **data)
    return detail(request, project_id)


@router.post(
    "/projects/{project_id}/transitions",
    response={200: ProjectTransitionResult, **WRITE_ERRORS},
    summary="Move a project through its lifecycle",
)
def project_transition(request, project_id: int, payload: ProjectTransitionIn):
    """submit, approve, return, reject, start, inspect, accept, rate or cancel. An illegal move for the current state
    answers 409, a move you may not make 403; either way nothing changes."""
    project = get_in_scope(Project.objects.restrict(request.auth_user, VIEW), pk=project_id)
    project = services.project_transition(
        actor=request.auth_user, project=project, action=payload.action, comment=payload.comment
    )
    return {
        "id": project.pk,
        "state": project.state,
        "allowed_actions": lifecycle.allowed_actions(request.auth_user, project),
    }
