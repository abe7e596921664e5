"""Recruitment in the API (/api/v1/recruitment): the 25 steps, the files with where each stands, opening a file,
recording a step (what an HR system or the branch's own tool would push), extending probation, stopping a file, and
the annual plans. People are named by employee number, orgs by code; a file out of scope is 404."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from dangjian.affairs.recruitment import selectors, services
from dangjian.affairs.recruitment.models import Dossier, LocalStep
from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination
from dangjian.core.errors import InvalidInput, NotPermitted
from dangjian.core.permissions import ADD, VIEW
from dangjian.core.scoping import can_anywhere
from dangjian.org import tenancy
from dangjian.org.models import PartyOrg

router = Router(tags=["recruitment"])


def _unknown(field: str, value) -> InvalidInput:
    return InvalidInput(
        _("%(value)s is not a known code you have access to.") % {"value": value},
        errors={field: [_("Unknown code, or you do not have access to it.")]},
    )


class RecruitmentStepOut(Schema):
    code: str = Field(description="The national step's code; a local sub-step is `local:<id>`.")
    number: str = Field(description="1–25 for the national steps, e.g. 11.1 for a company's sub-step after 11.")
    stage: int
    stage_name: str
    name: str
    actor: str = Field(
        description="Who acts: applicant, branch, branch_committee, branch_assembly, "
        "higher_committee, organisation_dept."
    )
    record: str = Field(description="The record the step produces.")
    status: str = Field(description="The party status the person reaches when the step is done (empty: none).")
    repeatable: bool


class RecruitmentDueOut(Schema):
    what: str
    on: dt.date
    overdue: bool
    earliest: bool = Field(description="True: the day from which the step may be taken, not a deadline.")


class RecruitmentFileOut(Schema):
    id: int
    employee_no: str
    name: str
    org: str = Field(description="Code of the branch that runs the file.")
    opened_on: dt.date
    state: str = Field(description="open, completed or stopped.")
    party_status: str
    stage: int
    next_step: str = Field(description="The next step's name (empty when closed).")
    dues: list[RecruitmentDueOut]
    overdue: bool


class RecruitmentRecordOut(Schema):
    id: int
    step: str
    local_step: int | None = Field(description="The company's sub-step, when it is one.")
    done_on: dt.date
    note: str
    meeting: int | None = Field(description="The branch general assembly that voted.")
    votes_for: int | None
    votes_against: int | None
    abstentions: int | None
    training_days: int | None
    training_hours: Decimal | None

    @staticmethod
    def resolve_local_step(obj) -> int | None:
        return obj.local_step_id

    @staticmethod
    def resolve_meeting(obj) -> int | None:
        return obj.meeting_id


class RecruitmentFileDetailOut(RecruitmentFileOut):
    introducers: list[str] = Field(description="The introducers' employee numbers.")
    extension_months: int | None
    closed_on: dt.date | None
    close_reason: str
    warnings: list[str] = Field(description="Time rules kept late (warned, not refused).")
    records: list[RecruitmentRecordOut]


def _file_out(dossier: Dossier, progress: selectors.Progress, detail: bool = False) -> dict:
    data = {
        "id": dossier.pk,
        "employee_no": dossier.person.employee_no,
        "name": dossier.person.name,
        "org": dossier.org.code,
        "opened_on": dossier.opened_on,
        "state": dossier.state,
        "party_status": dossier.person.party_status,
        "stage": progress.stage,
        "next_step": progress.next_label,
        "dues": [{"what": d.label, "on": d.on, "overdue": d.overdue, "earliest": d.earliest} for d in progress.dues],
        "overdue": progress.overdue,
    }
    if detail:
        data.update(
            introducers=[p.employee_no for p in (dossier.introducer_1, dossier.introducer_2) if p is not None],
            extension_months=dossier.extension_months,
            closed_on=dossier.closed_on,
            close_reason=dossier.close_reason,
            warnings=progress.warnings,
            records=list(dossier.records.all()),
        )
    return data


def _detail(user, file_id: int) -> dict:
    dossier = selectors.file_get(user=user, pk=file_id)
    ((_d, progress),) = selectors.with_progress([dossier])
    return _file_out(dossier, progress, detail=True)


class RecruitmentFileFilters(Schema):
    org: str | None = Field(None, max_length=40, description="Only this org and the orgs below it (an org code).")
    state: str = Field("open", description="open (default), completed, stopped, or all.")


@router.get(
    "/recruitment/steps",
    response={200: list[RecruitmentStepOut], **LIST_ERRORS},
    summary="The 25 steps of recruitment",
    url_name="recruitment_steps",
)
def step_list(request, org: str | None = None):
    """The national steps in order, with the company's own sub-steps in their places (the company of `org`, or of
    the caller's scope)."""
    user = request.auth_user
    local: list[LocalStep] = []
    if can_anywhere(user, "recruitment", VIEW):
        root = selectors.company_root(org=selectors.visible_org(user=user, code=org))
        local = selectors.local_steps(company_id=root.pk) if root else []
    rows = []
    for definition, item in selectors.slots_of(local):
        rows.append(
            {
                "code": f"local:{item.pk}" if item else definition.code,
                "number": item.number if item else str(definition.number),
                "stage": definition.stage,
                "stage_name": str(definition.stage_label),
                "name": item.name if item else str(definition.name),
                "actor": item.actor if item else definition.actor,
                "record": item.record if item else str(definition.record),
                "status": "" if item else definition.status,
                "repeatable": False if item else definition.repeatable,
            }
        )
    return rows


