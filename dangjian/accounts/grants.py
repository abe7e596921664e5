"""Grants on the accounts app's resources (merged into core.permissions.GRANTS, see core/capabilities.py): "account"
(user accounts), "role" (role assignments) and "token" (API tokens). The system administrator manages accounts, the
security administrator manages roles and tokens — listing and revoking them, never seeing their secret (三员分立)."""

from dangjian.core.permissions import ALL, DELETE, VIEW, Role

GRANTS = {
    Role.SYSTEM_ADMIN: {"account": ALL},
    Role.SECURITY_ADMIN: {"role": ALL, "account": frozenset({VIEW}), "token": frozenset({VIEW, DELETE})},
}
