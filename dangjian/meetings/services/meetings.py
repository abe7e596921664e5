"""Writes for meetings: record one (with its attendance and follow-up actions), change it, mark an action done, attach
a file; and a company's frequency rules. Each service checks permission, validates and writes its audit row in the
same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.errors import InvalidInput
from dangjian.core.models import AuditLog
from dangjian.core.services import is_system, require_at, save_audited, validate
from dangjian.meetings.models import (
    VOTING_TYPES,
    Attendance,
    FollowUp,
    Meeting,
    MeetingAttachment,
    MeetingRule,
    MeetingType,
)
from dangjian.meetings.sanitise import clean_html
from dangjian.meetings.services import reminders
from dangjian.meetings.services.attendance import Mark, attendance_record, attendance_withdrawn, quorum
from dangjian.org.models import PartyOrg, Person

MEETING_FIELDS = ("topic", "location", "host", "recorder", "lecturer", "agenda", "minutes", "vote_held", "checklist")
# Seed 002's standard procedure for 三会一课: before (preparation), during (study, report, discuss, summarise, assign
# people and duties), after (the actions followed up).
CHECKLIST = (
    ("prepared", "before"),
    ("studied", "during"),
    ("reported", "during"),
    ("discussed", "during"),
    ("summarised", "during"),
    ("assigned", "during"),
    ("followed_up", "after"),
)
CHECK_KEYS = tuple(k for k, _phase in CHECKLIST)
ATTACHMENT_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".pptx"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


@dataclass
class ActionIn:
    """A follow-up action to add: what, who, by when."""

    text: str
    owner: Person
    due_on: dt.date
    # A record written after the fact (paper minutes moved in) may carry actions already done.
    done_on: dt.date | None = None


def _snapshot(meeting: Meeting, rows: list[Attendance] | None = None, actions: list[FollowUp] | None = None) -> dict:
    """The meeting's fields with its attendance and actions (read from the database unless the caller has them)."""
    rows = list(Attendance.objects.filter(meeting=meeting)) if rows is None else rows
    actions = list(FollowUp.objects.filter(meeting=meeting)) if actions is None else actions
    data = audit.snapshot(meeting)
    data["attendance"] = {str(a.person_id): a.status + (f":{a.reason}" if a.reason else "") for a in rows}
    data["follow_ups"] = [[a.text, a.owner_id, a.due_on.isoformat()] for a in actions]
    return data


def _check_org(org: PartyOrg, meeting_type: str, held_on: dt.date) -> None:
    if (meeting_type == MeetingType.GROUP) != (org.kind == PartyOrg.Kind.GROUP):
        message = (
            _("A party group meeting is held by a party group.")
            if meeting_type == MeetingType.GROUP
            else _("A party group holds party group meetings.")
        )
        raise InvalidInput(message, errors={"meeting_type": [message]})
    if held_on > timezone.localdate():
        message = _("The meeting cannot be recorded before it is held.")
        raise InvalidInput(message, errors={"held_on": [message]})
    if (org.founded_on and held_on < org.founded_on) or (org.dissolved_on and held_on > org.dissolved_on):
        message = _("%(org)s did not exist on that day.") % {"org": org.name}
        raise InvalidInput(message, errors={"held_on": [message]})


def _apply(meeting: Meeting, fields: dict) -> None:
    extra = set(fields) - set(MEETING_FIELDS)
    if extra:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(extra))})
    for name, value in fields.items():
        if name == "minutes":
            value = clean_html(value)
        elif name == "checklist":
            value = {k: bool((value or {}).get(k)) for k in CHECK_KEYS}
        elif name in ("topic", "location", "agenda"):
            value = (value or "").strip()
        setattr(meeting, name, value)


