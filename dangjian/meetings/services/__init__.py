"""The meeting services (writes), re-exported so callers import from one place."""

from dangjian.meetings.services.attendance import Mark, attendance_record, roster
from dangjian.meetings.services.meetings import (
    CHECKLIST,
    ActionIn,
    attachment_add,
    follow_up_done,
    meeting_delete,
    meeting_record,
    meeting_update,
    rule_save,
)
from dangjian.meetings.services.reminders import reminders_send

__all__ = [
    "CHECKLIST",
    "ActionIn",
    "Mark",
    "attachment_add",
    "attendance_record",
    "follow_up_done",
    "meeting_delete",
    "meeting_record",
    "meeting_update",
    "reminders_send",
    "roster",
    "rule_save",
]