@router.get(
    "/recruitment/files",
    response={200: list[RecruitmentFileOut], **LIST_ERRORS},
    summary="Recruitment files",
    url_name="recruitment_files",
)
@paginate(Pagination)
def file_list(request, filters: Query[RecruitmentFileFilters]):
    """The files you may see (open ones by default), each with its stage, next step and what is due."""
    user = request.auth_user
    if not can_anywhere(user, "recruitment", VIEW):
        return []
    org = None
    if filters.org:
        org = PartyOrg.objects.restrict(user, VIEW).filter(code=filters.org).first()
        if org is None:
            raise _unknown("org", filters.org)
    state = "" if filters.state == "all" else filters.state
    if state and state not in Dossier.State.values:
        raise InvalidInput(_("Unknown state."), errors={"state": [_("Unknown state.")]})
    found = selectors.files(user=user, org=org, state=state).order_by("opened_on", "id")[: selectors.MAX_FILES]
    return [_file_out(d, p) for d, p in selectors.with_progress(found)]


@router.get(
    "/recruitment/files/{file_id}",
    response={200: RecruitmentFileDetailOut, **READ_ERRORS},
    summary="Read a recruitment file",
    url_name="recruitment_file",
)
def file_detail(request, file_id: int):
    """One file with every step recorded, what is due and the warnings."""
    return _detail(request.auth_user, file_id)


class RecruitmentOpenIn(Schema):
    model_config = ConfigDict(extra="forbid")

    employee_no: str = Field(max_length=30, description="The applicant's employee number.")
    applied_on: dt.date | None = Field(
        None, description="The date of the written application; omitted: the date the roll already holds."
    )
    note: str = Field("", max_length=300)


@router.post(
    "/recruitment/files",
    response={201: RecruitmentFileDetailOut, **WRITE_ERRORS},
    summary="Open a recruitment file",
    url_name="recruitment_file_open",
)
def file_open(request, payload: RecruitmentOpenIn):
    """Open a file with the written application (step 1); the person becomes an applicant. They must be 18 on the
    day; a second open file is 409."""
    user = request.auth_user
    if not can_anywhere(user, "recruitment", ADD):
        raise NotPermitted(_("You do not have permission to do this."))
    person = selectors.person_by_number(user=user, number=payload.employee_no)
    if person is None:
        raise _unknown("employee_no", payload.employee_no)
    dossier = services.dossier_open(actor=user, person=person, applied_on=payload.applied_on, note=payload.note)
    return Status(201, _detail(user, dossier.pk))


class RecruitmentStepIn(Schema):
    model_config = ConfigDict(extra="forbid")

    step: str = Field(max_length=40, description="A national step's code, or `local:<id>` for a company sub-step.")
    done_on: dt.date | None = Field(None, description="The day; a vote takes its meeting's day.")
    note: str = Field("", max_length=300)
    meeting: int | None = Field(None, description="For a vote: the id of the branch's general assembly.")
    votes_for: int | None = Field(None, ge=0)
    votes_against: int | None = Field(None, ge=0)
    abstentions: int | None = Field(None, ge=0)
    training_days: int | None = Field(None, ge=0, le=365)
    training_hours: Decimal | None = Field(None, ge=0, le=9999, decimal_places=1)
    introducers: list[str] | None = Field(None, max_length=2, description="Two employee numbers (step introducers).")
    relations: list[str] | None = Field(
        None, max_length=2, description='Each introducer\'s declared relation: "" (not declared), "none", "relative".'
    )


