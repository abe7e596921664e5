"""The handbook in the API: procedures (list, read a version, create, publish a version, retire, load the standard
ones), a meeting's or a 换届's checklist (read, tick), and the responsibility lists (list, read with evidence,
create, change, retire; items add, change, report, remove; the per-org/person/year report the assessment and a 述职
draft read). Every write goes through handbook.services; people by employee number, orgs by code."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination, resolve
from dangjian.core.errors import InvalidInput, NotFound, NotPermitted
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import can_anywhere
from dangjian.handbook import selectors, services
from dangjian.handbook.models import DutyKind, Phase, ProcedureItem, ProcedureKind
from dangjian.meetings import selectors as meeting_selectors
from dangjian.org.models import PartyOrg, Person

router = Router(tags=["procedures"])
DUTIES = ["duties"]


# --- procedures


class ProcedureStepOut(Schema):
    id: int
    position: int
    phase: str = Field(description="before, during or after.")
    text: str
    responsible: str
    check: str = Field(description="The check that proves the step from the records; empty: ticked by hand.")
    due_days: int | None = Field(description="换届 only: days from the term end (negative: before).")

    @staticmethod
    def resolve_check(obj) -> str:
        return obj.proof


class ProcedureOut(Schema):
    id: int
    kind: str
    name: str
    company: str = Field(description="Code of the company's root org.")
    retired_on: dt.date | None
    version: int | None = Field(description="The latest version's number.")

    @staticmethod
    def resolve_company(obj) -> str:
        company = obj["company"] if isinstance(obj, dict) else obj.company
        return company.code

    @staticmethod
    def resolve_version(obj) -> int | None:
        return obj.get("latest") if isinstance(obj, dict) else getattr(obj, "latest", None)


class ProcedureVersionOut(Schema):
    number: int
    effective_from: dt.date
    note: str
    steps: list[ProcedureStepOut]


class ProcedureDetailOut(ProcedureOut):
    versions: list[int] = Field(description="Every version's number, newest first.")
    current: ProcedureVersionOut = Field(description="The version asked for (default: the latest).")


class ProcedureStepIn(Schema):
    model_config = ConfigDict(extra="forbid")

    phase: Phase
    text: str = Field(min_length=1, max_length=300)
    responsible: str = Field("", max_length=60)
    check: str = Field("", max_length=40)
    due_days: int | None = Field(None, ge=-365, le=365)


class ProcedureIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: ProcedureKind
    name: str = Field(min_length=1, max_length=100)
    steps: list[ProcedureStepIn] = Field(min_length=1, max_length=60)
    note: str = Field("", max_length=300)
    effective_from: dt.date | None = None


class ProcedureVersionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    steps: list[ProcedureStepIn] = Field(min_length=1, max_length=60)
    note: str = Field("", max_length=300)
    effective_from: dt.date | None = None
    name: str = Field("", max_length=100, description="A new name for the procedure; empty keeps it.")


def _steps(steps: list[ProcedureStepIn]) -> list[services.StepIn]:
    return [services.StepIn(s.phase.value, s.text, s.responsible, s.check, s.due_days) for s in steps]


def _detail(procedure, number: int | None = None) -> dict:
    versions = selectors.procedure_versions(procedure)
    version = next((v for v in versions if v.number == number), versions[0])
    return {
        "id": procedure.pk,
        "kind": procedure.kind,
        "name": procedure.name,
        "company": procedure.company,
        "retired_on": procedure.retired_on,
        "latest": versions[0].number,
        "versions": [v.number for v in versions],
        "current": {
            "number": version.number,
            "effective_from": version.effective_from,
            "note": version.note,
            "steps": selectors.version_items(version),
        },
    }


def _company(user):
    company = selectors.office_company(user=user)
    if company is None:
        raise NotPermitted(_("You do not have permission to do this."))
    return company


class ProcedureFilters(Schema):
    retired: bool = Field(False, description="The retired procedures instead of those in use.")


@router.get("/procedures", response={200: list[ProcedureOut], **LIST_ERRORS}, summary="List procedures")
@paginate(Pagination)
def procedure_list(request, filters: Query[ProcedureFilters]):
    return selectors.procedure_list(user=request.auth_user, retired=filters.retired)


@router.post(
    "/procedures/standard",
    response={201: list[ProcedureOut], **WRITE_ERRORS},
    summary="Load the standard procedures",
)
def procedure_standard(request):
    """The standard procedures for every kind your company has none of in use (safe to call twice)."""
    user = request.auth_user
    return Status(201, services.standard_load(actor=user, company=_company(user)))


@router.get("/procedures/{procedure_id}", response={200: ProcedureDetailOut, **READ_ERRORS}, summary="Read a procedure")
def procedure_detail(request, procedure_id: int, version: int | None = None):
    return _detail(selectors.procedure_get(user=request.auth_user, pk=procedure_id), version)


@router.post("/procedures", response={201: ProcedureDetailOut, **WRITE_ERRORS}, summary="Create a procedure")
def procedure_create(request, payload: ProcedureIn):
    """A new procedure of your company with its first version (the office at the company's committee)."""
    user = request.auth_user
    procedure = services.procedure_create(
        actor=user,
        company=_company(user),
        kind=payload.kind.value,
        name=payload.name,
        steps=_steps(payload.steps),
        note=payload.note,
        effective_from=payload.effective_from,
    )
    return Status(201, _detail(procedure))


@router.post(
    "/procedures/{procedure_id}/versions",
    response={201: ProcedureDetailOut, **WRITE_ERRORS},
    summary="Publish a new version",
)
def procedure_publish(request, procedure_id: int, payload: ProcedureVersionIn):
    """The next version; the meetings that followed earlier versions keep them."""
    user = request.auth_user
    procedure = selectors.procedure_get(user=user, pk=procedure_id)
    services.procedure_publish(
        actor=user,
        procedure=procedure,
        steps=_steps(payload.steps),
        note=payload.note,
        effective_from=payload.effective_from,
        name=payload.name,
    )
    return Status(201, _detail(selectors.procedure_get(user=user, pk=procedure_id)))


@router.post(
    "/procedures/{procedure_id}/retire", response={200: ProcedureOut, **WRITE_ERRORS}, summary="Retire a procedure"
)
def procedure_retire(request, procedure_id: int):
    user = request.auth_user
    procedure = services.procedure_retire(actor=user, procedure=selectors.procedure_get(user=user, pk=procedure_id))
    return procedure


# --- checklists in use


class ChecklistStepOut(Schema):
    id: int
    phase: str
    text: str
    responsible: str
    check: str
    done: bool
    proved: bool = Field(description="True: the records decide; False: ticked by hand.")
    ticked_on: str = Field(description="The day of a hand tick (YYYY-MM-DD), empty otherwise.")
    due: dt.date | None = Field(description="换届 only: the step's deadline.")
    overdue: bool


class ChecklistOut(Schema):
    procedure: int
    name: str
    version: int
    done: int
    missing: int
    term_end: dt.date | None = None
    steps: list[ChecklistStepOut]


def _checklist_out(checklist) -> dict:
    if checklist is None:
        raise InvalidInput(_("No procedure applies here yet."))
    return {
        "procedure": checklist.procedure.pk,
        "name": checklist.procedure.name,
        "version": checklist.version.number,
        "done": checklist.done_count,
        "missing": len(checklist.missing),
        "term_end": checklist.term_end,
        "steps": [
            {
                "id": s.item.pk,
                "phase": s.item.phase,
                "text": s.item.text,
                "responsible": s.item.responsible,
                "check": s.item.proof,
                "done": s.done,
                "proved": s.proved,
                "ticked_on": s.ticked_on,
                "due": s.due,
                "overdue": s.overdue,
            }
            for s in checklist.steps
        ],
    }


class TickIn(Schema):
    model_config = ConfigDict(extra="forbid")

    step: int = Field(description="The step's id (from the checklist).")
    done: bool = True


def _item(pk: int) -> ProcedureItem:
    item = ProcedureItem.objects.select_related("version").filter(pk=pk).first()
    if item is None:
        raise InvalidInput(_("No such step."), errors={"step": [_("Unknown step.")]})
    return item


@router.get(
    "/procedures/meetings/{meeting_id}",
    response={200: ChecklistOut, **READ_ERRORS},
    summary="A meeting's checklist",
)
def meeting_checklist(request, meeting_id: int):
    meeting = meeting_selectors.meeting_get(user=request.auth_user, pk=meeting_id)
    return _checklist_out(selectors.meeting_checklist(meeting))


@router.post(
    "/procedures/meetings/{meeting_id}/ticks",
    response={200: ChecklistOut, **WRITE_ERRORS},
    summary="Tick a step of a meeting's checklist",
)
def meeting_tick(request, meeting_id: int, payload: TickIn):
    """Only a step no record proves can be ticked by hand."""
    user = request.auth_user
    meeting = meeting_selectors.meeting_get(user=user, pk=meeting_id)
    services.checklist_tick(actor=user, item=_item(payload.step), done=payload.done, meeting=meeting)
    return _checklist_out(selectors.meeting_checklist(meeting_selectors.meeting_get(user=user, pk=meeting_id)))


@router.get(
    "/procedures/elections/{org_code}",
    response={200: ChecklistOut, **READ_ERRORS},
    summary="An org's 换届 task list",
)
def election_checklist(request, org_code: str, term_end: dt.date | None = None):
    org = _election_org(request.auth_user, org_code)
    return _checklist_out(selectors.election_checklist(org=org, term_end=term_end))


@router.post(
    "/procedures/elections/{org_code}/ticks",
    response={200: ChecklistOut, **WRITE_ERRORS},
    summary="Tick a step of an org's 换届 list",
)
def election_tick(request, org_code: str, payload: TickIn, term_end: dt.date | None = None):
    user = request.auth_user
    org = _election_org(user, org_code)
    term_end = term_end or org.term_end
    services.checklist_tick(actor=user, item=_item(payload.step), done=payload.done, org=org, term_end=term_end)
    return _checklist_out(selectors.election_checklist(org=org, term_end=term_end))


def _election_org(user, code: str) -> PartyOrg:
    org = PartyOrg.objects.restrict(user, VIEW).filter(code=code).first()
    return selectors.election_org(user=user, pk=org.pk if org else 0)


# --- responsibility lists


class DutyItemOut(Schema):
    id: int
    text: str
    owner: str | None = Field(description="The owner's employee number (the list's holder when empty).")
    due_on: dt.date | None
    check: str
    target: int
    done: bool
    count: int = Field(description="Records found (a check), or 1 when reported done by hand.")
    done_on: dt.date | None
    evidence: list[str] = Field(description="The records (or the owner's note) that prove it.")


class DutyListOut(Schema):
    id: int
    org: str
    kind: str
    holder: str | None = Field(description="Whose list: an employee number; empty for the company's list.")
    year: int
    title: str
    retired_on: dt.date | None

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.org.code

    @staticmethod
    def resolve_holder(obj) -> str | None:
        return obj.holder.employee_no if obj.holder_id else None


def _item_out(row) -> dict:
    return {
        "id": row.item.pk,
        "text": row.item.text,
        "owner": row.item.owner.employee_no if row.item.owner_id else None,
        "due_on": row.item.due_on,
        "check": row.item.proof,
        "target": row.item.target,
        "done": row.done,
        "count": row.count,
        "done_on": row.item.done_on,
        "evidence": [link or label for label, link in row.evidence],
    }


def _list_detail(duty_list) -> dict:
    rows = selectors.duty_rows(selectors.list_items(duty_list))
    return {
        "id": duty_list.pk,
        "org": duty_list.org.code,
        "kind": duty_list.kind,
        "holder": duty_list.holder.employee_no if duty_list.holder_id else None,
        "year": duty_list.year,
        "title": duty_list.title,
        "retired_on": duty_list.retired_on,
        "items": [_item_out(r) for r in rows],
    }


class DutyListDetailPlainOut(Schema):
    id: int
    org: str
    kind: str
    holder: str | None
    year: int
    title: str
    retired_on: dt.date | None
    items: list[DutyItemOut]


class DutyFiltersIn(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    org: str | None = Field(None, max_length=40, description="Only this org and the orgs below it (a code).")
    kind: DutyKind | None = None


class DutyListIn(Schema):
    model_config = ConfigDict(extra="forbid")

    org: str = Field(max_length=40, description="Code of the party org the list belongs to.")
    kind: DutyKind
    holder: str | None = Field(None, max_length=30, description="Whose list (employee number); none: the company's.")
    year: int = Field(ge=2000, le=2100)
    title: str = Field(min_length=1, max_length=120)


class DutyListPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=120)
    year: int | None = Field(None, ge=2000, le=2100)


class DutyItemIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=300)
    owner: str | None = Field(None, max_length=30, description="Employee number; none: the list's holder.")
    due_on: dt.date | None = None
    check: str = Field("", max_length=40, description="A duty check (lectures_given …); empty: reported by hand.")
    target: int = Field(1, ge=1, le=100)


