"""Meeting services: roster and attendance, the quorum of a vote, minutes sanitised, follow-up actions, attachments,
permissions, audit rows, and the single attendance hook for points."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.errors import InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.meetings import services
from dangjian.meetings.models import Attendance, Meeting
from dangjian.meetings.services import ActionIn, Mark
from dangjian.org.models import Person
from tests.factories import PersonFactory, account_with_role

D = dt.date


def marks(people, status="present"):
    return [Mark(p, status) for p in people]


def full_members(branch):
    return list(Person.objects.filter(branch=branch, party_status="member").order_by("employee_no"))


def test_roster_is_filled_absent_unless_marked(company, big_branch):
    people = full_members(big_branch)
    meeting = services.meeting_record(
        actor=SYSTEM,
        org=big_branch,
        meeting_type="themed_day",
        held_on=D(2024, 5, 10),
        topic="学习条例",
        attendance=[Mark(people[0], "present"), Mark(people[1], "leave", "出差")],
    )
    rows = {a.person_id: a for a in meeting.attendance.all()}
    assert len(rows) == 9  # 7 full + 2 probationary members
    assert rows[people[0].pk].status == "present"
    assert (rows[people[1].pk].status, rows[people[1].pk].reason) == ("leave", "出差")
    assert rows[people[2].pk].status == "absent"
    assert sum(1 for a in rows.values() if a.voting) == 7


def test_leave_needs_reason_and_strangers_are_refused(company, big_branch):
    people = full_members(big_branch)
    with pytest.raises(InvalidInput) as exc:
        services.meeting_record(
            actor=SYSTEM,
            org=big_branch,
            meeting_type="themed_day",
            held_on=D(2024, 5, 10),
            topic="x",
            attendance=[Mark(people[0], "leave", " ")],
        )
    assert "attendance" in exc.value.errors
    with pytest.raises(InvalidInput, match="Not on this meeting's roster"):
        services.meeting_record(
            actor=SYSTEM,
            org=big_branch,
            meeting_type="themed_day",
            held_on=D(2024, 5, 10),
            topic="x",
            attendance=[Mark(company["person_b"], "present")],
        )
    assert not Meeting.objects.exists()


def test_quorum_needs_more_than_half_of_full_members(company, big_branch):
    """7 full members: 3 present is not more than half (refused, nothing written); 4 is. Probationary members present
    do not count."""
    people = full_members(big_branch)
    probationary = list(Person.objects.filter(branch=big_branch, party_status="probationary"))
    args = {
        "actor": SYSTEM,
        "org": big_branch,
        "meeting_type": "general_assembly",
        "held_on": D(2024, 6, 20),
        "topic": "接收预备党员",
        "vote_held": True,
    }
    with pytest.raises(InvalidInput, match="more than half of the 7 voting members present; 3 were"):
        services.meeting_record(**args, attendance=marks(people[:3] + probationary))
    assert not Meeting.objects.exists()
    meeting = services.meeting_record(**args, attendance=marks(people[:4]))
    assert meeting.vote_held
    with pytest.raises(InvalidInput):
        services.meeting_update(actor=SYSTEM, meeting=meeting, attendance=marks(people[:3]))
    assert Attendance.objects.filter(meeting=meeting, status="present").count() == 4


def test_only_general_assembly_votes(company, big_branch):
    with pytest.raises(InvalidInput) as exc:
        services.meeting_record(
            actor=SYSTEM, org=big_branch, meeting_type="themed_day", held_on=D(2024, 6, 1), topic="x", vote_held=True
        )
    assert "vote_held" in exc.value.errors


def test_committee_meeting_roster_is_the_committee(company, big_branch):
    meeting = services.meeting_record(
        actor=SYSTEM, org=big_branch, meeting_type="committee", held_on=D(2024, 6, 1), topic="研究发展党员"
    )
    assert [a.person_id for a in meeting.attendance.all()] == [company["person_a"].pk]


def test_type_must_fit_the_org_and_the_date(company):
    with pytest.raises(InvalidInput, match="held by a party group"):
        services.meeting_record(
            actor=SYSTEM, org=company["branch_a"], meeting_type="group", held_on=D(2024, 6, 1), topic="x"
        )
    with pytest.raises(InvalidInput, match="party group holds"):
        services.meeting_record(
            actor=SYSTEM, org=company["group_a"], meeting_type="themed_day", held_on=D(2024, 6, 1), topic="x"
        )
    with pytest.raises(InvalidInput, match="before it is held"):
        services.meeting_record(
            actor=SYSTEM, org=company["branch_a"], meeting_type="themed_day", held_on=D(2999, 1, 1), topic="x"
        )
    with pytest.raises(InvalidInput, match="did not exist"):
        services.meeting_record(
            actor=SYSTEM, org=company["branch_a"], meeting_type="themed_day", held_on=D(2010, 1, 1), topic="x"
        )
    with pytest.raises(InvalidInput) as exc:
        services.meeting_record(
            actor=SYSTEM, org=company["branch_a"], meeting_type="lecture", held_on=D(2024, 6, 1), topic="x"
        )
    assert "lecturer" in exc.value.errors
    with pytest.raises(InvalidInput) as exc:
        services.meeting_record(
            actor=SYSTEM,
            org=company["branch_a"],
            meeting_type="review",
            held_on=D(2024, 6, 1),
            counts_for=D(2024, 7, 1),
            topic="x",
        )
    assert "counts_for" in exc.value.errors


def test_minutes_are_sanitised_and_checklist_kept(company):
    meeting = services.meeting_record(
        actor=SYSTEM,
        org=company["branch_a"],
        meeting_type="themed_day",
        held_on=D(2024, 6, 1),
        topic="x",
        minutes='<p onclick="steal()">会议<script>alert(1)</script><a href="javascript:x">链接</a></p>',
        checklist={"prepared": True, "studied": "on", "bogus": True},
    )
    assert meeting.minutes == '<p>会议<a rel="noopener noreferrer">链接</a></p>'
    assert meeting.checklist["prepared"] and meeting.checklist["studied"] and not meeting.checklist["followed_up"]
    assert "bogus" not in meeting.checklist


def test_follow_ups_and_done(company):
    person = company["person_a"]
    meeting = services.meeting_record(
        actor=SYSTEM,
        org=company["branch_a"],
        meeting_type="themed_day",
        held_on=D(2024, 6, 1),
        topic="x",
        follow_ups=[ActionIn("整改现场隐患", person, D(2024, 6, 30))],
    )
    action = meeting.follow_ups.get()
    services.follow_up_done(actor=SYSTEM, follow_up=action, done_on=D(2024, 6, 20))
    action.refresh_from_db()
    assert action.done_on == D(2024, 6, 20)
    with pytest.raises(InvalidInput):
        services.meeting_update(actor=SYSTEM, meeting=meeting, follow_ups=[ActionIn("x", person, D(2024, 5, 1))])


def test_permission_and_audit(company, secretary_a):
    other = account_with_role("secretary", company["branch_b"], username="sec_b")
    with pytest.raises(NotPermitted):
        services.meeting_record(
            actor=other, org=company["branch_a"], meeting_type="themed_day", held_on=D(2024, 6, 1), topic="x"
        )
    meeting = services.meeting_record(
        actor=secretary_a,
        org=company["branch_a"],
        meeting_type="themed_day",
        held_on=D(2024, 6, 1),
        topic="x",
        attendance=[Mark(company["person_a"], "present")],
    )
    row = AuditLog.objects.get(object_type="meetings.meeting", action="create")
    assert row.actor == secretary_a
    assert row.after["attendance"] == {str(company["person_a"].pk): "present"}
    services.meeting_update(actor=secretary_a, meeting=meeting, attendance=[Mark(company["person_a"], "absent")])
    row = AuditLog.objects.get(object_type="meetings.meeting", action="update")
    assert row.before["attendance"] != row.after["attendance"]


def test_attendance_hook_called_once_per_write_with_final_changes(company, big_branch, monkeypatch):
    """The points capability hooks into attendance_settled: each write reports only rows that are new or changed."""
    calls = []
    monkeypatch.setattr(
        "dangjian.meetings.services.attendance.attendance_settled",
        lambda *, meeting, changes: calls.append([(a.person_id, a.status, before) for a, before in changes]),
    )
    people = full_members(big_branch)
    meeting = services.meeting_record(
        actor=SYSTEM,
        org=big_branch,
        meeting_type="themed_day",
        held_on=D(2024, 6, 1),
        topic="x",
        attendance=marks(people[:2]),
    )
    assert len(calls) == 1 and len(calls[0]) == 9
    services.meeting_update(actor=SYSTEM, meeting=meeting, attendance=marks(people[:2]))
    assert calls[1] == []  # saving the same attendance again reports nothing
    services.meeting_update(actor=SYSTEM, meeting=meeting, attendance=marks(people[:1]))
    assert calls[2] == [(people[1].pk, "absent", "present")]


def test_attachments_checked_for_type_and_size(company, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = services.meeting_record(
        actor=SYSTEM, org=company["branch_a"], meeting_type="themed_day", held_on=D(2024, 6, 1), topic="x"
    )
    row = services.attachment_add(actor=SYSTEM, meeting=meeting, upload=SimpleUploadedFile("签到表.pdf", b"%PDF-1.4"))
    assert (row.name, row.size) == ("签到表.pdf", 8)
    with pytest.raises(InvalidInput, match="Attach a PDF"):
        services.attachment_add(actor=SYSTEM, meeting=meeting, upload=SimpleUploadedFile("x.exe", b"MZ"))
    big = SimpleUploadedFile("big.pdf", b"0" * (10 * 1024 * 1024 + 1))
    with pytest.raises(InvalidInput, match="larger than 10 MB"):
        services.attachment_add(actor=SYSTEM, meeting=meeting, upload=big)
    assert meeting.attachments.count() == 1


def test_group_meeting_roster_is_the_group(company, hold):
    PersonFactory(branch=company["branch_a"], member=True)  # in the branch, not in the group
    meeting = hold(company["group_a"], "group", "2024-06-01")
    assert [a.person_id for a in meeting.attendance.all()] == [company["person_a"].pk]


def test_person_who_left_the_roll_stays_on_the_record_and_can_be_corrected(company, hold):
    leaver = PersonFactory(branch=company["branch_a"], member=True)
    meeting = hold(company["branch_a"], "themed_day", "2024-05-10")
    leaver.active = False
    leaver.save()
    services.meeting_update(actor=SYSTEM, meeting=meeting, attendance=[Mark(leaver, "leave", "调离前请假")])
    row = meeting.attendance.get(person=leaver)
    assert (row.status, row.reason) == ("leave", "调离前请假")
    assert meeting.attendance.count() == 2
