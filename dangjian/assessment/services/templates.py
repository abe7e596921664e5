"""Writes for assessment templates (考核细则), each by 党群工作部 over the template's org: create a year's template
(empty, or a copy of another year's), change its name, weights and pay rule, and add, change, reorder and retire its
categories and items. The pages, the API, the import and the standard catalogue all go through these.

Once a month of a template has been opened, sheets were made from it, and they must keep their meaning (a locked
sheet is final; an open one is scored against what it was opened with). So from then on what an item scores — its
points, frequency, data source and rule — and which items and categories are assessed are fixed for the year: such a
change is refused with a Conflict that says so (`fixed_change`). The wording (titles, scoring guides, category
names), whether evidence is required, and the order can still be corrected; new rules belong in the next year's
template (copied from this one)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from dangjian.assessment import workflow
from dangjian.assessment.models import Category, Item, Template
from dangjian.assessment.services.common import require
from dangjian.core import audit, months
from dangjian.core.concurrency import unique_conflict
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.models import AuditLog
from dangjian.core.services import save_audited, validate

TEMPLATE_FIELDS = ("name", "party_weight", "production_weight", "pay_scope", "pay_bands")
# What an item scores: fixed once a month of its template has been opened.
SCORING_FIELDS = ("max_points", "frequency", "source", "rule", "zero_at", "full_at", "thresholds")
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
STANDARD_TOTAL = Decimal(100)


def _office(actor, template_or_org) -> None:
    org = template_or_org.org if isinstance(template_or_org, Template) else template_or_org
    require(actor, org, workflow.OFFICE)


def first_opened(template: Template):
    """The first month opened from the template, or None while none has been."""
    return template.periods.order_by("month").values_list("month", flat=True).first()


def fixed_change(template: Template) -> Conflict | None:
    """The refusal of a change that would alter what the template's sheets were made from, or None while no month
    has been opened (the import checks rows with it too)."""
    month = first_opened(template)
    if month is None:
        return None
    return Conflict(
        _(
            "%(month)s has been opened from this template, so its items, their points, frequency, data source and "
            "rule are fixed for %(year)s: sheets already made keep their meaning. Wording, evidence and order can "
            "still be corrected; put new rules in next year's template (copy this one)."
        )
        % {"month": months.label(month), "year": template.year}
    )


def scoring_changed(item: Item | None, fields: dict) -> bool:
    """Would writing `fields` add the item (None) or change what it scores?"""
    return item is None or any(
        key in fields and fields[key] is not None and fields[key] != getattr(item, key) for key in SCORING_FIELDS
    )


def _refuse_if_fixed(template: Template) -> None:
    refusal = fixed_change(template)
    if refusal is not None:
        raise refusal


def monthly_total(items) -> Decimal:
    """Σ maximum points of the monthly items in use: 双百分 means 100, though the party score is scaled to 100 in any
    case (scoring.party_score), so another total is shown, never refused."""
    return sum((i.max_points for i in items if i.active and i.frequency == "monthly"), Decimal(0))


# --- templates --------------------------------------------------------------------------------------------------------


def _new_template(actor, org, year: int, fields: dict) -> Template:
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise InvalidInput(_("Give a year between 2000 and 2100."), errors={"year": [_("Not a year.")]})
    if Template.objects.filter(org=org, year=year).exists():
        message = _("%(org)s already has a template for %(year)s.") % {"org": org.name, "year": year}
        raise Conflict(message, errors={"year": [message]})
    template = Template(org=org, year=year, **{k: v for k, v in fields.items() if k in TEMPLATE_FIELDS})
    if not (template.name or "").strip():
        template.name = _("%(year)s assessment of %(org)s") % {"year": year, "org": org.name}
    validate(template)
    with unique_conflict():
        template.save()
    return template


@transaction.atomic
def template_create(*, actor, org, year: int, **fields) -> Template:
    """A year's template for the branches under `org` (党群工作部 over the org), without items yet."""
    _office(actor, org)
    template = _new_template(actor, org, year, fields)
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=template, after=audit.snapshot(template))
    return template