class DutyDoneIn(Schema):
    model_config = ConfigDict(extra="forbid")

    done_on: dt.date | None = Field(description="The day it was done; null: not done.")
    evidence: str = Field("", max_length=300)


class DutyReportQuery(Schema):
    year: int = Field(ge=2000, le=2100)
    org: str | None = Field(None, max_length=40, description="An org code: the lists of its subtree.")
    person: str | None = Field(None, max_length=30, description="An employee number: their lists and duties.")


class DutyReportRowOut(Schema):
    list_id: int
    list_kind: str
    org_code: str
    holder: str
    text: str
    owner: str
    done: bool
    count: int
    target: int
    evidence: list[list[str]] = Field(description="[label, link] of each record that proves the duty.")


class DutyReportOut(Schema):
    items: int
    done: int
    rows: list[DutyReportRowOut]


def _person(user, field: str, number: str | None) -> Person | None:
    if not number:
        return None
    person = selectors.person_by_number(user=user, number=number)
    if person is None:
        raise InvalidInput(_("No person with this employee number that you may see."), errors={field: [_("Unknown.")]})
    return person


@router.get(
    "/duties", response={200: list[DutyListOut], **LIST_ERRORS}, summary="List responsibility lists", tags=DUTIES
)
@paginate(Pagination)
def duty_list_list(request, filters: Query[DutyFiltersIn]):
    wanted = selectors.DutyFilters(
        year=filters.year, org=filters.org or "", kind=filters.kind.value if filters.kind else ""
    )
    return selectors.duty_lists(user=request.auth_user, filters=wanted)


