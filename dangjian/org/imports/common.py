"""What the people and org imports share: code lookups, the permission test a row must pass, and the code sheets
of the .xlsx template."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core import audit
from dangjian.core.errors import NotPermitted
from dangjian.core.imports import Ref
from dangjian.core.scoping import scope_for
from dangjian.core.services import is_system, require_at
from dangjian.org.models import PartyOrg, Unit

REFERENCE_ROWS = 2000  # the code sheets of a template are a convenience, not an export: bounded


def org_lookup(ctx):
    # Existence is looked up company-wide so an out-of-scope code gets "you cannot import into …", not "unknown".
    return PartyOrg.objects.all()


def unit_lookup(ctx):
    return Unit.objects.all() if is_system(ctx.actor) else Unit.objects.restrict(ctx.actor, "view")


def dissolved(org) -> str | None:
    if org.status == PartyOrg.Status.DISSOLVED:
        return _("%(org)s (%(code)s) has been dissolved.") % {"org": org, "code": org.code}
    return None


def retired(unit) -> str | None:
    return None if unit.active else _("%(unit)s (%(code)s) is no longer in use.") % {"unit": unit, "code": unit.code}


ORG_CODE = Ref(
    org_lookup,
    describe=_lazy("The code of a party organisation (see the sheet of organisations)."),
    refuse=dissolved,
)
UNIT_CODE = Ref(unit_lookup, describe=_lazy("The code of a production unit (see the sheet of units)."), refuse=retired)


def may_import(actor, resource: str, action: str, org) -> bool:
    """The service's own guard for `action` at `org`, plus the import grant on the resource there."""
    try:
        require_at(actor, resource, action, org)
        require_at(actor, resource, "import", org)
    except NotPermitted:
        return False
    return True


def cannot_import_into(org) -> str:
    return _("you cannot import into %(org)s.") % {"org": org}


def unchanged(before, after) -> bool:
    return audit.snapshot(before) == audit.snapshot(after)


def reference_orgs(user, resource: str):
    """The active orgs where `user` may import `resource`: the codes a file may use."""
    scope = scope_for(user, resource, "import")
    orgs = PartyOrg.objects.filter(status=PartyOrg.Status.ACTIVE)
    if not scope.everywhere:
        within = Q(pk__in=[])
        for path in scope.paths:
            within |= Q(path__startswith=path)
        orgs = orgs.filter(within)
    rows = [[o.code, o.name, o.get_kind_display()] for o in orgs.order_by("path")[:REFERENCE_ROWS]]
    return (_("Organisations"), [_("Code"), _("Name"), _("Kind")], rows)


def reference_units(user):
    units = Unit.objects.restrict(user, "view").filter(active=True).order_by("path")[:REFERENCE_ROWS]
    return (_("Units"), [_("Code"), _("Name"), _("Kind")], [[u.code, u.name, u.get_kind_display()] for u in units])
