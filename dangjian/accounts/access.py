"""What core's scoping and API authentication read from the accounts app (core/capabilities.py, `provider("access")`):
core names no app, so the one app that holds role assignments and API tokens provides them here."""

from __future__ import annotations

from dangjian.accounts.models import ApiToken, RoleAssignment


def assignments(user) -> list[tuple[str, str | None, str | None]]:
    """(role, org path, org kind) for the user's active assignments (path None for a global role)."""
    rows = RoleAssignment.objects.active().filter(user=user).values_list("role", "org__path", "org__kind")
    return [(role, path or None, kind) for role, path, kind in rows]


def find_token(secret: str) -> ApiToken | None:
    """The live API token with this secret, with its user, or None."""
    return ApiToken.objects.find(secret)
