"""Organisational life in the API: an org's compliance over a year, and meetings (list, read, record one with its
attendance by employee number)."""

import datetime as dt

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination, get_in_scope, resolve
from dangjian.core.errors import InvalidInput
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import can_at
from dangjian.meetings import selectors, services
from dangjian.meetings.models import Attendance, Meeting, MeetingType
from dangjian.org.models import PartyOrg, Person

router = Router(tags=["meetings"])


class ComplianceQuery(Schema):
    year: int = Field(ge=1990, le=2200, description="The calendar year, YYYY.")


class RuleOut(Schema):
    meeting_type: str = Field(description="Meeting type code, e.g. general_assembly, themed_day.")
    period: str = Field(description="month, quarter or year.")
    expected: int = Field(description="Meetings expected over the periods of the year that have ended.")
    held: int = Field(description="Meetings held for those periods (at most the expected number per period).")
    missing: list[str] = Field(description="Periods without their meetings: YYYY-MM, YYYY-Qn or YYYY.")


class ComplianceOut(Schema):
    org: str
    year: int
    rules: list[RuleOut]


class MarkIn(Schema):
    model_config = ConfigDict(extra="forbid")

    employee_no: str = Field(max_length=30)
    status: Attendance.Status
    reason: str = Field("", max_length=200, description="Required for on leave.")


class ActionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=300)
    owner: str = Field(max_length=30, description="The owner's employee number.")
    due_on: dt.date


class MeetingIn(Schema):
    """A meeting to record. People are named by employee number; everyone on the roster not in `attendance` is
    recorded absent."""

    model_config = ConfigDict(extra="forbid")

    org: str = Field(max_length=40, description="Code of the org that held it.")
    meeting_type: MeetingType
    held_on: dt.date
    counts_for: dt.date | None = Field(None, description="For a late meeting: a day of the period it makes up for.")
    topic: str = Field(min_length=1, max_length=200)
    location: str = Field("", max_length=100)
    host: str | None = Field(None, max_length=30)
    recorder: str | None = Field(None, max_length=30)
    lecturer: str | None = Field(None, max_length=30)
    agenda: str = Field("", max_length=4000)
    minutes: str = Field("", max_length=50000, description="HTML; anything outside simple formatting is removed.")
    vote_held: bool = False
    checklist: dict[str, bool] = Field({}, description="prepared, studied, reported, discussed, summarised, ...")
    attendance: list[MarkIn] = Field([], max_length=300)
    follow_ups: list[ActionIn] = Field([], max_length=50)


class AttendanceOut(Schema):
    employee_no: str
    name: str
    status: str
    reason: str
    voting: bool


class MeetingOut(Schema):
    id: int
    org: str
    meeting_type: str
    held_on: dt.date
    counts_for: dt.date
    topic: str
    vote_held: bool

    @staticmethod
    def resolve_org(obj) -> str:
        return obj["org"] if isinstance(obj, dict) else obj.org.code


class MeetingDetailOut(MeetingOut):
    location: str
    host: str | None
    recorder: str | None
    lecturer: str | None
    agenda: str
    minutes: str
    checklist: dict
    attendance: list[AttendanceOut]


class MeetingFilters(Schema):
    org: str | None = Field(None, max_length=40, description="Only meetings of this org and the orgs below it.")
    meeting_type: MeetingType | None = None
    year: int | None = Field(None, ge=1990, le=2200)


def meeting_out(m: Meeting) -> dict:
    return {
        "id": m.pk,
        "org": m.org.code,
        "meeting_type": m.meeting_type,
        "held_on": m.held_on,
        "counts_for": m.counts_for,
        "topic": m.topic,
        "vote_held": m.vote_held,
    }


def detail_out(m: Meeting) -> dict:
    return meeting_out(m) | {
        "location": m.location,
        "host": m.host.employee_no if m.host_id else None,
        "recorder": m.recorder.employee_no if m.recorder_id else None,
        "lecturer": m.lecturer.employee_no if m.lecturer_id else None,
        "agenda": m.agenda,
        "minutes": m.minutes,
        "checklist": m.checklist,
        "attendance": [
            {
                "employee_no": a.person.employee_no,
                "name": a.person.name,
                "status": a.status,
                "reason": a.reason,
                "voting": a.voting,
            }
            for a in m.attendance.all()
        ],
    }


