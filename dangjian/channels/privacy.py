"""What the audit administrator may not read of the channels app's rows (core/audit_masking.py): a mobile number or a
WeCom / DingTalk userid is personal contact data."""

SENSITIVE_FIELDS = {"channels.channeladdress": frozenset({"address"})}
