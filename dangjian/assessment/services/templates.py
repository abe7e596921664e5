"""Writes for assessment templates: create a template, and add or change its categories and items (the import and
the demo go through these)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from dangjian.assessment import workflow
from dangjian.assessment.models import Category, Item, Template
from dangjian.assessment.services.common import require
from dangjian.core import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.models import AuditLog
from dangjian.core.services import validate

TEMPLATE_FIELDS = ("name", "party_weight", "production_weight", "pay_scope", "pay_bands")
ITEM_FIELDS = (
    "title",
    "max_points",
    "guide",
    "frequency",
    "evidence_required",
    "source",
    "rule",
    "zero_at",
    "full_at",
    "thresholds",
    "order",
)


@transaction.atomic
def template_create(*, actor, org, year: int, **fields) -> Template:
    """A year's template for the branches under `org` (党群工作部 over the org)."""
    require(actor, org, workflow.OFFICE)
    if Template.objects.filter(org=org, year=year).exists():
        raise Conflict(_("%(org)s already has a template for %(year)s.") % {"org": org.name, "year": year})
    template = Template(org=org, year=year, **{k: v for k, v in fields.items() if k in TEMPLATE_FIELDS})
    validate(template)
    template.save()
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=template, after=audit.snapshot(template))
    return template


@transaction.atomic
def template_update(*, actor, template: Template, **fields) -> Template:
    """Change the name, the dual-assessment weights or the pay rule."""
    require(actor, template.org, workflow.OFFICE)
    before = audit.snapshot(template)
    for key in TEMPLATE_FIELDS:
        if key in fields:
            setattr(template, key, fields[key])
    validate(template)
    template.save()
    after = audit.snapshot(template)
    if audit.changes(before, after):
        audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=template, before=before, after=after)
    return template


def _locked_in(template: Template) -> bool:
    return template.periods.exists()


@transaction.atomic
def item_upsert(*, actor, template: Template, category_name: str, code: str, **fields) -> tuple[Item, str]:
    """Add the item `code` (creating its category by name), or change it. Once a period has been opened the items
    are what branches were assessed against: their points and sources can no longer change. Returns (item, action)
    where action is "create", "update" or "unchanged"."""
    require(actor, template.org, workflow.OFFICE)
    category_name = (category_name or "").strip()
    if not category_name:
        raise InvalidInput(_("Name the item's category."), errors={"category": [_("Required.")]})
    category = Category.objects.filter(template=template, name=category_name).first()
    item = Item.objects.filter(template=template, code=code).first()
    if _locked_in(template) and (
        item is None
        or any(key in fields and fields[key] != getattr(item, key) for key in ("max_points", "source", "frequency"))
    ):
        raise Conflict(_("Periods of this template have been opened; its items' points can no longer change."))
    created_category = category is None
    if created_category:
        order = Category.objects.filter(template=template).count() + 1
        category = Category(template=template, name=category_name[:100], order=order)
        validate(category)
        category.save()
        audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=category, after=audit.snapshot(category))
    before = audit.snapshot(item) if item else None
    if item is None:
        item = Item(template=template, code=code)
    item.category = category
    for key in ITEM_FIELDS:
        if key in fields and fields[key] is not None:
            setattr(item, key, fields[key])
    if item.source and item.rule == Item.Rule.LINEAR and item.zero_at is None:
        item.zero_at = Decimal(0)
    validate(item)
    item.save()
    after = audit.snapshot(item)
    if before is None:
        audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=item, after=after)
        return item, "create"
    if audit.changes(before, after):
        audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=item, before=before, after=after)
        return item, "update"
    return item, "unchanged"