@router.post(
    "/recruitment/files/{file_id}/steps",
    response={201: RecruitmentRecordOut, **WRITE_ERRORS},
    summary="Record a step",
    url_name="recruitment_step_record",
)
def step_record(request, file_id: int, payload: RecruitmentStepIn):
    """Record a step done, in the national order, with its time rule; the person's party status follows. The higher
    committee's steps need the grant over the committee above the branch."""
    user = request.auth_user
    dossier = selectors.file_get(user=user, pk=file_id)
    args = payload.model_dump(exclude={"introducers", "relations", "meeting"})
    if payload.step.startswith("local:"):
        local = LocalStep.objects.filter(
            pk=int(payload.step.split(":")[1]) if payload.step[6:].isdigit() else 0,
            company_id=tenancy.company_pk(dossier.org),
        ).first()
        if local is None:
            raise _unknown("step", payload.step)
        args.update(step=local.after, local_step=local)
    if payload.meeting is not None:
        meeting = selectors.meeting_for(user=user, dossier=dossier, pk=payload.meeting)
        if meeting is None:
            raise _unknown("meeting", payload.meeting)
        args["meeting"] = meeting
    if payload.introducers is not None:
        found = {
            p.employee_no: p
            for p in selectors.introducer_choices(user=user, dossier=dossier).filter(
                employee_no__in=payload.introducers
            )
        }
        for number in payload.introducers:
            if number not in found:
                raise _unknown("introducers", number)
        args["introducers"] = [found[n] for n in payload.introducers]
        args["relations"] = list(payload.relations or [""] * len(payload.introducers))
    record = services.step_record(actor=user, dossier=dossier, **args)
    return Status(201, record)


class RecruitmentStopIn(Schema):
    model_config = ConfigDict(extra="forbid")

    on: dt.date | None = Field(None, description="Default today.")
    reason: str = Field(min_length=1, max_length=200)


@router.post(
    "/recruitment/files/{file_id}/stop",
    response={200: RecruitmentFileDetailOut, **WRITE_ERRORS},
    summary="Stop a recruitment file",
    url_name="recruitment_file_stop",
)
def file_stop(request, file_id: int, payload: RecruitmentStopIn):
    """Stop a file (withdrawn, not admitted, probation cancelled); the person goes back to non-member."""
    dossier = selectors.file_get(user=request.auth_user, pk=file_id)
    on = payload.on or timezone.localdate()
    services.dossier_stop(actor=request.auth_user, dossier=dossier, on=on, reason=payload.reason)
    return _detail(request.auth_user, file_id)


class RecruitmentExtendIn(Schema):
    model_config = ConfigDict(extra="forbid")

    months: int = Field(ge=6, le=12)
    on: dt.date | None = Field(None, description="Default today.")
    reason: str = Field(min_length=1, max_length=200)


@router.post(
    "/recruitment/files/{file_id}/extend",
    response={200: RecruitmentFileDetailOut, **WRITE_ERRORS},
    summary="Extend probation",
    url_name="recruitment_file_extend",
)
def file_extend(request, file_id: int, payload: RecruitmentExtendIn):
    """Extend a probationary member's probation, once, by 6 to 12 months."""
    dossier = selectors.file_get(user=request.auth_user, pk=file_id)
    on = payload.on or timezone.localdate()
    services.probation_extend(
        actor=request.auth_user, dossier=dossier, months=payload.months, on=on, reason=payload.reason
    )
    return _detail(request.auth_user, file_id)


class RecruitmentPlanOut(Schema):
    org: str
    org_name: str
    year: int
    planned: int
    actual: int = Field(description="Admissions approved that year on files of the org's subtree.")
    note: str


class RecruitmentPlanIn(Schema):
    model_config = ConfigDict(extra="forbid")

    org: str = Field(max_length=40)
    year: int = Field(ge=2000, le=2100)
    planned: int = Field(ge=0, le=1000)
    note: str = Field("", max_length=200)


def _plan_rows(user, org: PartyOrg, year: int) -> list[dict]:
    return [
        {
            "org": r["org"].code,
            "org_name": r["org"].name,
            "year": year,
            "planned": r["planned"],
            "actual": r["actual"],
            "note": r["plan"].note,
        }
        for r in selectors.plans(user=user, org=org, year=year)
    ]


@router.get(
    "/recruitment/plans",
    response={200: list[RecruitmentPlanOut], **LIST_ERRORS},
    summary="Recruitment plans against actual",
    url_name="recruitment_plans",
)
def plan_list(request, year: int = Query(None, ge=2000, le=2100), org: str | None = None):  # noqa: B008
    """Each org's plan for the year (default this year) under `org` (default the top of your scope), with the actual
    admissions."""
    user = request.auth_user
    if not can_anywhere(user, "recruitment", VIEW):
        return []
    top = selectors.visible_org(user=user, code=org)
    return _plan_rows(user, top, year or timezone.localdate().year)


@router.put(
    "/recruitment/plans",
    response={200: RecruitmentPlanOut, **WRITE_ERRORS},
    summary="Set a recruitment plan",
    url_name="recruitment_plan_save",
)
def plan_save(request, payload: RecruitmentPlanIn):
    """Set (or change) an org's plan for a year."""
    user = request.auth_user
    if not can_anywhere(user, "recruitment", ADD):
        raise NotPermitted(_("You do not have permission to do this."))
    org = PartyOrg.objects.restrict(user, VIEW).filter(code=payload.org).first()
    if org is None:
        raise _unknown("org", payload.org)
    plan = services.plan_save(actor=user, org=org, year=payload.year, planned=payload.planned, note=payload.note)
    rows = [r for r in _plan_rows(user, org, plan.year) if r["org"] == org.code]
    return rows[0]
