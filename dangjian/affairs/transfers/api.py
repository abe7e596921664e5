"""Transfers and floating members in the API (/api/v1/transfers): list and read what the caller sees from either end;
ask for a transfer or register one coming in (an HR system may push these); take a step (approve, reject, send,
confirm, cancel) — a step the status does not allow is 409, one the caller may not take 403, another company's 404.
People are named by employee number, orgs by code."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from dangjian.affairs.transfers import selectors, services
from dangjian.affairs.transfers.models import Transfer
from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination
from dangjian.core.errors import InvalidInput, NotFound, NotPermitted
from dangjian.core.permissions import ADD
from dangjian.core.scoping import can_anywhere
from dangjian.org.api.common import changed_fields

router = Router(tags=["transfers"])
STEPS = ("approve", "reject", "send", "confirm", "cancel")


def _unknown(field: str, value: str) -> InvalidInput:
    return InvalidInput(
        _("%(value)s is not a known code you have access to.") % {"value": value},
        errors={field: [_("Unknown code, or you do not have access to it.")]},
    )


def _require_add(user) -> None:
    if not can_anywhere(user, "transfer", ADD):
        raise NotPermitted(_("You do not have permission to do this."))


def _person(user, number: str | None):
    if not number:
        return None
    found = selectors.person_by_employee_no(user=user, number=number)
    if found is None:
        raise _unknown("person", number)
    return found


def _branch(user, field: str, code: str | None):
    if not code:
        return None
    found = selectors.branch_by_code(user=user, code=code)
    if found is None:
        raise _unknown(field, code)
    return found


class TransferOut(Schema):
    id: int
    kind: str = Field(description="internal, out or in.")
    status: str = Field(description="requested, approved, sent, confirmed, rejected or cancelled.")
    status_label: str
    person: str | None = Field(description="The member's employee number (empty for a transfer in not yet confirmed).")
    name: str
    from_org: str | None = Field(description="Code of the sending branch (none for a transfer in).")
    to_org: str | None = Field(description="Code of the receiving branch (none for a transfer out of the system).")
    outside_org: str
    letter_no: str
    report_by: dt.date | None
    reason: str
    note: str
    requested_at: dt.datetime
    approved_at: dt.datetime | None
    sent_on: dt.date | None
    confirmed_on: dt.date | None

    @staticmethod
    def resolve_person(obj) -> str | None:
        return obj.person.employee_no if obj.person_id else None

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.who

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_from_org(obj) -> str | None:
        return obj.from_org.code if obj.from_org_id else None

    @staticmethod
    def resolve_to_org(obj) -> str | None:
        return obj.to_org.code if obj.to_org_id else None


class TransferIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["internal", "out", "in"]
    reason: str = Field(min_length=1, max_length=200)
    person: str | None = Field(None, max_length=30, description="Employee number of the member (internal, out).")
    to_org: str | None = Field(None, max_length=40, description="Code of the receiving branch (internal, in).")
    outside_org: str = Field("", max_length=200, description="The organisation outside (out: where to; in: from).")
    note: str = Field("", max_length=300)
    letter_no: str = Field("", max_length=40, description="In: the number of the letter the member brought.")
    report_by: dt.date | None = None
    name: str = Field("", max_length=50, description="In: the member's name.")
    employee_no: str = Field("", max_length=30, description="In: the employee number they get.")
    gender: Literal["", "male", "female"] = ""
    party_status: Literal["", "member", "probationary"] = ""
    status_since: dt.date | None = None


class TransferStepIn(Schema):
    model_config = ConfigDict(extra="forbid")

    on: dt.date | None = Field(None, description="send: the letter's date; confirm: the day reported in / return slip.")
    report_by: dt.date | None = Field(None, description="send: the deadline to report in (default a month).")
    note: str = Field("", max_length=300)
    reason: str = Field("", max_length=300, description="reject (required), cancel.")


class FloatingOut(Schema):
    id: int
    person: str = Field(description="The member's employee number.")
    name: str
    branch: str
    location: str
    reason: str
    contact_method: str
    contact: str
    keeping_org: str = Field(description="Code of the org that keeps in touch.")
    local_org: str
    since: dt.date
    until: dt.date | None
    last_contact_on: dt.date | None
    note: str

    @staticmethod
    def resolve_person(obj) -> str:
        return obj.person.employee_no

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_branch(obj) -> str:
        return obj.person.branch.code

    @staticmethod
    def resolve_keeping_org(obj) -> str:
        return obj.keeping_org.code


class FloatingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    person: str = Field(max_length=30, description="Employee number of the member.")
    location: str = Field(min_length=1, max_length=200)
    reason: str = Field("", max_length=200)
    contact_method: Literal["phone", "wechat", "email", "local_org"]
    contact: str = Field("", max_length=100)
    keeping_org: str | None = Field(
        None, max_length=40, description="Code of the org keeping in touch (default the branch)."
    )
    local_org: str = Field("", max_length=200)
    since: dt.date
    last_contact_on: dt.date | None = None
    note: str = Field("", max_length=300)


class FloatingPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    location: str | None = Field(None, min_length=1, max_length=200)
    reason: str | None = Field(None, max_length=200)
    contact_method: Literal["phone", "wechat", "email", "local_org"] | None = None
    contact: str | None = Field(None, max_length=100)
    local_org: str | None = Field(None, max_length=200)
    until: dt.date | None = None
    last_contact_on: dt.date | None = None
    note: str | None = Field(None, max_length=300)


# Floating members first: /transfers/floating must not be read as a transfer's id.
@router.get(
    "/transfers/floating",
    response={200: list[FloatingOut], **LIST_ERRORS},
    summary="List floating members",
    url_name="transfer_floating_list",
)
@paginate(Pagination)
def floating_list(request, all: bool = False):
    """The floating members (流动党员) you see; `all` includes those back."""
    return selectors.floating_list(user=request.auth_user, current=not all)


@router.get(
    "/transfers/floating/{record_id}",
    response={200: FloatingOut, **READ_ERRORS},
    summary="Read a floating member",
    url_name="transfer_floating",
)
def floating_detail(request, record_id: int):
    return selectors.floating_detail(user=request.auth_user, pk=record_id)


@router.post(
    "/transfers/floating",
    response={201: FloatingOut, **WRITE_ERRORS},
    summary="Record a floating member",
    url_name="transfer_floating_create",
)
def floating_create(request, payload: FloatingIn):
    """Record that a member is away: where, how to reach them, who keeps in touch. A second open record is 409."""
    _require_add(request.auth_user)
    data = payload.model_dump()
    person = _person(request.auth_user, data.pop("person"))
    keeping = _branch(request.auth_user, "keeping_org", data.pop("keeping_org"))
    if keeping is not None:
        data["keeping_org"] = keeping
    record = services.floating_create(actor=request.auth_user, person=person, **data)
    return Status(201, selectors.floating_detail(user=request.auth_user, pk=record.pk))


@router.patch(
    "/transfers/floating/{record_id}",
    response={200: FloatingOut, **WRITE_ERRORS},
    summary="Change a floating member's record",
    url_name="transfer_floating_update",
)
def floating_update(request, record_id: int, payload: FloatingPatch):
    """Change where they are, the contact, the last contact, or set `until` when they are back."""
    record = selectors.floating_detail(user=request.auth_user, pk=record_id)
    data = changed_fields(
        payload,
        required=("location", "contact_method"),
        blank_as_empty=("reason", "contact", "local_org", "note"),
    )
    services.floating_update(actor=request.auth_user, record=record, **data)
    return selectors.floating_detail(user=request.auth_user, pk=record_id)


@router.get(
    "/transfers",
    response={200: list[TransferOut], **LIST_ERRORS},
    summary="List transfers",
    url_name="transfer_list",
)
@paginate(Pagination)
def transfer_list(request, status: str = "", kind: str = ""):
    """The transfers you see from either end, newest first; `status` one of the statuses or `open`."""
    return selectors.transfer_list(user=request.auth_user, status=status, kind=kind)


@router.get(
    "/transfers/{transfer_id}",
    response={200: TransferOut, **READ_ERRORS},
    summary="Read a transfer",
    url_name="transfer_detail",
)
def transfer_detail(request, transfer_id: int):
    return selectors.transfer_detail(user=request.auth_user, pk=transfer_id)


@router.post(
    "/transfers",
    response={201: TransferOut, **WRITE_ERRORS},
    summary="Ask for a transfer, or register one coming in",
    url_name="transfer_create",
)
def transfer_create(request, payload: TransferIn):
    """internal / out: the sending branch asks for its member (`person`) to move to `to_org` or `outside_org`. in: the
    receiving branch (`to_org`) registers a member coming from `outside_org` with their letter's number. A member
    with a transfer under way is 409."""
    user = request.auth_user
    _require_add(user)
    data = payload.model_dump()
    data["person"] = _person(user, data["person"]) if data["kind"] != Transfer.Kind.IN else None
    data["to_org"] = _branch(user, "to_org", data["to_org"])
    transfer = services.transfer_request(actor=user, **data)
    return Status(201, selectors.transfer_detail(user=user, pk=transfer.pk))


@router.post(
    "/transfers/{transfer_id}/{step}",
    response={200: TransferOut, **WRITE_ERRORS},
    summary="Take a step of a transfer",
    url_name="transfer_step",
)
def transfer_step(request, transfer_id: int, step: str, payload: TransferStepIn):
    """approve / reject (党群工作部 or a higher committee), send (the sending side: the letter's number and deadline),
    confirm (the receiving branch; out of the system, the sending side with the return slip), cancel (the side that
    asked, before the letter is sent). Another step is 404."""
    user = request.auth_user
    transfer = selectors.transfer_detail(user=user, pk=transfer_id)
    if step not in STEPS:
        raise NotFound(_("No such step: approve, reject, send, confirm or cancel."))
    if step == "approve":
        services.transfer_approve(actor=user, transfer=transfer, note=payload.note)
    elif step == "reject":
        services.transfer_reject(actor=user, transfer=transfer, reason=payload.reason)
    elif step == "send":
        services.transfer_send(actor=user, transfer=transfer, on=payload.on, report_by=payload.report_by)
    elif step == "confirm":
        services.transfer_confirm(actor=user, transfer=transfer, on=payload.on, note=payload.note)
    else:
        services.transfer_cancel(actor=user, transfer=transfer, reason=payload.reason)
    return selectors.transfer_detail(user=user, pk=transfer_id)
