"""三员分立 as a rule, decided here only: the system, security and audit administrator roles are mutually exclusive and
each excludes every other role (business roles and the MES/ERP integration account alike). An account holding two of
them could both act and erase the traces of acting, or read the business data its role is meant never to see.

`role_assign` refuses a forbidden combination; `breaches()` finds the ones an older install already holds, for the
roles page and `manage.py check --database default`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from dangjian.core.permissions import Role

ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})


def clash(held: Iterable[str], new: str) -> str | None:
    """The role already held that `new` may not be combined with, or None when the combination is allowed."""
    for role in sorted(set(held)):
        if role != new and (new in ADMIN_ROLES or role in ADMIN_ROLES):
            return role
    return None


def current_or_future(queryset):
    """Assignments that grant, or will grant, something: an ended assignment no longer counts."""
    return queryset.filter(Q(until__isnull=True) | Q(until__gte=timezone.localdate()))


def held_roles(user) -> set[str]:
    from dangjian.accounts.models import RoleAssignment

    return set(current_or_future(RoleAssignment.objects.filter(user=user)).values_list("role", flat=True))


def breaches() -> list[tuple[str, list[str]]]:
    """(username, sorted roles) of every account whose current roles break the rule, by username."""
    from dangjian.accounts.models import RoleAssignment

    admins = current_or_future(RoleAssignment.objects.filter(role__in=ADMIN_ROLES)).values("user_id")
    rows = current_or_future(RoleAssignment.objects.filter(user_id__in=admins)).values_list("user__username", "role")
    roles: dict[str, set[str]] = defaultdict(set)
    for username, role in rows:
        roles[username].add(role)
    return [(name, sorted(held)) for name, held in sorted(roles.items()) if len(held) > 1]
