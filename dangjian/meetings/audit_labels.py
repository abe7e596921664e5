"""How the audit page names what the meetings app writes beside its models' fields (core/audit_display.py): a
meeting's row carries its attendance and follow-up actions, and its checklist's steps by their keys."""

from django.utils.translation import gettext_lazy as _

from dangjian.meetings.forms import CHECK_LABELS

KEYS = {
    "meetings.meeting": {
        "attendance": (_("attendance"), None),
        "follow_ups": (_("follow-up actions"), None),
        **{key: (label, None) for key, label in CHECK_LABELS.items()},
    },
    "meetings.meetingattachment": {"uploaded_by_id": (_("uploaded by"), None)},
}
