"""What the audit administrator may not read of the transfers app's rows (core/audit_masking.py): the incoming
person's party status and where a floating member is and how to reach them are personal data."""

SENSITIVE_FIELDS = {
    "transfers.transfer": frozenset({"gender", "party_status", "status_since", "reason", "note"}),
    "transfers.floatingmember": frozenset({"location", "contact", "contact_method", "local_org", "reason", "note"}),
}
SENSITIVE_COMMENTS = frozenset({"transfers.transfer", "transfers.floatingmember"})
