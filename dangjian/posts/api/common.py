"""What the posts API modules share: the router, and turning codes in a request into the objects the services take
(an unknown code, or one the caller may not see, is 400 on its field)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router

from dangjian.core.errors import InvalidInput, NotPermitted
from dangjian.core.permissions import ADD
from dangjian.core.scoping import can_anywhere
from dangjian.org.models import PartyOrg, Person
from dangjian.posts import selectors

router = Router(tags=["posts"])


def unknown(field: str, value: str) -> InvalidInput:
    return InvalidInput(
        _("%(value)s is not a known code you have access to.") % {"value": value},
        errors={field: [_("Unknown code, or you do not have access to it.")]},
    )


def require_add_anywhere(user) -> None:
    """A create operation names no object: without the right to add posts anywhere it is 403, whatever the body."""
    if not can_anywhere(user, "post", ADD):
        raise NotPermitted(_("You do not have permission to do this."))


def org_of(user, code: str) -> PartyOrg:
    org = selectors.write_org(user=user, code=code)
    if org is None:
        raise unknown("org", code)
    return org


def people_of(user, field: str, numbers: list[str]) -> list[Person]:
    """People by employee number, in the order given, each one the caller may see."""
    found = {p.employee_no: p for p in selectors.people_by_employee_no(user=user, numbers=numbers)}
    for number in numbers:
        if number not in found:
            raise unknown(field, number)
    return [found[n] for n in dict.fromkeys(numbers)]


def person_of(user, field: str, number: str | None) -> Person | None:
    return people_of(user, field, [number])[0] if number else None
