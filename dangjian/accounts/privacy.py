"""What the audit administrator may not read of the accounts app's rows (core/audit_masking.py)."""

SENSITIVE_FIELDS = {"accounts.user": frozenset({"email", "first_name", "last_name"})}
