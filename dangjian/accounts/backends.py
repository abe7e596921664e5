"""The accounts' authentication backend: Django's ModelBackend, with the signed-in user's person (and their branch,
group and unit) read in the same query as the account on every request — the navigation shows the person's name,
and the home page, the 'own branch' checks and one's own record all start from them — and the user's active role
assignments, which scoping reads on every page.

With SSO_LOCAL_PASSWORD_LOGIN off, a local password signs in only the three administrators (三员); everyone else signs
in through single sign-on (accounts/sso/)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Aggregate, CharField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.db.models.query import get_related_populators
from django.utils import timezone

from dangjian.accounts.models import RoleAssignment, User
from dangjian.core import freshness


class AccountBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        from dangjian.accounts.sso.matching import local_password_allowed

        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and not local_password_allowed(user):
            # As a wrong password: the form says so, django-axes counts it, the directory may still be tried.
            return None
        return user

    def get_user(self, user_id):
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        key = _kept_key(pk) if freshness.enabled() else None
        user = cache.get(key) if key else None
        if user is None:
            user = _user_with_roles(pk)
            if user is None:
                return None
            # The role assignments come with the account (one query less on every page); core.scoping reads them
            # from the user as it would have read them from the database, on every request: a role change shows at
            # once.
            user._scope_assignments = _assignments(user._held) if user.is_active else []
            if key:
                cache.set(key, user, settings.PAGE_CACHE_SECONDS)
        if not self.user_can_authenticate(user):
            return None
        return user


def _kept_key(pk) -> str:
    """With a shared cache, the account (with its person and role assignments) is read from the database once per
    data version and day (core/freshness.py): a role granted or withdrawn, a deactivation, a new password are audited
    changes, so the next request reads the account afresh all the same; at most PAGE_CACHE_SECONDS old otherwise."""
    return f"account:{freshness.current()}:{pk}:{timezone.localdate().isoformat()}"


# Stand-ins the query is compiled with, replaced by the account's id and today's date on each request.
_ANY_PK = -7_340_017
_ANY_DAY = dt.date(1901, 1, 1)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    pk_at: tuple[int, ...]
    day_at: tuple[int, ...]
    day_as_text: bool
    compiler: object


def _compile(alias: str) -> _Compiled:
    users = User._default_manager.db_manager(alias).select_related("person__branch", "person__group", "person__unit")
    queryset = users.annotate(_held=Subquery(_held_rows(today=_ANY_DAY))).filter(pk=_ANY_PK)
    compiler = queryset.query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    pk_at = tuple(n for n, p in enumerate(params) if p == _ANY_PK)
    # A backend may pass dates as text (SQLite): the stand-in is replaced in the form the backend gave it.
    day_at = tuple(n for n, p in enumerate(params) if p in (_ANY_DAY, _ANY_DAY.isoformat()))
    if len(pk_at) != 1 or not day_at:
        raise ImproperlyConfigured("The account query did not compile as expected (accounts/backends.py).")
    return _Compiled(sql, tuple(params), pk_at, day_at, isinstance(params[day_at[0]], str), compiler)


def _user_with_roles(pk) -> User | None:
    """The account with its person (branch, group, unit) and its active assignments as one text (`_held`), in one
    query. The query runs on every request, and building and compiling it through the ORM cost more than running it
    (≈ 2 ms of a 4 ms read): it is compiled once per database connection (SQL, parameters, and the compiler that
    turns a row into objects, as QuerySet's ModelIterable does) and run with the account's id and today's date."""
    connection = connections[DEFAULT_DB_ALIAS]
    compiled = getattr(connection, "_dangjian_user_query", None)
    if compiled is None:
        compiled = connection._dangjian_user_query = _compile(DEFAULT_DB_ALIAS)
    params = list(compiled.params)
    for n in compiled.pk_at:
        params[n] = pk
    today = timezone.localdate()
    if compiled.day_as_text:
        today = today.isoformat()
    for n in compiled.day_at:
        params[n] = today
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    compiler = compiled.compiler
    (row,) = compiler.results_iter([[row]])
    select, klass_info = compiler.select, compiler.klass_info
    first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    user = User.from_db(DEFAULT_DB_ALIAS, [f[0].target.attname for f in select[first:last]], row[first:last])
    for populator in get_related_populators(klass_info, select, DEFAULT_DB_ALIAS):
        populator.populate(row, user)
    for name, at in compiler.annotation_col_map.items():
        setattr(user, name, row[at])
    return user


class _JoinedRows(Aggregate):
    """The rows' texts joined by "|" (STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, '|')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def _held_rows(today=None):
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
    held = RoleAssignment.objects.active(today).filter(user=OuterRef("pk")).order_by().values("user")
    return held.annotate(rows=_JoinedRows(row)).values("rows")


def _assignments(text: str | None) -> list[tuple[str, str | None, str | None]]:
    rows = [tuple(part or None for part in row.split(";")) for row in (text or "").split("|") if row]
    return sorted(rows, key=lambda row: (row[0], row[1] or ""))
