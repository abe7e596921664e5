"""What the org API sends and accepts: party orgs, production units, people and their status history."""

import datetime as dt
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import ConfigDict

from dangjian.core.scoping import can_at
from dangjian.org.models import CommitteeSeat, PartyOrg, Person, Unit

# Choices as inline literals: two enums both called "Kind" (org and unit) would collide in the OpenAPI components.
OrgKind = Literal[tuple(PartyOrg.Kind.values)]  # type: ignore[valid-type]
OrgStatus = Literal[tuple(PartyOrg.Status.values)]  # type: ignore[valid-type]
UnitKind = Literal[tuple(Unit.Kind.values)]  # type: ignore[valid-type]
Gender = Literal[tuple(Person.Gender.values)]  # type: ignore[valid-type]
Education = Literal[tuple(Person.Education.values)]  # type: ignore[valid-type]
PartyStatus = Literal[tuple(Person.PartyStatus.values)]  # type: ignore[valid-type]


def _caller(context):
    request = (context or {}).get("request")
    return getattr(request, "auth_user", None)


class OrgOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    status: str
    parent: str | None = Field(None, description="Code of the parent org.")
    depth: int
    founded_on: dt.date | None
    term_start: dt.date | None
    term_end: dt.date | None
    dissolved_on: dt.date | None
    sort_order: int

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None


class OrgDetailOut(OrgOut):
    units: list[str] = Field(description="Codes of the production units the org covers.")

    @staticmethod
    def resolve_units(obj) -> list[str]:
        return [link.unit.code for link in obj.unit_links.all()]


class OrgIn(Schema):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(max_length=40)
    name: str = Field(max_length=100)
    kind: OrgKind
    parent: str | None = Field(
        None,
        description="Code of the parent org (the company committee for a direct org). A company's committee itself is "
        "created with `manage.py init_company`, so an empty parent is refused (400).",
    )
    founded_on: dt.date | None = None
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    sort_order: int = Field(0, ge=0)
    units: list[str] | None = Field(None, description="Codes of the production units the org covers.", max_length=500)