@router.get(
    "/duties/report",
    response={200: DutyReportOut, **READ_ERRORS},
    summary="Duties done and their evidence, per org or person and year",
    tags=DUTIES,
)
def duty_report(request, query: Query[DutyReportQuery]):
    """What the assessment and a 述职 draft read: every duty of the year on the lists of the org's subtree and/or
    of the person, done or not, with the records that prove it."""
    user = request.auth_user
    if not can_anywhere(user, "duty", VIEW):
        raise NotPermitted(_("You do not have permission to do this."))
    org = None
    if query.org:  # an org named in the query is an object: out of the caller's scope it is 404
        org = PartyOrg.objects.restrict(user, VIEW).filter(code=query.org).first()
        if org is None:
            raise NotFound(_("No such organisation."))
    person = _person(user, "person", query.person)
    if org is None and person is None:
        raise InvalidInput(_("Name an org or a person."), errors={"org": [_("Required.")]})
    if org is not None:
        from dangjian.core.scoping import can_at

        if not can_at(user, "duty", VIEW, org):
            raise NotPermitted(_("You do not have permission to do this here."))
    rows = selectors.duty_report(year=query.year, org=org, person=person)
    if org is None:
        visible = set(selectors.duty_lists(user=user).values_list("pk", flat=True))
        rows = [r for r in rows if r.list_id in visible]
    return {
        "items": len(rows),
        "done": sum(1 for r in rows if r.done),
        "rows": [{**r.__dict__, "evidence": [list(e) for e in r.evidence]} for r in rows],
    }