@transaction.atomic
def template_copy(*, actor, source: Template, year: int, name: str = "") -> Template:
    """Next year's template (or any other year's) as a copy of `source` for the same org: its weights, pay rule,
    categories and items in use, in their order. One audit row names the source and what was copied."""
    _office(actor, source)
    if year == source.year:
        message = _("Choose another year than the template's own.")
        raise InvalidInput(message, errors={"year": [message]})
    fields = {k: getattr(source, k) for k in TEMPLATE_FIELDS}
    fields["name"] = (name or "").strip() or source.name.replace(str(source.year), str(year))
    template = _new_template(actor, source.org, year, fields)
    categories = list(source.categories.filter(active=True).order_by("order", "pk"))
    copies = Category.objects.bulk_create(
        [Category(template=template, name=c.name, order=n) for n, c in enumerate(categories, start=1)]
    )
    by_old = {old.pk: new for old, new in zip(categories, copies, strict=True)}
    items = source.items.filter(active=True, category__in=categories).order_by("category__order", "order", "pk")
    copied = []
    for item in items:
        copy = Item(template=template, category=by_old[item.category_id], code=item.code)
        for key in ITEM_FIELDS:
            setattr(copy, key, getattr(item, key))
        copied.append(copy)
    Item.objects.bulk_create(copied)
    audit.record(
        actor=actor,
        action=AuditLog.Action.CREATE,
        obj=template,
        after={**audit.snapshot(template), "copied_from": source.pk, "categories": len(copies), "items": len(copied)},
        comment=_("Copied from %(name)s.") % {"name": source.name},
    )
    return template


@transaction.atomic
def template_update(*, actor, template: Template, **fields) -> Template:
    """Change the name, the dual-assessment weights or the pay rule."""
    _office(actor, template)
    template = Template.objects.select_for_update().select_related("org").get(pk=template.pk)
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


# --- categories -------------------------------------------------------------------------------------------------------


def _category_name(name) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("Name the category."), errors={"name": [_("Required.")]})
    return name


def _same_name(template: Template, name: str, exclude=None) -> None:
    others = Category.objects.filter(template=template, name=name)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        message = _("The template already has a category “%(name)s”.") % {"name": name}
        raise Conflict(message, errors={"name": [message]})


def _new_category(actor, template: Template, name: str) -> Category:
    last = Category.objects.filter(template=template).aggregate(last=Max("order"))["last"] or 0
    category = Category(template=template, name=name, order=last + 1)
    save_audited(category, actor=actor, conflict=None)
    return category


@transaction.atomic
def category_create(*, actor, template: Template, name: str) -> Category:
    """A new, empty category at the end of the template (allowed after months were opened: it assesses nothing
    until items are added, and those are refused then)."""
    _office(actor, template)
    name = _category_name(name)
    _same_name(template, name)
    return _new_category(actor, template, name)


def _renumber(rows: list, moved, position: int) -> None:
    """Put `moved` at `position` (1-based, clipped) among `rows` and number them 1…n, saving only what changed."""
    rows = [r for r in rows if r.pk != moved.pk]
    position = max(1, min(position, len(rows) + 1))
    rows.insert(position - 1, moved)
    for number, row in enumerate(rows, start=1):
        if row.order != number:
            row.order = number
            type(row).objects.filter(pk=row.pk).update(order=number)


@transaction.atomic
def category_update(
    *, actor, category: Category, name: str | None = None, position: int | None = None, active: bool | None = None
) -> Category:
    """Rename a category, move it to `position` (1 = first) or retire it (`active` false) / put it back. Renaming
    and moving are always allowed; retiring or restoring removes or adds items, so it is refused once a month has
    been opened."""
    template = category.template
    _office(actor, template)
    category = Category.objects.select_for_update().get(pk=category.pk)
    before = audit.snapshot(category)
    if name is not None:
        category.name = _category_name(name)
        _same_name(template, category.name, exclude=category)
    if active is not None and active != category.active:
        _refuse_if_fixed(template)
        category.active = active
    validate(category)
    with unique_conflict():
        category.save()
    if position is not None:
        siblings = list(Category.objects.filter(template=template).order_by("order", "pk"))
        _renumber(siblings, category, position)
    after = audit.snapshot(category)
    if audit.changes(before, after):
        audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=category, before=before, after=after)
    return category


