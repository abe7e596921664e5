"""What the audit administrator may not read of the org app's rows (core/audit_masking.py, core/capabilities.py)."""

PERSON_FIELDS = frozenset(
    {
        "phone",
        "birth_date",
        "gender",
        "education",
        "id_number",
        "address",
        # Political status is personal data: the status and the dates of every step on the way to membership.
        "party_status",
        "applied_on",
        "activist_on",
        "candidate_on",
        "probationary_on",
        "full_member_on",
    }
)

SENSITIVE_FIELDS = {
    "org.person": PERSON_FIELDS,
    "org.statuschange": frozenset({"from_status", "to_status", "on", "note"}),
}
# A person's audit comment is free text about them (a party status note).
SENSITIVE_COMMENTS = frozenset({"org.person"})
