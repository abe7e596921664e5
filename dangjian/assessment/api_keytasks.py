"""The key-task list (重点工作任务清单) in the API, the same operations as the board and the task page, through the same
services:
- GET /keytasks?org=&year= — the key tasks the caller may see, optionally under one org code and in one year;
- POST /keytasks — add a task (党群工作部, or the owner org's secretary); 409 if the code is taken;
- PATCH /keytasks/{id} — change its title, category, owner, due date or deliverable (not once closed or cancelled);
- POST /keytasks/{id}/close — the owner submits the close-out (销号) with its evidence;
- POST /keytasks/{id}/confirm — a reviewer confirms it (or returns it with `return_reason`);
- POST /keytasks/{id}/cancel, …/restore — a reviewer takes it off the list with the reason, or puts it back.

A task of another company, or outside the caller's orgs, is 404; an org or person named in the body that the caller
cannot see is 400 on that field."""

import datetime as dt
from enum import Enum

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangjian.assessment import keytask_selectors, services
from dangjian.assessment.models import KeyTask
from dangjian.core.api.errors import LIST_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination, resolve
from dangjian.core.errors import InvalidInput, NotPermitted
from dangjian.core.permissions import ADD
from dangjian.core.scoping import can_anywhere
from dangjian.org import selectors as org_selectors
from dangjian.org.api.common import changed_fields
from dangjian.org.models import PartyOrg

router = Router(tags=["assessment"])

KeyTaskCategoryIn = Enum("KeyTaskCategoryIn", {c: c for c in KeyTask.Category.values}, type=str)


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
    status: str = Field(description="open, submitted, returned, closed (销号) or cancelled.")
    submitted_on: dt.date | None
    completed_on: dt.date | None
    on_time: bool | None
    cancel_reason: str = Field(description="Why it was taken off the list (while cancelled).")

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
        org = keytask_selectors.org_by_code(user=user, code=filters.org) or PartyOrg(path="/-/")
    return keytask_selectors.keytask_list(user=user, org=org, year=filters.year)


class KeyTaskPatch(Schema):
    title: str | None = Field(None, max_length=300)
    category: KeyTaskCategoryIn | None = None
    owner_org: str | None = Field(None, max_length=40, description="The code of the org that owns the task.")
    owner: str | None = Field(None, max_length=30, description="The owner's employee number; empty or null: nobody.")
    due_on: dt.date | None = None
    deliverable: str | None = Field(None, max_length=300)


class KeyTaskIn(KeyTaskPatch):
    # Empty by default so that a caller without the right gets 403 before any complaint about the body.
    code: str = Field("", max_length=30, description="Unique; it names the task in imports.")


def _references(user, data: dict) -> dict:
    """The org and person codes of a body looked up in the caller's scope (unknown or hidden: 400 on the field)."""
    if "owner_org" in data:
        code = data["owner_org"]
        data["owner_org"] = resolve(org_selectors.visible_orgs(user=user), "owner_org", code, code=code)
    if "owner" in data:
        number = (data["owner"] or "").strip()
        data["owner"] = None
        if number:
            data["owner"] = keytask_selectors.person_by_employee_no(user=user, number=number)
            if data["owner"] is None:
                message = _("No such person in your organisations.")
                raise InvalidInput(message, errors={"owner": [message]})
    return data


def _read(user, pk: int) -> KeyTask:
    return keytask_selectors.keytask_get(user=user, pk=pk)


@router.post(
    "/keytasks", response={201: KeyTaskOut, **WRITE_ERRORS}, summary="Add a key task", url_name="keytask_create"
)
def keytask_create(request, payload: KeyTaskIn):
    """A new task of `owner_org` (党群工作部 over it, or its secretary); the year is its due date's."""
    user = request.auth_user
    if not can_anywhere(user, "keytask", ADD):
        raise NotPermitted(_("You may not add key tasks."))
    data = _references(user, changed_fields(payload))
    task = services.keytask_create(actor=user, code=data.pop("code", ""), **data)
    return Status(201, _read(user, task.pk))


@router.patch(
    "/keytasks/{task_id}",
    response={200: KeyTaskOut, **WRITE_ERRORS},
    summary="Change a key task",
    url_name="keytask_update",
)
def keytask_update(request, task_id: int, payload: KeyTaskPatch):
    """Its title, category, owner org or person, due date or deliverable; 409 once closed out or cancelled."""
    user = request.auth_user
    task = keytask_selectors.keytask_get(user=user, pk=task_id)
    data = changed_fields(payload, required=("title", "category", "owner_org", "due_on", "deliverable"))
    services.keytask_update(actor=user, task=task, **_references(user, data))
    return _read(user, task.pk)


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


class KeyTaskCancelIn(Schema):
    reason: str = Field("", max_length=500, description="Why the task is taken off the list (required).")


@router.post(
    "/keytasks/{task_id}/cancel",
    response={200: KeyTaskOut, **WRITE_ERRORS},
    summary="Take a key task off the list",
    url_name="keytask_cancel",
)
def keytask_cancel(request, task_id: int, payload: KeyTaskCancelIn):
    """The superior org or 党群工作部 (never the task's own branch) cancels it with the reason: it no longer counts on
    the board, in the completion ranking or in the assessment. 409 once closed out."""
    user = request.auth_user
    task = keytask_selectors.keytask_get(user=user, pk=task_id)
    return services.keytask_cancel(actor=user, task=task, reason=payload.reason)


@router.post(
    "/keytasks/{task_id}/restore",
    response={200: KeyTaskOut, **WRITE_ERRORS},
    summary="Put a key task back on the list",
    url_name="keytask_restore",
)
def keytask_restore(request, task_id: int):
    """A cancelled task back on the list, open; 409 if it is not cancelled."""
    user = request.auth_user
    task = keytask_selectors.keytask_get(user=user, pk=task_id)
    return services.keytask_restore(actor=user, task=task)
