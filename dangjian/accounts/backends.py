"""The accounts' authentication backend: Django's ModelBackend, with the signed-in user's person (and their branch,
group and unit) read in the same query as the account on every request — the navigation shows the person's name,
and the home page, the 'own branch' checks and one's own record all start from them — and the user's active role
assignments, which scoping reads on every page.

With SSO_LOCAL_PASSWORD_LOGIN off, a local password signs in only the three administrators (三员); everyone else signs
in through single sign-on (accounts/sso/)."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.db.models import Aggregate, CharField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Concat

from dangjian.accounts.models import RoleAssignment, User


class AccountBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        from dangjian.accounts.sso.matching import local_password_allowed

        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and not local_password_allowed(user):
            # As a wrong password: the form says so, django-axes counts it, the directory may still be tried.
            return None
        return user

    def get_user(self, user_id):
        users = User._default_manager.select_related("person__branch", "person__group", "person__unit")
        user = users.annotate(_held=Subquery(_held_rows())).filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        # The role assignments come with the account (one query less on every page); core.scoping reads them from
        # the user as it would have read them from the database, on every request: a role change shows at once.
        user._scope_assignments = _assignments(user._held) if user.is_active else []
        return user


class _JoinedRows(Aggregate):
    """The rows' texts joined by "|" (STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, '|')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def _held_rows():
    """The user's active assignments as one text, "role;org path;org kind|…" (roles, paths and kinds hold neither
    separator); the same rows as accounts/access.assignments."""
    row = Concat(
        "role",
        Value(";"),
        Coalesce("org__path", Value("")),
        Value(";"),
        Coalesce("org__kind", Value("")),
        output_field=CharField(),
    )
    held = RoleAssignment.objects.active().filter(user=OuterRef("pk")).order_by().values("user")
    return held.annotate(rows=_JoinedRows(row)).values("rows")


def _assignments(text: str | None) -> list[tuple[str, str | None, str | None]]:
    rows = [tuple(part or None for part in row.split(";")) for row in (text or "").split("|") if row]
    return sorted(rows, key=lambda row: (row[0], row[1] or ""))
