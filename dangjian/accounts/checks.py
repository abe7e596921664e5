"""`manage.py check --database default` reports accounts that break 三员分立 (an install from before the rule)."""

from __future__ import annotations

from django.core.checks import Warning, register
from django.db import DatabaseError


@register("database")
def separation_of_duties(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    from dangjian.accounts.separation import breaches

    try:
        found = breaches()
    except DatabaseError:  # not migrated yet: nothing to check
        return []
    return [
        Warning(
            f"Account {username} holds {', '.join(roles)}: the system, security and audit administrator roles must "
            "each be held alone (三员分立).",
            hint="Take the extra roles away on the roles page (security administrator).",
            id="accounts.W001",
        )
        for username, roles in found
    ]
