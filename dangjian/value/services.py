"""Writes of value accounting: each checks the "value" grant, validates, saves and audits in one transaction.

- records_write: daily records from the entry page, the push API and imports, all or nothing. A record sent again
  unchanged is left alone; a changed one keeps its earlier state as a RecordRevision; a record of a locked day is
  changed only as a correction with a reason (else Conflict, 409).
- price_set: a new price version; records on and after its date (until the next version) are revalued.
- day_lock, winners_set, and the catalogue (peer groups, items, group items, accounting units).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.concurrency import unique_conflict
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.permissions import ADD, CHANGE
from dangjian.core.scoping import can_anywhere, scope_for
from dangjian.core.services import is_system, require_at, validate
from dangjian.points import services as points
from dangjian.value import selectors, store
from dangjian.value.checking import RecordIn, check_records
from dangjian.value.models import (
    AccountingUnit,
    AnnualWinner,
    DailyLine,
    DailyRecord,
    DayLock,
    GroupItem,
    Item,
    ItemPrice,
    PeerGroup,
    RecordRevision,
)
from dangjian.value.models.records import Source

MAX_BATCH = 5000
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _name(actor) -> str:
    return (actor.get_username() if actor is not None else "")[:150]


def require_company(actor, action: str) -> None:
    """Refuse unless `actor` holds `action` on value accounting over a whole company (a root org's subtree)."""
    if is_system(actor):
        return
    if not any(path.count("/") == 2 for path in scope_for(actor, "value", action).paths):
        raise NotPermitted(_("Only the party office of the whole company may change the accounting catalogue."))


# ---------------------------------------------------------------- records


@dataclass
class Written:
    """What records_write did with one record."""

    record: DailyRecord
    status: str


def _stored(records: list[RecordIn]) -> dict[tuple, DailyRecord]:
    if not records:
        return {}
    found = DailyRecord.objects.select_for_update().filter(
        unit_id__in={r.unit.pk for r in records}, date__in={r.date for r in records}
    )
    return {(s.unit_id, s.date, s.shift): s for s in found}


def _same(stored: DailyRecord, lines: dict[int, DailyLine], record: RecordIn) -> bool:
    if stored.hours != record.hours or len(lines) != len(record.lines):
        return False
    return all(
        ln.item.pk in lines and lines[ln.item.pk].quantity == ln.quantity and lines[ln.item.pk].price == ln.price
        for ln in record.lines
    )


def _line_rows(record: DailyRecord, new: RecordIn) -> list[DailyLine]:
    return [
        DailyLine(record=record, item=ln.item, quantity=ln.quantity, price=ln.price, amount=ln.amount)
        for ln in new.lines
    ]


def _locked(records: list[RecordIn]) -> set[tuple[int, dt.date]]:
    if not records:
        return set()
    rows = DayLock.objects.filter(
        group_id__in={r.unit.group_id for r in records}, date__in={r.date for r in records}
    ).values_list("group_id", "date")
    return set(rows)


@transaction.atomic
def records_write(*, actor, rows: list[dict], source: str, reason: str = "", sync: bool = True) -> list[Written]:
    """Write a batch of daily records ({unit, date, shift, hours, items: [{item, quantity}]}), all or nothing.

    Any bad row raises InvalidInput with errors {"rows": [{row, field, message}]}. A record whose day is locked may
    only be changed with a `reason` (a correction); otherwise Conflict. Returns one Written per row, in order.
    The days' totals go to the production indicators in a background task (`sync=False`: the caller does it, as the
    demo does once for a whole year)."""
    if source not in Source.values:
        raise InvalidInput(_("Unknown source of records."))
    if not is_system(actor) and not can_anywhere(actor, "value", ADD):
        raise NotPermitted(_("You do not have permission to do this."))
    if not rows:
        raise InvalidInput(_("Send at least one record."), errors={"rows": []})
    if len(rows) > MAX_BATCH:
        raise InvalidInput(_("Send at most %(max)s records at a time.") % {"max": MAX_BATCH}, errors={"rows": []})
    good, errors = check_records(rows, actor=actor)
    if errors:
        raise InvalidInput(
            _("%(count)s of the records cannot be used, so none were written. Correct them and send them again.")
            % {"count": len({e["row"] for e in errors})},
            errors={"rows": errors},
        )
    for org in {r.unit.org for r in good}:
        require_at(actor, "value", ADD, org)
    stored = _stored(good)
    lines_by_record: dict[int, dict[int, DailyLine]] = {}
    if stored:
        for line in DailyLine.objects.filter(record__in=list(stored.values())):
            lines_by_record.setdefault(line.record_id, {})[line.item_id] = line
    locked = _locked(good)
    now, user = timezone.now(), _user(actor)
    results: list[Written] = []
    new_records: list[tuple[DailyRecord, RecordIn]] = []
    changed: list[tuple[DailyRecord, RecordIn]] = []
    for record in good:
        current = stored.get(record.key)
        if current is None:
            row = DailyRecord(
                unit=record.unit,
                date=record.date,
                shift=record.shift,
                hours=record.hours,
                output_value=record.output_value,
                input_value=record.input_value,
                value=record.value,
                source=source,
                updated_at=now,
                updated_by=user,
            )
            new_records.append((row, record))
            results.append(Written(row, CREATED))
        elif _same(current, lines_by_record.get(current.pk, {}), record):
            results.append(Written(current, UNCHANGED))
        else:
            if (record.unit.group_id, record.date) in locked and not reason.strip():
                raise Conflict(
                    _(
                        "%(unit)s on %(day)s (shift %(shift)s) is locked and differs from what was sent; correct it "
                        "with a reason."
                    )
                    % {"unit": record.unit.code, "day": record.date.isoformat(), "shift": record.shift}
                )
            changed.append((current, record))
            results.append(Written(current, UPDATED))
    if changed:
        for org in {r.unit.org for _c, r in changed}:
            require_at(actor, "value", CHANGE, org)
    with unique_conflict(_("Someone else wrote one of these records at the same moment. Send it again.")):
        store.insert(
            [r for r, _n in new_records],
            [[(ln.item.pk, ln.quantity, ln.price, ln.amount) for ln in n.lines] for _r, n in new_records],
        )
    if changed:
        _replace(changed, lines_by_record, actor=actor, source=source, reason=reason, now=now)
    if new_records:
        days = sorted({n.date for _r, n in new_records})
        first = new_records[0][0] if len(new_records) == 1 else None
        audit.record(
            actor=actor,
            action=AuditLog.Action.IMPORT if source == Source.IMPORT else AuditLog.Action.CREATE,
            obj=first,
            object_type=DailyRecord._meta.label_lower,
            object_repr="" if first else _("%(count)s daily records") % {"count": len(new_records)},
            after={
                "records": len(new_records),
                "source": source,
                "from": days[0].isoformat(),
                "to": days[-1].isoformat(),
                **({"quantities": new_records[0][1].quantities(), "hours": str(first.hours)} if first else {}),
            },
        )
    written = [r for r, _n in new_records] + [c for c, _n in changed]
    if written and sync:
        from dangjian.value.tasks import sync_indicators

        pairs = sorted({(r.unit_id, r.date.isoformat()) for r in written})
        transaction.on_commit(lambda: sync_indicators(pairs))
    return results


def _replace(changed, lines_by_record, *, actor, source: str, reason: str, now) -> None:
    """Keep each changed record's earlier state as a revision, then give it the new hours, lines and value."""
    user, name = _user(actor), _name(actor)
    revisions, audits = [], []
    for current, record in changed:
        old_lines = {
            str(ln.item_id): [str(ln.quantity), str(ln.price)] for ln in lines_by_record.get(current.pk, {}).values()
        }
        revisions.append(
            RecordRevision(
                record=current,
                revision=current.revision,
                hours=current.hours,
                value=current.value,
                lines=old_lines,
                source=current.source,
                recorded_at=current.updated_at,
                replaced_at=now,
                replaced_by=user,
                replaced_by_name=name,
                reason=reason[:200],
            )
        )
        before = {"hours": str(current.hours), "value": str(current.value), "revision": current.revision}
        current.hours, current.value = record.hours, record.value
        current.output_value, current.input_value = record.output_value, record.input_value
        current.revision, current.source, current.updated_at, current.updated_by = (
            current.revision + 1,
            source,
            now,
            user,
        )
        after = {
            "hours": str(current.hours),
            "value": str(current.value),
            "revision": current.revision,
            "quantities": record.quantities(),
        }
        audits.append(
            AuditLog(
                actor=user,
                actor_name=name,
                action=AuditLog.Action.UPDATE,
                object_type=DailyRecord._meta.label_lower,
                object_id=str(current.pk),
                object_repr=f"{record.unit.code} {record.date:%Y-%m-%d} {record.shift}",
                before=before,
                after=after,
                comment=reason[:500],
            )
        )
    RecordRevision.objects.bulk_create(revisions)
    DailyLine.objects.filter(record__in=[c for c, _r in changed]).delete()
    DailyLine.objects.bulk_create([ln for c, r in changed for ln in _line_rows(c, r)], batch_size=2000)
    DailyRecord.objects.bulk_update(
        [c for c, _r in changed],
        ["hours", "value", "output_value", "input_value", "revision", "source", "updated_at", "updated_by"],
        batch_size=500,
    )
    from dangjian.core.request_context import client_address

    address = client_address.get()
    for row in audits:
        row.client_address = address
    AuditLog.objects.bulk_create(audits)


def record_save(
    *,
    actor,
    unit: AccountingUnit,
    date: dt.date,
    shift: str,
    hours,
    quantities: dict[str, object],
    source: str,
    reason: str = "",
) -> Written:
    """One record (the entry page): quantities {item code: quantity}; errors come back per field of that record."""
    row = {
        "unit": unit.unit.code,
        "date": date,
        "shift": shift,
        "hours": hours,
        "items": [{"item": code, "quantity": q} for code, q in quantities.items()],
    }
    return records_write(actor=actor, rows=[row], source=source, reason=reason)[0]


# ---------------------------------------------------------------- prices and revaluation


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


# ---------------------------------------------------------------- locks, winners


@transaction.atomic
def day_lock(*, actor, group: PeerGroup, date: dt.date) -> DayLock:
    """Close a peer group's day: its records change only as corrections with a reason from now on."""
    require_at(actor, "value", CHANGE, group.org)
    lock, created = DayLock.objects.get_or_create(group=group, date=date, defaults={"locked_by": _user(actor)})
    if created:
        audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=lock, after=audit.snapshot(lock))
    return lock


