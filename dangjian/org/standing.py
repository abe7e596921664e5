"""Who is 党群工作部 where, decided once for every capability: a `party_office` assignment at an org covers that org
and everything under it (a global one, everywhere). Reads the cached assignments (core/scoping.py), so asking costs
no query; `office_orgs` is the one query, for pages that offer the orgs to choose from."""

from __future__ import annotations

from django.db.models import QuerySet

from dangjian.core.permissions import Role
from dangjian.core.scoping import assignments
from dangjian.org.models import PartyOrg


def office_paths(user) -> list[str | None]:
    """The org paths at which `user` serves as 党群工作部 (None: a global assignment)."""
    return [path for role, path, _kind in assignments(user) if role == Role.PARTY_OFFICE]


def is_office_over(user, path: str) -> bool:
    """Whether `user` is 党群工作部 at the org with `path` or above it."""
    return any(held is None or path.startswith(held) for held in office_paths(user))


def office_orgs(user) -> QuerySet:
    """The active orgs at which `user` serves as 党群工作部 (where they set catalogues, templates and panels up),
    outermost first."""
    paths = {path for path in office_paths(user) if path}
    return PartyOrg.objects.filter(path__in=paths, status=PartyOrg.Status.ACTIVE).order_by("path")