# --- items ------------------------------------------------------------------------------------------------------------


@transaction.atomic
def item_upsert(*, actor, template: Template, category_name: str, code: str, **fields) -> tuple[Item, str]:
    """Add the item `code` (creating its category by name), or change it. Once a month has been opened, items can
    no longer be added and what they score no longer changes (see the module). Returns (item, action) where action
    is "create", "update" or "unchanged"."""
    _office(actor, template)
    category_name = (category_name or "").strip()
    if not category_name:
        raise InvalidInput(_("Name the item's category."), errors={"category": [_("Required.")]})
    code = (code or "").strip()
    if not code:
        raise InvalidInput(_("Give the item a code."), errors={"code": [_("Required.")]})
    category = Category.objects.filter(template=template, name=category_name).first()
    item = Item.objects.select_for_update().filter(template=template, code=code).first()
    if scoring_changed(item, fields):
        _refuse_if_fixed(template)
    if category is None:
        category = _new_category(actor, template, category_name[:100])
    before = audit.snapshot(item) if item else None
    if item is None:
        last = Item.objects.filter(category=category).aggregate(last=Max("order"))["last"]
        item = Item(template=template, code=code, order=(last or 0) + 1)
    item.category = category
    for key in ITEM_FIELDS:
        if key in fields and fields[key] is not None:
            setattr(item, key, fields[key])
    if item.source and item.rule == Item.Rule.LINEAR and item.zero_at is None:
        item.zero_at = Decimal(0)
    validate(item)
    with unique_conflict():
        item.save()
    after = audit.snapshot(item)
    if before is None:
        audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=item, after=after)
        return item, "create"
    if audit.changes(before, after):
        audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=item, before=before, after=after)
        return item, "update"
    return item, "unchanged"


@transaction.atomic
def item_create(*, actor, template: Template, category_name: str, code: str, **fields) -> Item:
    """A new item at the end of its category; a code the template already has is refused (change that item
    instead)."""
    _office(actor, template)
    code = (code or "").strip()
    if Item.objects.filter(template=template, code=code).exists():
        message = _("The template already has an item %(code)s.") % {"code": code}
        raise Conflict(message, errors={"code": [message]})
    fields.pop("order", None)
    return item_upsert(actor=actor, template=template, category_name=category_name, code=code, **fields)[0]


@transaction.atomic
def item_update(
    *,
    actor,
    item: Item,
    category_name: str | None = None,
    position: int | None = None,
    active: bool | None = None,
    **fields,
) -> Item:
    """Change an item (its code stays: imports and sheets name it by its code), move it to another category or to
    `position` within its category (1 = first), retire it (`active` false) or put it back. What it scores, and
    retiring or restoring it, are refused once a month has been opened."""
    template = item.template
    _office(actor, template)
    fields.pop("order", None)
    moving = category_name is not None and category_name.strip() != item.category.name
    if fields or moving:
        name = category_name if category_name is not None else item.category.name
        item = item_upsert(actor=actor, template=template, category_name=name, code=item.code, **fields)[0]
        if moving:
            # At the end of the category it joins, unless a position is given.
            last = Item.objects.filter(category=item.category).exclude(pk=item.pk).aggregate(last=Max("order"))
            position = position or (last["last"] or 0) + 1
    item = Item.objects.select_for_update().select_related("category").get(pk=item.pk)
    before = audit.snapshot(item)
    if active is not None and active != item.active:
        _refuse_if_fixed(template)
        item.active = active
        item.save(update_fields=["active"])
    if position is not None:
        siblings = list(Item.objects.filter(category=item.category).order_by("order", "pk"))
        _renumber(siblings, item, position)
    after = audit.snapshot(item)
    if audit.changes(before, after):
        audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=item, before=before, after=after)
    return item
