"""Peer groups (对标组) and enrolment (set up by the company's party office): the groups, the items each accounts
for with its target per hour, and the teams enrolled as accounting units under a responsible party org."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.errors import InvalidInput, NotFound
from dangjian.core.models import AuditLog
from dangjian.core.permissions import ADD, CHANGE
from dangjian.core.services import is_system, require_at, validate
from dangjian.org import tenancy
from dangjian.value.models import AccountingUnit, GroupItem, Item, PeerGroup
from dangjian.value.services.common import (
    company_of,
    create_audited,
    require_company,
    require_group,
    require_item,
    update_audited,
)


@transaction.atomic
def group_create(*, actor, code: str, name: str, org, **fields) -> PeerGroup:
    """Add a peer group (对标组) under a company's party office."""
    require_at(actor, "value", ADD, org)
    require_company(actor, ADD)
    if not is_system(actor):
        company_of(actor, org, ADD)
    return create_audited(actor, PeerGroup(code=code, name=name, org=org, **fields))


GROUP_FIELDS = ("name", "metric", "top_points", "target_value_per_hour", "active", "sort_order")


@transaction.atomic
def group_update(*, actor, group: PeerGroup, **fields) -> PeerGroup:
    """Change a peer group's name, assessment metric, points table, target or order; `active=False` retires it."""
    require_group(actor, group)
    return update_audited(actor, group, fields, GROUP_FIELDS)


@transaction.atomic
def group_item_set(
    *, actor, group: PeerGroup, item: Item, target_per_hour: Decimal | None = None, sort_order: int = 0
) -> GroupItem:
    """Say that a peer group accounts for an item (and its target per hour worked)."""
    require_at(actor, "value", CHANGE, group.org)
    if not is_system(actor):
        require_group(actor, group)
        require_item(actor, item, CHANGE)
    found = GroupItem.objects.filter(group=group, item=item).first()
    before = audit.snapshot(found) if found else None
    found = found or GroupItem(group=group, item=item)
    found.target_per_hour, found.sort_order = target_per_hour, sort_order
    validate(found)
    found.save()
    action = AuditLog.Action.UPDATE if before else AuditLog.Action.CREATE
    audit.record(actor=actor, action=action, obj=found, before=before, after=audit.snapshot(found))
    return found


@transaction.atomic
def group_item_remove(*, actor, group: PeerGroup, item: Item) -> None:
    """The peer group no longer accounts for the item (records already made keep their lines)."""
    require_group(actor, group)
    found = GroupItem.objects.filter(group=group, item=item).first()
    if found is None:
        return
    before = audit.snapshot(found)
    audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=found, before=before)
    found.delete()


def _require_enrolment(actor, *, unit, group: PeerGroup, org) -> None:
    """A team of the actor's company, in a group and under an org of the same company."""
    if is_system(actor):
        return
    tenancy.require_company(actor, [unit])
    require_group(actor, group, ADD)
    if tenancy.root_path(org.path) not in tenancy.company_org_paths(actor):
        raise NotFound(_("There is no such party organisation, or it is not yours."), errors={"org": [org.code]})
    if tenancy.root_path(org.path) != tenancy.root_path(group.org.path):
        raise InvalidInput(
            _("The responsible organisation and the peer group belong to different companies."),
            errors={"org": [_("Choose an organisation of the peer group's company.")]},
        )


@transaction.atomic
def unit_enrol(*, actor, unit, group: PeerGroup, org) -> AccountingUnit:
    """Make a team or shift crew an accounting unit of a peer group, with the party org responsible for it (whose
    subtree enters its days). The party office of the company does it; enrolling a team again re-activates it. Its
    records are due from the day of enrolment on (a team enrolled today owes no record for yesterday)."""
    require_at(actor, "value", ADD, org)
    _require_enrolment(actor, unit=unit, group=group, org=org)
    today = timezone.localdate()
    found = AccountingUnit._base_manager.filter(unit=unit).first()
    if found is not None:
        changes = {"group": group, "org": org, "active": True}
        if not found.active:
            changes["since"] = today  # the days it was retired are not owed
        return update_audited(actor, found, changes, tuple(changes))
    return create_audited(actor, AccountingUnit(unit=unit, group=group, org=org, since=today))


@transaction.atomic
def unit_retire(*, actor, accounting: AccountingUnit) -> AccountingUnit:
    """The team no longer takes part (its records stay; it is no longer offered for entry or ranked anew)."""
    require_group(actor, accounting.group)
    return update_audited(actor, accounting, {"active": False}, ("active",))