@router.get(
    "/orgs/{code}/compliance",
    response={200: ComplianceOut, **LIST_ERRORS},
    summary="Meeting compliance of an org over a year",
)
def org_compliance(request, code: str, query: Query[ComplianceQuery]):
    """For each rule that applies to the org: meetings expected and held over the periods of the year that have
    ended, and the missing periods. A period is due when the org existed for at least half of it; a late meeting
    counts for the period it makes up for."""
    org = get_in_scope(PartyOrg.objects.restrict(request.auth_user, VIEW), code=code)
    if not can_at(request.auth_user, "meeting", VIEW, org):
        raise Http404
    results = selectors.org_compliance(org=org, year=query.year, today=timezone.localdate())
    rules = [
        {
            "meeting_type": r.meeting_type,
            "period": r.period,
            "expected": r.expected,
            "held": r.held,
            "missing": r.missing,
        }
        for r in results
    ]
    return {"org": org.code, "year": query.year, "rules": rules}


@router.get("/meetings", response={200: list[MeetingOut], **LIST_ERRORS}, summary="List meetings")
@paginate(Pagination)
def meeting_list(request, filters: Query[MeetingFilters]):
    """The meetings you may see, newest first."""
    wanted = selectors.MeetingFilters(
        org=filters.org or "",
        meeting_type=filters.meeting_type.value if filters.meeting_type else "",
        year=filters.year,
    )
    return selectors.meeting_list(user=request.auth_user, filters=wanted)


@router.get("/meetings/{meeting_id}", response={200: MeetingDetailOut, **READ_ERRORS}, summary="Read a meeting")
def meeting_detail(request, meeting_id: int):
    return detail_out(selectors.meeting_get(user=request.auth_user, pk=meeting_id))


def _people(user, numbers: set[str]) -> dict[str, Person]:
    """The people named in a request, by employee number, among those the caller may see; unknown ones → 400."""
    found = {p.employee_no: p for p in Person.objects.restrict(user, VIEW).filter(employee_no__in=numbers)}
    unknown = sorted(numbers - set(found))
    if unknown:
        message = _("Unknown employee numbers, or people you do not have access to: %(numbers)s.") % {
            "numbers": ", ".join(unknown)
        }
        raise InvalidInput(message, errors={"attendance": [message]})
    return found


@router.post("/meetings", response={201: MeetingDetailOut, **WRITE_ERRORS}, summary="Record a meeting")
def meeting_create(request, payload: MeetingIn):
    """Record a meeting with its attendance by employee number (everyone else on the roster is absent), its
    resolutions as follow-up actions, and the procedure checklist. A vote needs more than half of the full members
    present."""
    user = request.auth_user
    org = resolve(PartyOrg.objects.restrict(user, VIEW), "org", payload.org, code=payload.org)
    named = {m.employee_no for m in payload.attendance} | {a.owner for a in payload.follow_ups}
    named |= {n for n in (payload.host, payload.recorder, payload.lecturer) if n}
    people = _people(user, named)
    meeting = services.meeting_record(
        actor=user,
        org=org,
        meeting_type=payload.meeting_type.value,
        held_on=payload.held_on,
        counts_for=payload.counts_for,
        topic=payload.topic,
        location=payload.location,
        host=people.get(payload.host or ""),
        recorder=people.get(payload.recorder or ""),
        lecturer=people.get(payload.lecturer or ""),
        agenda=payload.agenda,
        minutes=payload.minutes,
        vote_held=payload.vote_held,
        checklist=payload.checklist,
        attendance=[services.Mark(people[m.employee_no], m.status.value, m.reason) for m in payload.attendance],
        follow_ups=[services.ActionIn(a.text, people[a.owner], a.due_on) for a in payload.follow_ups],
    )
    return Status(201, detail_out(selectors.meeting_get(user=user, pk=meeting.pk)))