class OrgPatch(Schema):
    """Only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")

    code: str | None = Field(None, max_length=40)
    name: str | None = Field(None, max_length=100)
    kind: OrgKind | None = None
    parent: str | None = Field(None, description="Code of the new parent org (moves the org and its subtree).")
    founded_on: dt.date | None = None
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    sort_order: int | None = Field(None, ge=0)
    units: list[str] | None = Field(
        None, description="Codes of the production units the org covers (replaces the list).", max_length=500
    )


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    parent: str | None = Field(None, description="Code of the parent unit.")
    depth: int
    active: bool
    sort_order: int

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None


class UnitDetailOut(UnitOut):
    orgs: list[str] = Field(description="Codes of the party orgs covering this unit that you may see.")

    @staticmethod
    def resolve_orgs(obj) -> list[str]:
        return obj.visible_org_codes


class UnitIn(Schema):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(max_length=40)
    name: str = Field(max_length=100)
    kind: UnitKind
    parent: str | None = Field(
        None,
        description="Code of the parent unit. Empty for a top-level unit of your company (the company's party office "
        "only); it is linked to the company committee.",
    )
    company: str | None = Field(
        None, description="For a top-level unit, the code of the company committee (needed only for several)."
    )
    sort_order: int = Field(0, ge=0)


class UnitPatch(Schema):
    """Only the fields sent are changed; `active: false` retires the unit (refused while active units are under it)."""

    model_config = ConfigDict(extra="forbid")

    code: str | None = Field(None, max_length=40)
    name: str | None = Field(None, max_length=100)
    kind: UnitKind | None = None
    active: bool | None = None
    sort_order: int | None = Field(None, ge=0)


SeatRole = Literal[tuple(CommitteeSeat.Role.values)]  # type: ignore[valid-type]


class SeatOut(Schema):
    id: int
    org: str
    role: str
    role_label: str
    person: str = Field(description="Employee number of the person seated.")
    person_name: str
    since: dt.date | None
    until: dt.date | None

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.org.code

    @staticmethod
    def resolve_role_label(obj) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_person(obj) -> str:
        return obj.person.employee_no

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name


class SeatIn(Schema):
    model_config = ConfigDict(extra="forbid")

    person: str = Field(description="Employee number of a person on the roll of the org or of an org under it.")
    role: SeatRole
    since: dt.date | None = Field(None, description="Start of the seat's term.")
    until: dt.date | None = Field(None, description="End of the seat's term; empty while it lasts.")


class SeatEndIn(Schema):
    model_config = ConfigDict(extra="forbid")

    until: dt.date = Field(description="The day the seat ends.")


class PersonOut(Schema):
    employee_no: str
    name: str
    gender: str
    birth_date: dt.date | None
    education: str
    job_title: str
    unit: str | None = Field(None, description="Code of the production unit.")
    branch: str = Field(description="Code of the branch.")
    branch_name: str
    group: str | None = Field(None, description="Code of the party group.")
    phone: str = Field(description="Shown whole only to those who may change this person; masked otherwise.")
    party_status: str
    party_status_label: str
    applied_on: dt.date | None
    activist_on: dt.date | None
    candidate_on: dt.date | None
    probationary_on: dt.date | None
    full_member_on: dt.date | None
    active: bool

    @staticmethod
    def resolve_unit(obj) -> str | None:
        return obj.unit.code if obj.unit_id else None

    @staticmethod
    def resolve_branch(obj) -> str:
        return obj.branch.code

    @staticmethod
    def resolve_branch_name(obj) -> str:
        return obj.branch.name

    @staticmethod
    def resolve_group(obj) -> str | None:
        return obj.group.code if obj.group_id else None

    @staticmethod
    def resolve_party_status_label(obj) -> str:
        return str(obj.get_party_status_display())

    @staticmethod
    def resolve_phone(obj, context) -> str:
        # The scope check reads the caller's cached role assignments: no query per row.
        user = _caller(context)
        return obj.phone if user is not None and can_at(user, "person", "change", obj.branch) else obj.masked_phone


class PersonIn(Schema):
    model_config = ConfigDict(extra="forbid")

    employee_no: str = Field(max_length=30)
    name: str = Field(max_length=50)
    gender: Gender
    branch: str = Field(description="Code of the branch.")
    group: str | None = Field(None, description="Code of a party group inside the branch.")
    unit: str | None = Field(None, description="Code of the production unit.")
    birth_date: dt.date | None = None
    education: Education | None = None
    job_title: str = Field("", max_length=60)
    phone: str = Field("", max_length=20)
    party_status: PartyStatus = Person.PartyStatus.NON_MEMBER.value
    applied_on: dt.date | None = None
    activist_on: dt.date | None = None
    candidate_on: dt.date | None = None
    probationary_on: dt.date | None = None
    full_member_on: dt.date | None = None


class PersonPatch(Schema):
    """Only the fields sent are changed; party status moves go through POST /people/{employee_no}/status."""

    model_config = ConfigDict(extra="forbid")

    employee_no: str | None = Field(None, max_length=30)
    name: str | None = Field(None, max_length=50)
    gender: Gender | None = None
    branch: str | None = None
    group: str | None = None
    unit: str | None = None
    birth_date: dt.date | None = None
    education: Education | None = None
    job_title: str | None = Field(None, max_length=60)
    phone: str | None = Field(None, max_length=20)
    applied_on: dt.date | None = None
    activist_on: dt.date | None = None
    candidate_on: dt.date | None = None
    probationary_on: dt.date | None = None
    full_member_on: dt.date | None = None
    active: bool | None = None


class StatusIn(Schema):
    model_config = ConfigDict(extra="forbid")

    to_status: PartyStatus
    on: dt.date
    note: str = Field("", max_length=200)


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    on: dt.date
    note: str
    recorded_by: str | None
    recorded_at: dt.datetime

    @staticmethod
    def resolve_recorded_at(obj) -> dt.datetime:
        return timezone.localtime(obj.recorded_at)

    @staticmethod
    def resolve_recorded_by(obj) -> str | None:
        return obj.recorded_by.get_username() if obj.recorded_by_id else None


__all__ = [
    "Education",
    "Gender",
    "OrgKind",
    "OrgStatus",
    "PartyStatus",
    "UnitKind",
    "OrgDetailOut",
    "OrgIn",
    "OrgOut",
    "OrgPatch",
    "PersonIn",
    "PersonOut",
    "PersonPatch",
    "StatusChangeOut",
    "StatusIn",
    "UnitDetailOut",
    "UnitOut",
]
