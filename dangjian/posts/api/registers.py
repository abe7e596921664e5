"""The four registers in the API — responsibility zones, pioneer posts, task forces and pairings — each with the same
operations (list, read, add, change, end), and a pairing's check-ins. People are named by employee number, the org
and a task force's project by code."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination
from dangjian.org.api.common import changed_fields
from dangjian.posts import selectors, services
from dangjian.posts.api.common import org_of, people_of, person_of, require_add_anywhere, router, unknown

# --- what goes out


class PostOut(Schema):
    id: int
    org: str = Field(description="Code of the party org the post belongs to.")
    org_name: str
    name: str
    starts_on: dt.date
    ends_on: dt.date | None = Field(description="Empty while the post runs on.")

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj) -> str:
        return obj.org.name


def _number(person) -> str | None:
    return person.employee_no if person is not None else None


class ZoneOut(PostOut):
    area: str
    goals: str
    leader: str | None = Field(description="The leader's employee number.")
    members: list[str] = Field(description="The members' employee numbers.")

    @staticmethod
    def resolve_leader(obj) -> str | None:
        return _number(obj.leader)

    @staticmethod
    def resolve_members(obj) -> list[str]:
        return [p.employee_no for p in obj.members.all()]


class PioneerPostOut(PostOut):
    holder: str = Field(description="The holder's employee number.")
    holder_name: str
    duties: str = Field(description="The holder's commitments.")

    @staticmethod
    def resolve_holder(obj) -> str:
        return obj.holder.employee_no

    @staticmethod
    def resolve_holder_name(obj) -> str:
        return obj.holder.name


class TaskForceOut(PostOut):
    problem: str
    project: str | None = Field(description="Code of the 党建+X project it works for.")
    leader: str | None = Field(description="The leader's employee number.")
    members: list[str] = Field(description="The members' employee numbers.")

    @staticmethod
    def resolve_project(obj) -> str | None:
        return obj.project.code if obj.project_id else None

    @staticmethod
    def resolve_leader(obj) -> str | None:
        return _number(obj.leader)

    @staticmethod
    def resolve_members(obj) -> list[str]:
        return [p.employee_no for p in obj.members.all()]


class PairingOut(PostOut):
    member: str = Field(description="The party member's employee number.")
    colleague: str = Field(description="The colleague's employee number.")
    goals: str
    check_ins: int = Field(description="How many check-ins are recorded.")

    @staticmethod
    def resolve_member(obj) -> str:
        return obj.member.employee_no

    @staticmethod
    def resolve_colleague(obj) -> str:
        return obj.colleague.employee_no

    @staticmethod
    def resolve_check_ins(obj) -> int:
        return getattr(obj, "check_in_count", 0)


# --- what comes in: a new post (every required field) and a change (only the fields sent)

PERSON = Field(None, max_length=30, description="An employee number.")
PEOPLE = Field(None, max_length=200, description="Employee numbers.")


class PostIn(Schema):
    model_config = ConfigDict(extra="forbid")

    org: str = Field(max_length=40, description="Code of the party org (you need the right to add posts there).")
    name: str = Field(min_length=1, max_length=120)
    starts_on: dt.date
    ends_on: dt.date | None = None


class PostPatch(Schema):
    """Only the fields sent are changed; `ends_on: null` lets an ended post run on."""

    model_config = ConfigDict(extra="forbid")

    org: str | None = Field(None, max_length=40, description="Move the post to this org (by code).")
    name: str | None = Field(None, min_length=1, max_length=120)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


class ZoneIn(PostIn):
    area: str = Field(min_length=1, max_length=200)
    goals: str = ""
    leader: str | None = PERSON
    members: list[str] = Field([], max_length=200, description="Employee numbers.")


class ZonePatch(PostPatch):
    area: str | None = Field(None, min_length=1, max_length=200)
    goals: str | None = None
    leader: str | None = PERSON
    members: list[str] | None = PEOPLE


class PioneerPostIn(PostIn):
    holder: str = Field(max_length=30, description="The holder's employee number.")
    duties: str = Field("", description="The holder's commitments.")


class PioneerPostPatch(PostPatch):
    holder: str | None = PERSON
    duties: str | None = None


class TaskForceIn(PostIn):
    problem: str = Field(min_length=1)
    project: str | None = Field(None, max_length=40, description="Code of a 党建+X project.")
    leader: str | None = PERSON
    members: list[str] = Field([], max_length=200, description="Employee numbers.")


class TaskForcePatch(PostPatch):
    problem: str | None = Field(None, min_length=1)
    project: str | None = Field(None, max_length=40, description="Code of a 党建+X project; null: none.")
    leader: str | None = PERSON
    members: list[str] | None = PEOPLE


class PairingIn(PostIn):
    member: str = Field(max_length=30, description="The party member's employee number.")
    colleague: str = Field(max_length=30, description="The colleague's employee number.")
    goals: str = ""


class PairingPatch(PostPatch):
    member: str | None = PERSON
    colleague: str | None = PERSON
    goals: str | None = None


class PostEndIn(Schema):
    model_config = ConfigDict(extra="forbid")

    on: dt.date | None = Field(None, description="The post's last day; default today.")


class PostFilters(Schema):
    org: str | None = Field(None, max_length=40, description="Only this org and the orgs below it (an org code).")
    on: dt.date | None = Field(None, description="Only the posts held on this day.")


@dataclass(frozen=True)
class Register:
    kind: str
    path: str
    singular: str
    plural: str
    create: type[Schema]
    patch: type[Schema]
    out: type[Schema]
    required: tuple[str, ...]  # fields a change may not empty
    texts: tuple[str, ...]  # text fields where null means empty


REGISTERS = [
    Register(
        "zones",
        "zones",
        "responsibility zone",
        "responsibility zones",
        ZoneIn,
        ZonePatch,
        ZoneOut,
        ("org", "name", "starts_on", "area"),
        ("goals",),
    ),  # fmt: skip
    Register(
        "pioneers",
        "pioneers",
        "pioneer post",
        "pioneer posts",
        PioneerPostIn,
        PioneerPostPatch,
        PioneerPostOut,
        ("org", "name", "starts_on", "holder"),
        ("duties",),
    ),  # fmt: skip
    Register(
        "taskforces",
        "taskforces",
        "task force",
        "task forces",
        TaskForceIn,
        TaskForcePatch,
        TaskForceOut,
        ("org", "name", "starts_on", "problem"),
        (),
    ),  # fmt: skip
    Register(
        "pairings",
        "pairings",
        "pairing",
        "pairings",
        PairingIn,
        PairingPatch,
        PairingOut,
        ("org", "name", "starts_on", "member", "colleague"),
        ("goals",),
    ),  # fmt: skip
]

PERSON_FIELDS = ("leader", "holder", "member", "colleague")


def _service_fields(user, data: dict) -> dict:
    """A payload's codes as the objects post_save takes."""
    fields = dict(data)
    if "org" in fields:
        fields["org"] = org_of(user, fields["org"])
    for name in PERSON_FIELDS:
        if name in fields:
            fields[name] = person_of(user, name, fields[name])
    if "members" in fields:
        fields["members"] = people_of(user, "members", fields["members"] or [])
    if fields.get("project"):
        project = selectors.project_by_code(user=user, code=fields["project"])
        if project is None:
            raise unknown("project", fields["project"])
        fields["project"] = project
    return fields


