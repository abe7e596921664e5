"""What the publicity API modules share: the router, and turning codes into the objects the services take (a code
unknown to the caller is 400 on its field; a create naming no object without the grant anywhere is 403)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router

from dangjian.core.errors import InvalidInput, NotPermitted
from dangjian.core.scoping import can_anywhere
from dangjian.org.models import PartyOrg
from dangjian.publicity import selectors

router = Router(tags=["publicity"])


def unknown(field: str, value) -> InvalidInput:
    return InvalidInput(
        _("%(value)s is not a known code you have access to.") % {"value": value},
        errors={field: [_("Unknown code, or you do not have access to it.")]},
    )


def require_anywhere(user, resource: str, action: str) -> None:
    if not can_anywhere(user, resource, action):
        raise NotPermitted(_("You do not have permission to do this."))


def org_of(user, code: str, resource: str, action: str = "add") -> PartyOrg:
    org = selectors.org_by_code(user=user, code=code, resource=resource, action=action)
    if org is None:
        raise unknown("org", code)
    return org
