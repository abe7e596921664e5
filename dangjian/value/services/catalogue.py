"""The catalogue of items a company accounts for (set up by its party office): items with their units of measure,
and their price versions — a new price from a date revalues the records from that date until the next version."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from dangjian.core import audit
from dangjian.core.models import AuditLog
from dangjian.core.permissions import ADD, CHANGE
from dangjian.core.services import is_system, validate
from dangjian.value.models import DailyLine, DailyRecord, Item, ItemPrice
from dangjian.value.services.common import company_of, create_audited, require_company, require_item, update_audited


def _money(expression):
    return Coalesce(expression, Value(Decimal(0)), output_field=DecimalField(max_digits=20, decimal_places=4))


def revalue(*, item: Item, start: dt.date, end: dt.date | None, price: Decimal) -> int:
    """Give the item's lines on records dated in [start, end) the price, and recompute those records' values.
    Set-based: two UPDATE statements however many records. Returns the number of records revalued."""
    lines = DailyLine.objects.filter(item=item, record__date__gte=start)
    if end is not None:
        lines = lines.filter(record__date__lt=end)
    record_ids = list(lines.values_list("record_id", flat=True))
    if not record_ids:
        return 0
    amount = F("quantity") * Value(price) * Value(item.sign)
    DailyLine.objects.filter(item=item, record_id__in=record_ids).update(price=price, amount=_money(amount))
    signed = DailyLine.objects.filter(record=OuterRef("pk")).values("record")
    out = signed.filter(amount__gt=0).annotate(s=Sum("amount")).values("s")
    inp = signed.filter(amount__lt=0).annotate(s=Sum("amount")).values("s")
    for chunk in range(0, len(record_ids), 5000):
        DailyRecord.objects.filter(pk__in=record_ids[chunk : chunk + 5000]).update(
            output_value=_money(Subquery(out)), input_value=-_money(Subquery(inp))
        )
        DailyRecord.objects.filter(pk__in=record_ids[chunk : chunk + 5000]).update(
            value=F("output_value") - F("input_value")
        )
    return len(record_ids)


@transaction.atomic
def price_set(*, actor, item: Item, effective_from: dt.date, price: Decimal) -> ItemPrice:
    """Set the item's price from a date (a new version, or a new price for that version). Records already entered
    from that date until the next version are revalued, so a change in mid-month splits the month correctly."""
    require_company(actor, CHANGE)
    require_item(actor, item)
    version = ItemPrice.objects.select_for_update().filter(item=item, effective_from=effective_from).first()
    before = audit.snapshot(version) if version else None
    if version is not None and version.price == price:
        return version
    version = version or ItemPrice(item=item, effective_from=effective_from)
    version.price = price
    validate(version)
    version.save()
    following = (
        ItemPrice.objects.filter(item=item, effective_from__gt=effective_from)
        .order_by("effective_from")
        .values_list("effective_from", flat=True)
        .first()
    )
    count = revalue(item=item, start=effective_from, end=following, price=price)
    after = {**audit.snapshot(version), "records_revalued": count}
    action = AuditLog.Action.UPDATE if before else AuditLog.Action.CREATE
    audit.record(actor=actor, action=action, obj=version, before=before, after=after)
    return version


# ---------------------------------------------------------------- items


@transaction.atomic
def item_create(
    *, actor, code: str, name: str, kind: str, unit_of_measure: str = "", sort_order: int = 0, org=None
) -> Item:
    """Add an item to a company's catalogue (its prices come with price_set). `org`: the company (root org); the
    actor's only company when not given."""
    root = org if is_system(actor) else company_of(actor, org, ADD)
    item = Item(code=code, name=name, kind=kind, unit_of_measure=unit_of_measure, sort_order=sort_order, org=root)
    return create_audited(actor, item)


ITEM_FIELDS = ("name", "unit_of_measure", "sort_order", "active")


@transaction.atomic
def item_update(*, actor, item: Item, **fields) -> Item:
    """Change an item's name, unit of measure or order; `active=False` retires it (no longer offered for entry,
    its records and prices stay). The code and the kind stay: records were valued with them."""
    require_item(actor, item)
    return update_audited(actor, item, fields, ITEM_FIELDS)


@transaction.atomic
def item_retire(*, actor, item: Item) -> Item:
    return item_update(actor=actor, item=item, active=False)
