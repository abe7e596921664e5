"""Where facts recorded by other capabilities become points, without those apps knowing about points.

Each function here is listed by name under the event it answers in settings.EVENT_SUBSCRIBERS and runs inside the
publisher's transaction, so the points are written with the fact or not at all:
- "project_accepted" (党建+X projects): each member (and leader) of the project gets the "project_role" rule's points;
- "meeting_attendance_settled" / "meeting_deleted": attendance earns or costs organisational-life points;
- "service_request_resolved" / "service_request_reopened": the handler of an employee concern earns the points.
- "drill_attendance_settled" (dangjian/talent): attending a drill or member lecture earns the drill points.
揭榜挂帅 (dangjian/posts) and winning teams (dangjian/value) call `auto_award` from their own services.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core.i18n import in_site_language
from dangjian.points.services import auto_award, auto_withdraw, sources_in_force


@in_site_language()  # the reason is read by everyone later, whoever caused it
def award_project_members(*, project, actor) -> None:
    """Points for everyone on an accepted project, once per project and person."""
    from dangjian.projects.projects.models import ProjectMember

    day = timezone.localdate()
    for membership in ProjectMember.objects.filter(project=project).select_related("person__branch"):
        auto_award(
            source="project_role",
            source_obj=project,
            person=membership.person,
            occurred_on=day,
            note=f"{project.code} {project.title}（{membership.get_role_display()}）",
        )


# Attendance recorded once feeds points once (最多报一次): present earns the company's organisational-life points, an
# absence without leave costs them; leave is neither.
MEETING_SOURCES = {"present": "meeting_attendance", "absent": "meeting_absence"}


@in_site_language()  # the reason is read by everyone later, whoever caused it
def meeting_attendance_settled(*, meeting, changes) -> None:
    """`changes`: (attendance row, its status before or None for a new row) for every row whose final status changed.
    The points for the earlier status are withdrawn and those for the new one awarded (both idempotent)."""
    label = meeting.get_meeting_type_display()
    in_force = sources_in_force(org=meeting.org, on=meeting.held_on)
    for row, before in changes:
        if before in MEETING_SOURCES:
            auto_withdraw(source=MEETING_SOURCES[before], source_obj=row, person=row.person)
        if MEETING_SOURCES.get(row.status) in in_force:
            note = _("%(type)s on %(date)s: %(topic)s") % {
                "type": label,
                "date": meeting.held_on,
                "topic": meeting.topic,
            }
            auto_award(
                source=MEETING_SOURCES[row.status],
                source_obj=row,
                person=row.person,
                occurred_on=meeting.held_on,
                note=note[:300],
            )


def meeting_attendance_withdrawn(*, meeting) -> None:
    """A meeting deleted as a mistake never happened: the points its attendance gave or cost are withdrawn."""
    rows = meeting.attendance.filter(status__in=list(MEETING_SOURCES)).select_related("person")
    for row in rows:
        auto_withdraw(source=MEETING_SOURCES[row.status], source_obj=row, person=row.person)


@in_site_language()  # the reason is read by everyone later, whoever caused it
def service_request_resolved(*, request, actor) -> None:
    """The handler of a resolved employee concern earns the company's "service_request_resolved" points, once per
    request (idempotent)."""
    if request.handler_id:
        auto_award(
            source="service_request_resolved",
            source_obj=request,
            person=request.handler,
            occurred_on=request.resolved_on,
            note=_("Resolved employee concern %(number)s") % {"number": request.number},
        )


def service_request_reopened(*, request) -> None:
    """Not solved after all: the points for resolving it are withdrawn; resolving it again earns them again."""
    if request.handler_id:
        auto_withdraw(source="service_request_resolved", source_obj=request, person=request.handler)


@in_site_language()  # the reason is read by everyone later, whoever caused it
def drill_attendance_settled(*, drill, changes) -> None:
    """`changes`: (attendance row, present before or None for a new row) for every row of a drill or member lecture
    whose presence changed (or that was removed: `row.present` False). Present earns the company's
    "drill_attendance" points once per row and person; no longer present withdraws them (both idempotent)."""
    if "drill_attendance" not in sources_in_force(org=drill.org, on=drill.held_on):
        for row, before in changes:
            if before:
                auto_withdraw(source="drill_attendance", source_obj=row, person=row.person)
        return
    note = _("%(kind)s on %(date)s: %(topic)s") % {
        "kind": drill.get_kind_display(),
        "date": drill.held_on,
        "topic": drill.topic,
    }
    for row, before in changes:
        if row.present:
            auto_award(
                source="drill_attendance", source_obj=row, person=row.person, occurred_on=drill.held_on, note=note[:300]
            )
        elif before:
            auto_withdraw(source="drill_attendance", source_obj=row, person=row.person)