@router.get(
    "/duties/{list_id}",
    response={200: DutyListDetailPlainOut, **READ_ERRORS},
    summary="Read a responsibility list",
    tags=DUTIES,
)
def duty_list_detail(request, list_id: int):
    return _list_detail(selectors.duty_list_get(user=request.auth_user, pk=list_id))


@router.post(
    "/duties",
    response={201: DutyListDetailPlainOut, **WRITE_ERRORS},
    summary="Create a responsibility list",
    tags=DUTIES,
)
def duty_list_create(request, payload: DutyListIn):
    user = request.auth_user
    if not can_anywhere(user, "duty", "add"):
        raise NotPermitted(_("You do not have permission to do this."))
    org = resolve(PartyOrg.objects.restrict(user, VIEW), "org", payload.org, code=payload.org)
    duty_list = services.duty_list_save(
        actor=user,
        org=org,
        kind=payload.kind.value,
        holder=_person(user, "holder", payload.holder),
        year=payload.year,
        title=payload.title,
    )
    return Status(201, _list_detail(selectors.duty_list_get(user=user, pk=duty_list.pk)))


@router.patch(
    "/duties/{list_id}",
    response={200: DutyListDetailPlainOut, **WRITE_ERRORS},
    summary="Change a responsibility list",
    tags=DUTIES,
)
def duty_list_change(request, list_id: int, payload: DutyListPatch):
    user = request.auth_user
    duty_list = selectors.duty_list_get(user=user, pk=list_id)
    fields = payload.model_dump(exclude_unset=True)
    services.duty_list_save(actor=user, obj=duty_list, **fields)
    return _list_detail(selectors.duty_list_get(user=user, pk=list_id))


