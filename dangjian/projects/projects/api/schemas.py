"""What the projects API sends and accepts."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import ConfigDict

from dangjian.projects.projects import lifecycle
from dangjian.projects.projects.models import Domain, Goal, ProjectMember, RuleRevision, State

DomainCode = Literal[tuple(Domain.values)]  # type: ignore[valid-type]
StateCode = Literal[tuple(State.values)]  # type: ignore[valid-type]
Action = Literal[tuple(lifecycle.ACTIONS)]  # type: ignore[valid-type]
Direction = Literal[tuple(Goal.Direction.values)]  # type: ignore[valid-type]
Source = Literal[tuple(Goal.Source.values)]  # type: ignore[valid-type]
MemberRole = Literal[tuple(ProjectMember.Role.values)]  # type: ignore[valid-type]
RuleKind = Literal[tuple(RuleRevision.Kind.values)]  # type: ignore[valid-type]


def _caller(context):
    request = (context or {}).get("request")
    return getattr(request, "auth_user", None)


def _person(person) -> str | None:
    return person.employee_no if person is not None else None


class ProjectOut(Schema):
    id: int
    code: str
    title: str
    owner: str = Field(description="Code of the owning party org.")
    owner_name: str
    domain: str
    domain_label: str
    year: int
    starts_on: dt.date
    ends_on: dt.date
    secretary: str | None = Field(None, description="Employee number of the responsible secretary (第一责任人).")
    state: str
    state_label: str
    state_changed_at: dt.datetime

    @staticmethod
    def resolve_owner(obj) -> str:
        return obj.owner.code

    @staticmethod
    def resolve_owner_name(obj) -> str:
        return obj.owner.name

    @staticmethod
    def resolve_domain_label(obj) -> str:
        return str(obj.domain_label)

    @staticmethod
    def resolve_secretary(obj) -> str | None:
        return _person(obj.secretary)

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_state_changed_at(obj) -> dt.datetime:
        return timezone.localtime(obj.state_changed_at)


class GoalOut(Schema):
    id: int
    indicator_name: str
    unit_of_measure: str
    baseline: Decimal
    target: Decimal
    benchmark: Decimal | None
    direction: str
    source: str
    indicator: str | None = Field(None, description="Code of the production indicator (source 'series').")
    unit: str | None = Field(None, description="Code of the production unit (source 'series').")
    order: int

    @staticmethod
    def resolve_indicator(obj) -> str | None:
        return obj.indicator.code if obj.indicator_id else None

    @staticmethod
    def resolve_unit(obj) -> str | None:
        return obj.unit.code if obj.unit_id else None


class MeasureOut(Schema):
    id: int
    text: str
    owner: str | None
    order: int

    @staticmethod
    def resolve_owner(obj) -> str | None:
        return _person(obj.owner)


class SubPlanOut(Schema):
    id: int
    title: str
    content: str
    owner: str | None
    order: int

    @staticmethod
    def resolve_owner(obj) -> str | None:
        return _person(obj.owner)


class TaskOut(Schema):
    id: int
    title: str
    owner: str | None
    due_on: dt.date | None
    done_on: dt.date | None
    evidence: str
    has_file: bool
    order: int

    @staticmethod
    def resolve_owner(obj) -> str | None:
        return _person(obj.owner)

    @staticmethod
    def resolve_has_file(obj) -> bool:
        return bool(obj.evidence_file)


class RuleRevisionOut(Schema):
    id: int
    title: str
    kind: str
    on: dt.date | None
    order: int


class MemberOut(Schema):
    employee_no: str
    name: str
    role: str

    @staticmethod
    def resolve_employee_no(obj) -> str:
        return obj.person.employee_no

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.name


class TransitionOut(Schema):
    action: str
    from_state: str
    to_state: str
    by: str
    at: dt.datetime
    comment: str

    @staticmethod
    def resolve_by(obj) -> str:
        return obj.actor_name

    @staticmethod
    def resolve_at(obj) -> dt.datetime:
        return timezone.localtime(obj.at)


class ProjectDetailOut(ProjectOut):
    custom_domain: str
    problem: str
    rationale: str
    highlights: str
    results_summary: str
    members: list[MemberOut]
    goals: list[GoalOut]
    measures: list[MeasureOut]
    sub_plans: list[SubPlanOut]
    tasks: list[TaskOut]
    rule_revisions: list[RuleRevisionOut]
    transitions: list[TransitionOut]
    allowed_actions: list[str] = Field(description="The lifecycle moves you may make now.")

    @staticmethod
    def resolve_members(obj) -> list:
        return list(obj.memberships.all())

    @staticmethod
    def resolve_allowed_actions(obj, context) -> list[str]:
        return lifecycle.allowed_actions(_caller(context), obj)


class MemberIn(Schema):
    model_config = ConfigDict(extra="forbid")

    employee_no: str
    role: MemberRole = ProjectMember.Role.MEMBER.value


class ProjectIn(Schema):
    model_config = ConfigDict(extra="forbid")

    owner: str = Field(description="Code of the owning party org.")
    code: str = Field("", max_length=40, description="Leave empty for the next free code of the year.")
    title: str = Field(max_length=200)
    domain: DomainCode
    custom_domain: str = Field("", max_length=60)
    year: int = Field(ge=2000, le=2100)
    starts_on: dt.date
    ends_on: dt.date
    secretary: str | None = Field(None, description="Employee number of the responsible secretary.")
    problem: str = ""
    rationale: str = ""
    members: list[MemberIn] = []


class ProjectPatch(Schema):
    """Only the fields sent are changed; only while the project is proposed or returned."""

    model_config = ConfigDict(extra="forbid")

    code: str | None = Field(None, max_length=40)
    title: str | None = Field(None, max_length=200)
    domain: DomainCode | None = None
    custom_domain: str | None = Field(None, max_length=60)
    year: int | None = Field(None, ge=2000, le=2100)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    secretary: str | None = None
    problem: str | None = None
    rationale: str | None = None
    members: list[MemberIn] | None = None


class ProjectTransitionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    action: Action
    comment: str = Field("", max_length=2000, description="Required to return, reject, inspect (findings) or cancel.")


class ProjectTransitionResult(Schema):
    id: int
    state: str
    allowed_actions: list[str]


class GoalIn(Schema):
    model_config = ConfigDict(extra="forbid")

    indicator_name: str = Field(max_length=100)
    unit_of_measure: str = Field("", max_length=30)
    baseline: Decimal = Field(max_digits=18, decimal_places=4)
    target: Decimal = Field(max_digits=18, decimal_places=4)
    benchmark: Decimal | None = Field(None, max_digits=18, decimal_places=4)
    direction: Direction = Goal.Direction.HIGHER.value
    source: Source = Goal.Source.REVIEW.value
    indicator: str | None = Field(None, description="Code of the production indicator (needed for source 'series').")
    unit: str | None = Field(None, description="Code of the production unit (needed for source 'series').")
    order: int = Field(0, ge=0, le=32767)


class GoalPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    indicator_name: str | None = Field(None, max_length=100)
    unit_of_measure: str | None = Field(None, max_length=30)
    baseline: Decimal | None = Field(None, max_digits=18, decimal_places=4)
    target: Decimal | None = Field(None, max_digits=18, decimal_places=4)
    benchmark: Decimal | None = Field(None, max_digits=18, decimal_places=4)
    direction: Direction | None = None
    source: Source | None = None
    indicator: str | None = None
    unit: str | None = None
    order: int | None = Field(None, ge=0, le=32767)


OWNER_FIELD = Field(None, max_length=30, description="Employee number of the person responsible.")
ORDER_FIELD = Field(0, ge=0, le=32767)


class MeasureIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=4000)
    owner: str | None = OWNER_FIELD
    order: int = ORDER_FIELD


class MeasurePatch(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, min_length=1, max_length=4000)
    owner: str | None = OWNER_FIELD
    order: int | None = Field(None, ge=0, le=32767)


class SubPlanIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    content: str = Field("", max_length=20000)
    owner: str | None = OWNER_FIELD
    order: int = ORDER_FIELD


class SubPlanPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=200)
    content: str | None = Field(None, max_length=20000)
    owner: str | None = OWNER_FIELD
    order: int | None = Field(None, ge=0, le=32767)


class TaskIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    owner: str | None = OWNER_FIELD
    due_on: dt.date | None = None
    order: int = ORDER_FIELD


class TaskPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=200)
    owner: str | None = OWNER_FIELD
    due_on: dt.date | None = None
    order: int | None = Field(None, ge=0, le=32767)


class TaskReportIn(Schema):
    """Done on a date with what was done, or not done again (done_on null)."""

    model_config = ConfigDict(extra="forbid")

    done_on: dt.date | None = Field(None, description="The day it was done; null marks it not done again.")
    evidence: str = Field("", max_length=2000, description="What was done (required to mark it done).")


class RuleRevisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    kind: RuleKind = RuleRevision.Kind.REVISED.value
    on: dt.date | None = None
    order: int = ORDER_FIELD


class RuleRevisionPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=200)
    kind: RuleKind | None = None
    on: dt.date | None = None
    order: int | None = Field(None, ge=0, le=32767)
