"""Scoping shared by the assessment models: company-wide things (a template, a period) are seen by whoever sees any
org under or above them, so a branch secretary sees the company's template their branch is assessed against."""

from __future__ import annotations

from django.db.models import Q

from dangjian.core.permissions import VIEW
from dangjian.core.scoping import ScopedQuerySet, scope_for


def ancestors(path: str) -> list[str]:
    """ "/1/7/42/" → ["/1/", "/1/7/", "/1/7/42/"]."""
    parts = path.strip("/").split("/")
    return [f"/{'/'.join(parts[: i + 1])}/" for i in range(len(parts))]


class UpAndDownQuerySet(ScopedQuerySet):
    """Rows whose org (`scope_path_field`) lies inside the user's subtrees or above them."""

    def restrict(self, user, action: str = VIEW):
        scope = scope_for(user, self.model.scope_resource, action)
        if scope.everywhere:
            return self
        field = self.model.scope_path_field
        q = Q(pk__in=[])
        above = set()
        for path in scope.paths:
            q |= Q(**{f"{field}__startswith": path})
            above.update(ancestors(path))
        if above:
            q |= Q(**{f"{field}__in": sorted(above)})
        return self.filter(q)