@transaction.atomic
def days_lock_until(*, actor, day: dt.date) -> int:
    """Lock every active group's days that have records, up to and including `day` (the nightly close)."""
    groups = PeerGroup.objects.filter(active=True)
    have = set(DayLock.objects.filter(date__lte=day).values_list("group_id", "date"))
    pairs = (
        DailyRecord.objects.filter(date__lte=day, unit__group__in=groups)
        .values_list("unit__group_id", "date")
        .distinct()
    )
    new = [DayLock(group_id=g, date=d, locked_by=_user(actor)) for g, d in pairs if (g, d) not in have]
    DayLock.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    if new:
        audit.record(
            actor=actor,
            action=AuditLog.Action.CREATE,
            object_type=DayLock._meta.label_lower,
            object_repr=_("%(count)s locked days") % {"count": len(new)},
            after={"until": day.isoformat(), "locks": len(new)},
        )
    return len(new)


@transaction.atomic
def winners_set(*, actor, year: int, units: list[tuple[AccountingUnit, Decimal]], note: str = "") -> int:
    """Name the year's winning teams (优胜班组) with their assessment points; replaces the year's earlier list. The
    party members of a team that joins the list earn the company's "winning_team" points, those of a team that
    leaves it lose them (idempotent per winner row and person in the points service)."""
    require_company(actor, CHANGE)
    current = {w.unit_id: w for w in AnnualWinner.objects.filter(year=year).select_related("unit__unit")}
    wanted = {u.pk: (u, p) for u, p in units}
    before, after = sorted(current), sorted(wanted)
    if before == after:
        return len(after)
    removed = [w for unit_id, w in current.items() if unit_id not in wanted]
    for winner in removed:
        _winner_points(winner, withdraw=True)
    AnnualWinner.objects.filter(pk__in=[w.pk for w in removed]).delete()
    added = AnnualWinner.objects.bulk_create(
        [
            AnnualWinner(year=year, unit=u, points=p, note=note)
            for unit_id, (u, p) in wanted.items()
            if unit_id not in current
        ]
    )
    for winner in added:
        _winner_points(winner)
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        object_type=AnnualWinner._meta.label_lower,
        object_repr=_("Winning teams of %(year)s") % {"year": year},
        before={"units": before},
        after={"units": after},
    )
    return len(after)


