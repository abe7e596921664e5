"""Attendance: the roster of a meeting and the one place where each row's final status is written.

Other capabilities hear of attendance through events (settings.EVENT_SUBSCRIBERS): `attendance_settled` is called once
per meeting write, inside the transaction, and publishes "meeting_attendance_settled" with every row whose final status
changed and what it was before (member points award and withdraw from it, idempotently, so a second save awards
nothing twice)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from dangjian.core import events
from dangjian.core.errors import InvalidInput
from dangjian.meetings.models import Attendance, Meeting, MeetingType
from dangjian.org.models import CommitteeSeat, PartyOrg, Person

PARTY = (Person.PartyStatus.MEMBER, Person.PartyStatus.PROBATIONARY)
# A roster bigger than this is not one meeting's (a whole committee's subtree): refuse rather than write thousands.
ROSTER_MAX = 300


@dataclass
class Mark:
    """What the recorder says about one person: present, on leave (with a reason) or absent."""

    person: Person
    status: str
    reason: str = ""


def roster(*, org: PartyOrg, meeting_type: str, on=None) -> list[Person]:
    """Who is expected at a meeting: a 支委会's committee (seats held on the day); a party group's members; otherwise
    the org's party members (full and probationary) on the roll, below it for a 总支 or 党委. One query."""
    people = Person.objects.filter(active=True, party_status__in=PARTY)
    if meeting_type == MeetingType.COMMITTEE:
        seats = CommitteeSeat.objects.filter(org=org)
        if on is not None:
            seats = seats.filter(Q(since__isnull=True) | Q(since__lte=on)).filter(
                Q(until__isnull=True) | Q(until__gte=on)
            )
        people = Person.objects.filter(pk__in=seats.values("person_id"))
    elif org.kind == PartyOrg.Kind.GROUP:
        people = people.filter(group=org)
    elif org.is_branch:
        people = people.filter(branch=org)
    else:
        people = people.filter(branch__path__startswith=org.path)
    return list(people.order_by("employee_no")[: ROSTER_MAX + 1])


def quorum(rows: list[Attendance]) -> tuple[int, int, bool]:
    """(voting members present, voting members, more than half present?) for a meeting's rows."""
    voting = [r for r in rows if r.voting]
    present = sum(1 for r in voting if r.status == Attendance.Status.PRESENT)
    return present, len(voting), 2 * present > len(voting)


def attendance_settled(*, meeting: Meeting, changes: list[tuple[Attendance, str | None]]) -> None:
    """Called once per meeting write with (row, status before or None for a new row) for every row whose status is
    now final; the rows whose status changed are published as "meeting_attendance_settled" (member points listen)."""
    changes = [(row, before) for row, before in changes if before != row.status]
    if changes:
        events.publish("meeting_attendance_settled", meeting=meeting, changes=changes)


def attendance_withdrawn(*, meeting: Meeting) -> None:
    """A meeting deleted as a mistake never happened: "meeting_deleted" lets the points it gave or cost go."""
    events.publish("meeting_deleted", meeting=meeting)


def attendance_record(
    *, meeting: Meeting, marks: list[Mark], people: list[Person] | None = None, new: bool = False
) -> list[Attendance]:
    """Write the meeting's attendance: every person on the roster gets a row (absent unless marked), marks for people
    not on the roster are refused, a leave needs its reason. Existing rows are updated in place, rows of people no
    longer marked or on the roster are kept as they were. Returns all rows. Called by the meeting services inside
    their transaction (they check permission and write the audit row). `people` is the roster when the caller has
    just read it; `new` says the meeting was just created (it has no rows yet)."""
    if people is None:
        people = roster(org=meeting.org, meeting_type=meeting.meeting_type, on=meeting.held_on)
    if len(people) > ROSTER_MAX:
        message = _("The roster has more than %(n)s people; record the meeting at the branch that held it.") % {
            "n": ROSTER_MAX
        }
        raise InvalidInput(message, errors={"attendance": [message]})
    existing = (
        {} if new else {a.person_id: a for a in Attendance.objects.filter(meeting=meeting).select_related("person")}
    )
    by_id = {p.pk: p for p in people}
    wanted: dict[int, Mark] = {p.pk: Mark(p, Attendance.Status.ABSENT) for p in people}
    # People recorded before who have left the roll since stay on the record and may still be corrected.
    for pk, row in existing.items():
        by_id.setdefault(pk, row.person)
    strangers, no_reason = [], []
    for mark in marks:
        if mark.person.pk not in by_id:
            strangers.append(str(mark.person))
            continue
        if mark.status not in Attendance.Status.values:
            message = _("Unknown attendance status.")
            raise InvalidInput(message, errors={"attendance": [message]})
        if mark.status == Attendance.Status.LEAVE and not (mark.reason or "").strip():
            no_reason.append(mark.person.name)
        wanted[mark.person.pk] = mark
    if strangers:
        message = _("Not on this meeting's roster: %(people)s.") % {"people": "、".join(strangers)}
        raise InvalidInput(message, errors={"attendance": [message]})
    if no_reason:
        message = _("Give the reason for the leave of %(people)s.") % {"people": "、".join(no_reason)}
        raise InvalidInput(message, errors={"attendance": [message]})
    added, changed, changes = [], [], []
    for pk, mark in wanted.items():
        reason = (mark.reason or "").strip()[:200] if mark.status == Attendance.Status.LEAVE else ""
        row = existing.get(pk)
        voting = by_id[pk].party_status == Person.PartyStatus.MEMBER
        if row is None:
            row = Attendance(meeting=meeting, person=by_id[pk], status=mark.status, reason=reason, voting=voting)
            added.append(row)
            changes.append((row, None))
        elif (row.status, row.reason) != (mark.status, reason):
            changes.append((row, row.status))
            row.status, row.reason = mark.status, reason
            changed.append(row)
    Attendance.objects.bulk_create(added)
    Attendance.objects.bulk_update(changed, ["status", "reason"])
    attendance_settled(meeting=meeting, changes=changes)
    return sorted([*existing.values(), *added], key=lambda a: by_id[a.person_id].employee_no)