def _read(user, kind: str, pk: int):
    return selectors.post_detail(user=user, kind=kind, pk=pk)


def _add_operations(reg: Register) -> None:
    """List, read, add, change and end for one register (the same shape for each kind, its own schemas)."""
    base = f"/posts/{reg.path}"

    @router.get(
        base,
        response={200: list[reg.out], **LIST_ERRORS},
        summary=f"List {reg.plural}",
        url_name=f"post_{reg.kind}",
        operation_id=f"post_{reg.kind}_list",
    )
    @paginate(Pagination)
    def post_list(request, filters: Query[PostFilters]):
        org = None
        if filters.org:
            # an unknown or hidden org filters to nothing, as on the pages: its existence stays hidden
            org = selectors.write_org(user=request.auth_user, code=filters.org)
            if org is None:
                return []
        return selectors.post_list(user=request.auth_user, kind=reg.kind, org=org, on=filters.on)

    post_list.__doc__ = f"The {reg.plural} you may see, in register order (org, name)."

    @router.get(
        f"{base}/{{post_id}}",
        response={200: reg.out, **READ_ERRORS},
        summary=f"Read a {reg.singular}",
        url_name=f"post_{reg.kind}_detail",
        operation_id=f"post_{reg.kind}_detail",
    )
    def post_detail(request, post_id: int):
        return _read(request.auth_user, reg.kind, post_id)

    @router.post(
        base,
        response={201: reg.out, **WRITE_ERRORS},
        summary=f"Add a {reg.singular}",
        url_name=f"post_{reg.kind}_create",
        operation_id=f"post_{reg.kind}_create",
    )
    def post_create(request, payload: reg.create):  # type: ignore[valid-type]
        require_add_anywhere(request.auth_user)
        data = payload.model_dump()
        fields = _service_fields(request.auth_user, data)
        members = fields.pop("members", None)
        post = services.post_save(actor=request.auth_user, kind=reg.kind, members=members, **fields)
        return Status(201, _read(request.auth_user, reg.kind, post.pk))

    post_create.__doc__ = (
        f"Add a {reg.singular} to an org where you may add posts (its secretary, or 党群工作部). People are named "
        "by employee number and must be people you may see."
    )

    @router.patch(
        f"{base}/{{post_id}}",
        response={200: reg.out, **WRITE_ERRORS},
        summary=f"Change a {reg.singular}",
        url_name=f"post_{reg.kind}_update",
        operation_id=f"post_{reg.kind}_update",
    )
    def post_update(request, post_id: int, payload: reg.patch):  # type: ignore[valid-type]
        post = _read(request.auth_user, reg.kind, post_id)
        data = changed_fields(payload, required=reg.required, blank_as_empty=reg.texts)
        fields = _service_fields(request.auth_user, data)
        org = fields.pop("org", post.org)
        members = fields.pop("members", None)
        services.post_save(actor=request.auth_user, kind=reg.kind, org=org, obj=post, members=members, **fields)
        return _read(request.auth_user, reg.kind, post.pk)

    post_update.__doc__ = f"Change the fields sent of a {reg.singular}; `members` replaces the whole list."

    @router.post(
        f"{base}/{{post_id}}/end",
        response={200: reg.out, **WRITE_ERRORS},
        summary=f"End a {reg.singular}",
        url_name=f"post_{reg.kind}_end",
        operation_id=f"post_{reg.kind}_end",
    )
    def post_end(request, post_id: int, payload: PostEndIn):
        post = _read(request.auth_user, reg.kind, post_id)
        services.post_end(actor=request.auth_user, kind=reg.kind, obj=post, on=payload.on)
        return _read(request.auth_user, reg.kind, post.pk)

    post_end.__doc__ = (
        f"End a {reg.singular} on a day (default today): it stays on the register with its period. One already "
        "ended is 409."
    )