def _check_quorum(meeting: Meeting, rows: list[Attendance]) -> None:
    """A vote (党员大会 resolutions) needs more than half of the voting (full) members present."""
    if not meeting.vote_held:
        return
    if meeting.meeting_type not in VOTING_TYPES:
        message = _("Only a branch general assembly votes on resolutions.")
        raise InvalidInput(message, errors={"vote_held": [message]})
    present, voting, ok = quorum(rows)
    if not ok:
        message = _(
            "A vote needs more than half of the %(voting)s voting members present; %(present)s were. "
            "Record the meeting without the vote."
        ) % {"voting": voting, "present": present}
        raise InvalidInput(message, errors={"vote_held": [message]})


def _add_actions(meeting: Meeting, actions: list[ActionIn]) -> list[FollowUp]:
    rows = []
    for action in actions:
        row = FollowUp(
            meeting=meeting, text=action.text.strip(), owner=action.owner, due_on=action.due_on, done_on=action.done_on
        )
        if row.due_on and row.due_on < meeting.held_on:
            message = _("An action cannot be due before the meeting.")
            raise InvalidInput(message, errors={"follow_ups": [message]})
        if row.done_on and row.done_on < meeting.held_on:
            message = _("An action cannot be done before the meeting.")
            raise InvalidInput(message, errors={"follow_ups": [message]})
        validate(row)
        rows.append(row)
    FollowUp.objects.bulk_create(rows)
    return rows


@transaction.atomic
def meeting_record(
    *,
    actor,
    org: PartyOrg,
    meeting_type: str,
    held_on: dt.date,
    counts_for: dt.date | None = None,
    attendance: list[Mark] = (),
    follow_ups: list[ActionIn] = (),
    expected: list[Person] | None = None,
    **fields,
) -> Meeting:
    """Record a meeting `org` held: the org's people on the roster are marked from `attendance` (absent unless
    marked), resolutions become follow-up actions, the minutes are sanitised. `counts_for` (a day of an earlier
    period) records a late meeting that makes up for that period. `expected` is the roster when the caller has just
    read it with `roster(...)` (a bulk loader), to save reading it again. Needs the meeting add grant over the org."""
    require_at(actor, "meeting", "add", org)
    if meeting_type not in MeetingType.values:
        raise InvalidInput(_("Unknown meeting type."), errors={"meeting_type": [_("Unknown meeting type.")]})
    _check_org(org, meeting_type, held_on)
    meeting = Meeting(org=org, meeting_type=meeting_type, held_on=held_on, counts_for=counts_for or held_on)
    meeting.created_by = None if is_system(actor) else actor
    _apply(meeting, {"checklist": {}, **fields})
    validate(meeting)
    meeting.save()
    rows = attendance_record(meeting=meeting, marks=list(attendance), people=expected, new=True)
    _check_quorum(meeting, rows)
    actions = _add_actions(meeting, list(follow_ups))
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=meeting, after=_snapshot(meeting, rows, actions))
    # The period's reminder asked for this meeting: done for everyone reminded, whoever recorded it.
    reminders.reminders_done(org=org, meeting_type=meeting_type)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor,
    meeting: Meeting,
    held_on: dt.date | None = None,
    counts_for: dt.date | None = None,
    attendance: list[Mark] | None = None,
    follow_ups: list[ActionIn] = (),
    **fields,
) -> Meeting:
    """Change a meeting's record: its fields, its attendance (when given; people not marked become absent) and new
    follow-up actions. The org and type stay; a mistaken one is deleted and recorded again."""
    meeting = Meeting.objects.select_for_update().select_related("org").get(pk=meeting.pk)
    require_at(actor, "meeting", "change", meeting.org)
    before = _snapshot(meeting)
    if held_on is not None:
        _check_org(meeting.org, meeting.meeting_type, held_on)
        if meeting.counts_for == meeting.held_on and counts_for is None:
            meeting.counts_for = held_on
        meeting.held_on = held_on
    if counts_for is not None:
        meeting.counts_for = counts_for
    _apply(meeting, fields)
    validate(meeting)
    meeting.save()
    if attendance is not None:
        rows = attendance_record(meeting=meeting, marks=list(attendance))
    else:
        rows = list(Attendance.objects.filter(meeting=meeting))
    _check_quorum(meeting, rows)
    _add_actions(meeting, list(follow_ups))
    after = _snapshot(meeting)
    if audit.changes(before, after):
        audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=meeting, before=before, after=after)
    reminders.reminders_done(org=meeting.org, meeting_type=meeting.meeting_type)  # a date moved into a period
    return meeting