def _winner_points(winner: AnnualWinner, *, withdraw: bool = False) -> None:
    day = min(dt.date(winner.year, 12, 31), timezone.localdate())
    reason = _("Winning team of %(year)s: %(unit)s") % {"year": winner.year, "unit": winner.unit}
    for person in selectors.unit_members(unit=winner.unit):
        if withdraw:
            points.auto_withdraw(source="winning_team", source_obj=winner, person=person)
        else:
            points.auto_award(source="winning_team", source_obj=winner, person=person, occurred_on=day, note=reason)


# ---------------------------------------------------------------- catalogue


def _create(actor, obj):
    validate(obj)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise Conflict(_("That code is already in use.")) from None
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=obj, after=audit.snapshot(obj))
    return obj


@transaction.atomic
def group_create(*, actor, code: str, name: str, org, **fields) -> PeerGroup:
    """Add a peer group under a company's party office."""
    require_at(actor, "value", ADD, org)
    require_company(actor, ADD)
    return _create(actor, PeerGroup(code=code, name=name, org=org, **fields))


@transaction.atomic
def item_create(*, actor, code: str, name: str, kind: str, unit_of_measure: str = "", sort_order: int = 0) -> Item:
    """Add an item to the catalogue (its prices come with price_set)."""
    require_company(actor, ADD)
    return _create(actor, Item(code=code, name=name, kind=kind, unit_of_measure=unit_of_measure, sort_order=sort_order))


@transaction.atomic
def group_item_set(
    *, actor, group: PeerGroup, item: Item, target_per_hour: Decimal | None = None, sort_order: int = 0
) -> GroupItem:
    """Say that a peer group accounts for an item (and its target per hour worked)."""
    require_at(actor, "value", CHANGE, group.org)
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
def unit_enrol(*, actor, unit, group: PeerGroup, org) -> AccountingUnit:
    """Make a team or shift crew an accounting unit of a peer group, with the party org responsible for it."""
    require_at(actor, "value", ADD, org)
    return _create(actor, AccountingUnit(unit=unit, group=group, org=org))


def export_audit(*, actor, what: str, rows: int, params: dict) -> None:
    """Record an export of rankings or totals: production figures leaving the system are worth an audit row."""
    if not is_system(actor) and not can_anywhere(actor, "value", "export"):
        raise NotPermitted(_("You do not have permission to do this."))
    audit.record(
        actor=actor,
        action=AuditLog.Action.EXPORT,
        object_type=DailyRecord._meta.label_lower,
        object_repr=what,
        after={"export": what, "rows": rows, **params},
    )