for _register in REGISTERS:
    _add_operations(_register)


# --- a pairing's check-ins


class CheckInOut(Schema):
    id: int
    on: dt.date
    note: str


class CheckInIn(Schema):
    model_config = ConfigDict(extra="forbid")

    on: dt.date | None = Field(None, description="The day it was done; default today (never a future day).")
    note: str = Field(min_length=1, max_length=300, description="What was done.")


@router.get(
    "/posts/pairings/{post_id}/check-ins",
    response={200: list[CheckInOut], **LIST_ERRORS},
    summary="Check-ins of a pairing",
    url_name="post_check_ins",
)
@paginate(Pagination)
def check_in_list(request, post_id: int):
    """A pairing's progress notes, newest first."""
    pairing = selectors.pairing_detail(user=request.auth_user, pk=post_id)
    return selectors.check_ins(pairing=pairing)


@router.post(
    "/posts/pairings/{post_id}/check-ins",
    response={201: CheckInOut, **WRITE_ERRORS},
    summary="Record a check-in",
    url_name="post_check_in_create",
)
def check_in_create(request, post_id: int, payload: CheckInIn):
    """Record progress on a pairing: either of the pair, or someone who may change the org's posts."""
    pairing = selectors.pairing_detail(user=request.auth_user, pk=post_id)
    on = payload.on or timezone.localdate()
    return Status(201, services.checkin_add(actor=request.auth_user, pairing=pairing, on=on, note=payload.note))
