"""The handbook's section on a meeting's record (core/capabilities.py: `meeting_sections.py`): the procedure the
meeting follows, each step ticked when the meeting's data proves it (attendance, minutes, actions …) or when it was
ticked by hand, and the missing ones. Three queries."""

from __future__ import annotations

from dangjian.core.scoping import can_at
from dangjian.handbook import selectors


def meeting_sections(request, meeting) -> list[tuple[str, str, dict]]:
    checklist = selectors.meeting_checklist(meeting)
    if checklist is None:
        return []
    data = {
        "handbook_checklist": checklist,
        "handbook_may_tick": can_at(request.user, "meeting", "change", meeting.org),
        "procedure_shown": True,
    }
    return [("side", "handbook/_meeting_checklist.html", data)]
