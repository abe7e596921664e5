"""What the service pages share: who counts as a business user, and the rows a page shows for a request."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from dangjian.core.permissions import SYSTEM_ROLES
from dangjian.core.scoping import assignments


def is_business(user) -> bool:
    """Holds a business role (the three system roles and the MES/ERP account see no requests)."""
    return any(role not in SYSTEM_ROLES for role, _path, _kind in assignments(user))


def require_business(user) -> None:
    if not is_business(user):
        raise PermissionDenied