@transaction.atomic
def meeting_delete(*, actor, meeting: Meeting) -> None:
    """Delete a meeting recorded by mistake, with its attendance, actions and attachments (needs the delete grant)."""
    meeting = Meeting.objects.select_for_update().select_related("org").get(pk=meeting.pk)
    require_at(actor, "meeting", "delete", meeting.org)
    before = _snapshot(meeting)
    audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=meeting, before=before)
    attendance_withdrawn(meeting=meeting)
    meeting.delete()


@transaction.atomic
def follow_up_done(*, actor, follow_up: FollowUp, done_on: dt.date | None) -> FollowUp:
    """Mark a follow-up action done on `done_on` (None reopens it)."""
    follow_up = FollowUp.objects.select_for_update().select_related("meeting__org").get(pk=follow_up.pk)
    require_at(actor, "meeting", "change", follow_up.meeting.org)
    if done_on and done_on < follow_up.meeting.held_on:
        message = _("An action cannot be done before the meeting.")
        raise InvalidInput(message, errors={"done_on": [message]})
    before = audit.snapshot(follow_up)
    follow_up.done_on = done_on
    follow_up.save(update_fields=["done_on"])
    audit.record(
        actor=actor, action=AuditLog.Action.UPDATE, obj=follow_up, before=before, after=audit.snapshot(follow_up)
    )
    return follow_up


@transaction.atomic
def attachment_add(*, actor, meeting: Meeting, upload) -> MeetingAttachment:
    """Keep a file with the meeting: PDF, pictures or Office documents up to 10 MB."""
    require_at(actor, "meeting", "change", meeting.org)
    name = (upload.name or "").rsplit("/", 1)[-1][-120:]
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix not in ATTACHMENT_TYPES:
        message = _("Attach a PDF, a picture (JPG, PNG) or an Office document (DOCX, XLSX, PPTX).")
        raise InvalidInput(message, errors={"file": [message]})
    if upload.size > ATTACHMENT_MAX_BYTES:
        message = _("The file is larger than 10 MB.")
        raise InvalidInput(message, errors={"file": [message]})
    row = MeetingAttachment(
        meeting=meeting, name=name, size=upload.size, uploaded_by=None if is_system(actor) else actor
    )
    row.file.save(name, upload, save=False)
    row.save()
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=row, after=audit.snapshot(row, exclude=("file",)))
    return row


@transaction.atomic
def rule_save(*, actor, company: PartyOrg, meeting_type: str, **fields) -> MeetingRule:
    """Set how often the company expects one type of meeting (党群工作部 at the company: meeting change grant there).
    The first rule a company saves also stores the other defaults, so from then on its rules are all its own."""
    from dangjian.meetings.rules import default_rules

    require_at(actor, "meeting", "change", company)
    if company.parent_id:
        raise InvalidInput(_("Meeting rules are set for the whole company, at its party committee."))
    if not MeetingRule.objects.filter(company=company).exists():
        MeetingRule.objects.bulk_create(default_rules(company.pk))
    rule = MeetingRule.objects.select_for_update().get(company=company, meeting_type=meeting_type)
    before = audit.snapshot(rule)
    for name, value in fields.items():
        if name not in ("period", "times", "org_kinds", "min_full_members", "remind_days", "active"):
            raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": name})
        setattr(rule, name, value)
    save_audited(rule, actor=actor, before=before)
    return rule
