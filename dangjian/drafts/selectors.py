"""Reads of the drafts: the org a draft is about (in the user's drafts scope, else NotFound) and the year."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from dangjian.core.errors import InvalidInput, NotFound
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import scope_for
from dangjian.org.models import PartyOrg


def draft_org(*, user, code: str | None) -> PartyOrg:
    """The org asked for by code (default: the outermost org the user holds the drafts grant over); one outside the
    user's drafts scope is NotFound, like one that does not exist."""
    scope = scope_for(user, "drafts", VIEW)
    orgs = PartyOrg.objects.all()
    if not scope.everywhere:
        q = Q(pk__in=[])
        for path in scope.paths:
            q |= Q(path__startswith=path)
        orgs = orgs.filter(q)
    org = orgs.filter(code=code).first() if code else orgs.order_by("path").first()
    if org is None:
        raise NotFound(_("No such organisation, or you do not have access to it."))
    return org


def year_of(text: str | None, *, default: int) -> int:
    if not text:
        return default
    if not str(text).isdigit() or not 2000 <= int(text) <= 2100:
        raise InvalidInput(_("A year from 2000 to 2100."), errors={"year": [_("A year from 2000 to 2100.")]})
    return int(text)