@router.post(
    "/duties/{list_id}/retire",
    response={200: DutyListOut, **WRITE_ERRORS},
    summary="Retire a responsibility list",
    tags=DUTIES,
)
def duty_list_retire(request, list_id: int):
    user = request.auth_user
    return services.duty_list_retire(actor=user, duty_list=selectors.duty_list_get(user=user, pk=list_id))


@router.post(
    "/duties/{list_id}/items",
    response={201: DutyListDetailPlainOut, **WRITE_ERRORS},
    summary="Add a duty to a list",
    tags=DUTIES,
)
def duty_item_add(request, list_id: int, payload: DutyItemIn):
    user = request.auth_user
    duty_list = selectors.duty_list_get(user=user, pk=list_id)
    services.duty_item_save(
        actor=user,
        duty_list=duty_list,
        text=payload.text,
        owner=_person(user, "owner", payload.owner),
        due_on=payload.due_on,
        proof=payload.check,
        target=payload.target,
    )
    return Status(201, _list_detail(duty_list))


@router.put(
    "/duties/{list_id}/items/{item_id}",
    response={200: DutyListDetailPlainOut, **WRITE_ERRORS},
    summary="Change a duty",
    tags=DUTIES,
)
def duty_item_change(request, list_id: int, item_id: int, payload: DutyItemIn):
    user = request.auth_user
    duty_list = selectors.duty_list_get(user=user, pk=list_id)
    item = selectors.duty_item_get(user=user, pk=item_id)
    if item.duty_list_id != duty_list.pk:
        from dangjian.core.errors import NotFound

        raise NotFound(_("No such duty."))
    services.duty_item_save(
        actor=user,
        duty_list=duty_list,
        obj=item,
        text=payload.text,
        owner=_person(user, "owner", payload.owner),
        due_on=payload.due_on,
        proof=payload.check,
        target=payload.target,
    )
    return _list_detail(duty_list)


@router.post(
    "/duties/{list_id}/items/{item_id}/done",
    response={200: DutyListDetailPlainOut, **WRITE_ERRORS},
    summary="Report a duty done, with its evidence",
    tags=DUTIES,
)
def duty_item_done(request, list_id: int, item_id: int, payload: DutyDoneIn):
    """By the list's keepers or the duty's owner; a duty the records prove is done when they show it."""
    user = request.auth_user
    item = selectors.duty_item_get(user=user, pk=item_id)
    if item.duty_list_id != list_id:
        from dangjian.core.errors import NotFound

        raise NotFound(_("No such duty."))
    services.duty_item_done(actor=user, item=item, done_on=payload.done_on, evidence=payload.evidence)
    return _list_detail(selectors.duty_list_get(user=user, pk=list_id))


@router.delete(
    "/duties/{list_id}/items/{item_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a duty",
    tags=DUTIES,
)
def duty_item_delete(request, list_id: int, item_id: int):
    user = request.auth_user
    item = selectors.duty_item_get(user=user, pk=item_id)
    if item.duty_list_id != list_id:
        from dangjian.core.errors import NotFound

        raise NotFound(_("No such duty."))
    services.duty_item_delete(actor=user, item=item)
    return Status(204, None)
