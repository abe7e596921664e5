"""Scoping in one place: `Model.objects.restrict(user, action)` and `can(...)` read the role table and assignments.

A scoped model declares `scope_resource` (a key of permissions.GRANTS) and `scope_path_field` (the lookup that reaches
an org path, e.g. "path" for PartyOrg or "branch__path" for Person). It may declare `scope_kind_fields`, extra lookups
used only for assignments over an org of a given kind (Person: {"group": "group__path"}, so a party-group leader reaches
the group's people without slowing every other scope with an OR across two joins), and `self_q(user)` for own records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

from dangjian.core.capabilities import provider
from dangjian.core.permissions import GLOBAL_ROLES, GRANTS, SELF, VIEW


@dataclass
class Scope:
    """What a user may reach for one resource and action."""

    everywhere: bool = False
    paths: list[str] = field(default_factory=list)
    own: bool = False
    kinds: dict[str, str] = field(default_factory=dict)  # path -> kind of the org at that path

    @property
    def empty(self) -> bool:
        return not (self.everywhere or self.paths or self.own)


def assignments(user) -> list[tuple[str, str | None, str | None]]:
    """(role, org path, org kind) for the active assignments (path None for a global role); cached on the user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_scope_assignments", None)
    if cached is None:
        # The app that holds role assignments provides them (core/capabilities.py: `access.assignments`).
        cached = provider("access").assignments(user)
        user._scope_assignments = cached
    return cached


def scope_for(user, resource: str, action: str) -> Scope:
    return scope_of(assignments(user), resource, action)


def scope_of(held, resource: str, action: str) -> Scope:
    """The scope that these assignments ((role, org path, org kind), as `assignments` gives them) grant."""
    scope = Scope()
    for role, path, kind in held:
        if path is None and role not in GLOBAL_ROLES:
            # A business or integration role held without an org (an older install's MES account) reaches nothing:
            # it would cross every company boundary.
            continue
        granted = GRANTS.get(role, {}).get(resource, frozenset())
        if action in granted:
            if path is None:
                scope.everywhere = True
            else:
                scope.paths.append(path)
                scope.kinds[path] = kind
        if SELF in granted and action == VIEW:
            scope.own = True
    # keep only the outermost subtrees
    outer: list[str] = []
    for path in sorted(set(scope.paths), key=len):
        if not any(path.startswith(p) for p in outer):
            outer.append(path)
    scope.paths = outer
    return scope


def scope_q(user, model, action: str) -> Q:
    scope = scope_for(user, model.scope_resource, action)
    if scope.everywhere:
        return Q()
    q = Q(pk__in=[])
    kind_fields = getattr(model, "scope_kind_fields", {})
    for path in scope.paths:
        q |= Q(**{f"{model.scope_path_field}__startswith": path})
        extra = kind_fields.get(scope.kinds.get(path))
        if extra:
            q |= Q(**{f"{extra}__startswith": path})
    if scope.own and hasattr(model, "self_q"):
        q |= model.self_q(user)
    return q


def can_at(user, resource: str, action: str, org) -> bool:
    """May `user` do `action` on `resource` inside `org`'s subtree (org may be None for global resources)?"""
    scope = scope_for(user, resource, action)
    if scope.everywhere:
        return True
    return org is not None and any(org.path.startswith(p) for p in scope.paths)


def can_anywhere(user, resource: str, action: str) -> bool:
    return not scope_for(user, resource, action).empty


def can(user, action: str, obj: models.Model) -> bool:
    """May `user` do `action` on this existing object?"""
    return type(obj)._default_manager.restrict(user, action).filter(pk=obj.pk).exists()


class ScopedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = VIEW):
        """Only the rows `user` may `action`."""
        return self.filter(scope_q(user, self.model, action))


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)
