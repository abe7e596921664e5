"""What the meetings app offers the archive (core/archiving.py): each meeting's record (会议记录), filed under
组织生活 by the meeting's org and the year it was held, rendered as the same A4 PDF the meeting page prints."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.utils.html import strip_tags

from dangjian.core.archiving import Document, Record, Source
from dangjian.meetings.models import Attendance, FollowUp, Meeting


def records(*, org_paths: list[str], year: int):
    where = Q(pk__in=[])
    for path in org_paths:
        where |= Q(org__path__startswith=path)
    rows = Meeting.objects.filter(where, held_on__year=year).order_by("held_on", "id")
    for meeting in rows.values("pk", "org_id", "held_on", "meeting_type", "topic", "agenda", "minutes"):
        label = Meeting(meeting_type=meeting["meeting_type"]).get_meeting_type_display()
        yield Record(
            object_id=meeting["pk"],
            org_id=meeting["org_id"],
            year=year,
            title=f"{meeting['held_on']:%Y-%m-%d} {label}：{meeting['topic']}",
            text=" ".join([meeting["topic"], meeting["agenda"], strip_tags(meeting["minutes"])])[:2000],
            day=meeting["held_on"],
        )


def render(object_id: int) -> Document | None:
    from dangjian.meetings.pdf import meeting_pdf

    meeting = (
        Meeting.objects.select_related("org", "host", "recorder", "lecturer")
        .prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.select_related("person").order_by("person_id")),
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner")),
            "attachments",
        )
        .filter(pk=object_id)
        .first()
    )
    if meeting is None:
        return None
    return Document(content=meeting_pdf(meeting), filename=f"meeting-{meeting.pk}.pdf")


SOURCES = [Source(code="meetings.record", label="Meeting records", category="LIFE", records=records, render=render)]
