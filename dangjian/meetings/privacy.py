"""What the audit administrator may not read of the meetings app's rows (core/audit_masking.py)."""

SENSITIVE_FIELDS = {
    "meetings.attendance": frozenset({"reason"}),
    # A meeting's row carries its attendance as {person id: "status:reason"}; an absence reason can be medical.
    "meetings.meeting": frozenset({"attendance"}),
}
