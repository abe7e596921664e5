"""What the value services share: who may keep a company's catalogue (the party office over a whole company), the
company a catalogue write is for, and the create / update steps with their audit row."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.permissions import CHANGE
from dangjian.core.scoping import scope_for
from dangjian.core.services import is_system, require_at, validate
from dangjian.org import tenancy
from dangjian.org.models import PartyOrg
from dangjian.value.models import Item, PeerGroup

# The grant of the party office over a whole company's catalogue (items, prices, groups, enrolment, winners).
CATALOGUE = "value_catalogue"


def user_of(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def name_of(actor) -> str:
    return (actor.get_username() if actor is not None else "")[:150]


def require_company(actor, action: str) -> None:
    """Refuse unless `actor` holds `action` on value accounting over a whole company (a root org's subtree)."""
    if is_system(actor):
        return
    if not any(path.count("/") == 2 for path in scope_for(actor, CATALOGUE, action).paths):
        raise NotPermitted(_("Only the party office of the whole company may change the accounting catalogue."))


def company_roots(actor, action: str = CHANGE) -> list[PartyOrg]:
    """The root orgs of the companies whose whole value accounting `actor` may `action` (the party office's)."""
    if is_system(actor):
        return list(PartyOrg.objects.filter(parent__isnull=True).order_by("code"))
    paths = [p for p in scope_for(actor, CATALOGUE, action).paths if p.count("/") == 2]
    return list(PartyOrg.objects.filter(path__in=paths).order_by("code"))


def company_of(actor, org: PartyOrg | None, action: str) -> PartyOrg:
    """The company (root org) a catalogue write is for: `org`'s root, or the actor's only company. NotFound for
    another company (dangjian/org/tenancy.py decides what is the actor's), NotPermitted short of the office."""
    if org is not None:
        root = PartyOrg.objects.get(path=tenancy.root_path(org.path)) if org.parent_id else org
        if not is_system(actor) and root.path not in tenancy.company_org_paths(actor):
            raise NotFound(_("There is no such company, or it is not yours."), errors={"org": [org.code]})
        require_company(actor, action)
        if not is_system(actor) and root.pk not in {r.pk for r in company_roots(actor, action)}:
            raise NotPermitted(_("Only the party office of the whole company may change the accounting catalogue."))
        return root
    require_company(actor, action)
    roots = company_roots(actor, action)
    if len(roots) != 1:
        raise InvalidInput(_("Choose the company."), errors={"org": [_("Choose the company.")]})
    return roots[0]


def require_item(actor, item: Item, action: str = CHANGE) -> None:
    """The item's company must be one whose catalogue the actor keeps: another company's item is not found."""
    if is_system(actor):
        return
    if item.org_id is None:  # an item from before items had a company: any company office may keep it
        require_company(actor, action)
        return
    if item.org.path not in tenancy.company_org_paths(actor):
        raise NotFound(_("There is no item “%(code)s”.") % {"code": item.code}, errors={"item": [item.code]})
    if item.org_id not in {r.pk for r in company_roots(actor, action)}:
        raise NotPermitted(_("Only the party office of the whole company may change the accounting catalogue."))


def require_group(actor, group: PeerGroup, action: str = CHANGE) -> None:
    if is_system(actor):
        return
    if tenancy.root_path(group.org.path) not in tenancy.company_org_paths(actor):
        raise NotFound(_("No such peer group, or you do not have access to it."), errors={"group": [group.code]})
    require_at(actor, "value", action, group.org)
    require_company(actor, action)


def create_audited(actor, obj):
    validate(obj)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise Conflict(_("That code is already in use."), errors={"code": [_("Already in use.")]}) from None
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=obj, after=audit.snapshot(obj))
    return obj


def update_audited(actor, obj, fields: dict, allowed: tuple[str, ...]):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise InvalidInput(_("These fields cannot be changed: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    before = audit.snapshot(obj)
    for name, value in fields.items():
        setattr(obj, name, value)
    after = audit.snapshot(obj)
    if after == before:
        return obj
    validate(obj)
    obj.save()
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=obj, before=before, after=after)
    return obj
