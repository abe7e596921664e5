"""Reads for the account and role pages. Accounts and roles are global resources held only by system roles, so the
permission is "holds the grant over the whole system"; without it every selector returns nothing."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from dangjian.accounts.models import ApiToken, RoleAssignment, User
from dangjian.core.scoping import scope_for
from dangjian.org.models import PartyOrg, Person


def may(user, resource: str, action: str) -> bool:
    """Does `user` hold `action` on the global resource `resource` (account, role, audit, settings)?"""
    return scope_for(user, resource, action).everywhere


def account_list(*, user, q: str = "", status: str = "") -> QuerySet[User]:
    """Accounts matching a search on username, name or employee number, with their person and roles loaded."""
    if not may(user, "account", "view"):
        return User.objects.none()
    qs = User.objects.select_related("person").prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.select_related("org").order_by("role", "org"))
    )
    if q:
        qs = qs.filter(
            Q(username__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(person__name__icontains=q)
            | Q(person__employee_no__iexact=q)
        )
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "inactive":
        qs = qs.filter(is_active=False)
    return qs.order_by("username")


def account_get(*, user, pk: int) -> User | None:
    if not may(user, "account", "view"):
        return None
    return User.objects.select_related("person").filter(pk=pk).first()


def account_by_username(*, user, username: str) -> User | None:
    """The account with this exact username, for the security administrator picking whom to give a role."""
    if not (may(user, "account", "view") or may(user, "role", "add")):
        return None
    return User.objects.filter(username=username).first()


def person_by_employee_no(*, user, employee_no: str) -> Person | None:
    """The person to link a new account to. The system administrator sees no people otherwise (三员分立): this exact
    lookup by employee number is the one thing account set-up needs, and it reveals only the person it links."""
    if not may(user, "account", "add"):
        return None
    return Person.objects.filter(employee_no=employee_no).first()


def people_by_employee_nos(*, user, numbers: list[str]) -> tuple[list[Person], list[str]]:
    """The people to make accounts for, by exact employee numbers (as person_by_employee_no, for a batch), and the
    numbers no one has."""
    if not may(user, "account", "add"):
        return [], list(numbers)
    found = {p.employee_no: p for p in Person.objects.filter(employee_no__in=numbers)}
    return [found[n] for n in numbers if n in found], [n for n in numbers if n not in found]


def accounts_by_names(*, user, names: list[str]) -> tuple[list[User], list[str]]:
    """Accounts by exact username or by the employee number of their person, for giving roles in bulk; and the
    names that match no account."""
    if not may(user, "role", "add"):
        return [], list(names)
    rows = User.objects.filter(Q(username__in=names) | Q(person__employee_no__in=names)).select_related("person")
    by_name = {}
    for account in rows:
        by_name[account.username] = account
        if account.person_id:
            by_name.setdefault(account.person.employee_no, account)
    return [by_name[n] for n in names if n in by_name], [n for n in names if n not in by_name]


def org_by_code(*, user, code: str) -> PartyOrg | None:
    """The org a role is assigned over. The security administrator reads no business data, but must name where a
    role reaches: an exact lookup by org code is allowed for role holders and nothing else about the org is read."""
    if not may(user, "role", "view"):
        return None
    return PartyOrg.objects.filter(code=code).first()


def role_assignment_list(
    *, user, role: str = "", org: PartyOrg | None = None, subtree: bool = False, account: str = ""
) -> QuerySet[RoleAssignment]:
    """Role assignments, filtered by role, by org (exactly, or with its subtree) and by account name."""
    if not may(user, "role", "view"):
        return RoleAssignment.objects.none()
    qs = RoleAssignment.objects.select_related("user", "user__person", "org", "granted_by")
    if role:
        qs = qs.filter(role=role)
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path) if subtree else qs.filter(org=org)
    if account:
        qs = qs.filter(Q(user__username__icontains=account) | Q(user__person__name__icontains=account))
    return qs.order_by("user__username", "role", "org__path")


def role_assignment_get(*, user, pk: int) -> RoleAssignment | None:
    if not may(user, "role", "view"):
        return None
    return RoleAssignment.objects.select_related("user", "org").filter(pk=pk).first()


def separation_breaches(*, user) -> list[tuple[str, list[str]]]:
    """Accounts whose roles break 三员分立 (an older install), for the security administrator's roles page."""
    from dangjian.accounts.separation import breaches
    from dangjian.core.permissions import ROLE_LABELS

    if not may(user, "role", "view"):
        return []
    return [(name, [str(ROLE_LABELS.get(r, r)) for r in roles]) for name, roles in breaches()]


def token_list(*, user, account: str = "") -> QuerySet[ApiToken]:
    """API tokens (never their secret), newest first, optionally for accounts matching `account`; only for the
    holder of the global token grant (the security administrator)."""
    if not may(user, "token", "view"):
        return ApiToken.objects.none()
    qs = ApiToken.objects.select_related("user", "user__person")
    if account:
        qs = qs.filter(Q(user__username__icontains=account) | Q(user__person__name__icontains=account))
    return qs.order_by("-created_at", "-pk")


def token_get(*, user, pk: int) -> ApiToken | None:
    if not may(user, "token", "view"):
        return None
    return ApiToken.objects.select_related("user").filter(pk=pk).first()
