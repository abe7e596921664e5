"""Daily records: written from the entry page, the push API and imports, all or nothing (records_write); confirmed
when outside their team's range; days locked (then changed only as corrections with a reason); exports audited.

A record sent again unchanged is left alone; a changed one keeps its earlier state as a RecordRevision; a record of a
locked day is changed only as a correction with a reason (else Conflict, 409).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.concurrency import unique_conflict
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.permissions import ADD, CHANGE
from dangjian.core.scoping import can_anywhere
from dangjian.core.services import is_system, require_at
from dangjian.org import tenancy
from dangjian.value import inbox, store
from dangjian.value.checking import RecordIn, check_records, outlier_ranges
from dangjian.value.models import AccountingUnit, DailyLine, DailyRecord, DayLock, PeerGroup, RecordRevision
from dangjian.value.models.records import Source
from dangjian.value.services.common import name_of, user_of

MAX_BATCH = 5000
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class Written:
    """What records_write did with one record."""

    record: DailyRecord
    status: str


def _stored(records: list[RecordIn]) -> dict[tuple, DailyRecord]:
    if not records:
        return {}
    # Locked in one order (by id): two batches that share records wait for each other instead of deadlocking.
    found = (
        DailyRecord.objects.select_for_update()
        .filter(unit_id__in={r.unit.pk for r in records}, date__in={r.date for r in records})
        .order_by("pk")
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
def records_write(
    *, actor, rows: list[dict], source: str, reason: str = "", sync: bool = True, confirm: bool = False
) -> list[Written]:
    """Write a batch of daily records ({unit, date, shift, hours, items: [{item, quantity}]}), all or nothing.

    A record with output but 0 hours is refused (checking.py). A record whose value per hour is far outside its
    team's own recent range is written with `outlier` set and is not ranked until confirmed — at once when
    `confirm` is given (the entry page's confirm step), else later with record_confirm.

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
    return _write(good, actor=actor, source=source, reason=reason, sync=sync, confirm=confirm)


@transaction.atomic
def records_write_checked(*, actor, records: list[RecordIn], source: str) -> list[Written]:
    """Write records whose cells were checked already, all or nothing: the import of a file (value/imports.py) checks
    every row against the catalogue (checking.check_record) again when the upload is confirmed, then hands the
    records here rather than as text to parse a third time. Everything else is as records_write: permission,
    company, the team's range (outliers), stored records replaced with a revision, locked days refused, one audit
    row for the new records, the indicator sync."""
    if source not in Source.values:
        raise InvalidInput(_("Unknown source of records."))
    if not is_system(actor) and not can_anywhere(actor, "value", ADD):
        raise NotPermitted(_("You do not have permission to do this."))
    if not records:
        return []
    keys = {r.key for r in records}
    if len(keys) != len(records):
        raise InvalidInput(_("A record is given twice."), errors={"rows": []})
    tenancy.require_company(actor, list({r.unit.pk: r.unit.unit for r in records}.values()))
    return _write(records, actor=actor, source=source, reason="", sync=True, confirm=False)


def _new_record(unit: AccountingUnit, user, **values) -> DailyRecord:
    """An unsaved DailyRecord from its column values, built by position (Model.__init__'s fast path, the one from_db
    takes): an import builds 20,000 at once, and the keyword path with related instances cost twice as much. A field
    not given takes its default, read each time (a callable default stays a callable); the unit and the author are
    cached on the record as the keyword path would."""
    values.update(unit_id=unit.pk, updated_by_id=user.pk if user else None)
    fields = DailyRecord._meta.concrete_fields
    row = DailyRecord(*[values[f.attname] if f.attname in values else f.get_default() for f in fields])
    DailyRecord.unit.field.set_cached_value(row, unit)
    DailyRecord.updated_by.field.set_cached_value(row, user)
    if values.get("confirmed_by_id") is not None:
        DailyRecord.confirmed_by.field.set_cached_value(row, user)
    return row


def _write(good: list[RecordIn], *, actor, source: str, reason: str, sync: bool, confirm: bool) -> list[Written]:
    units = {r.unit.pk: r.unit for r in good}  # an import's 20,000 records name 2,000 units: orgs read per unit
    for org in {u.org for u in units.values()}:
        require_at(actor, "value", ADD, org)
    ranges = outlier_ranges({r.unit.pk for r in good}, min(r.date for r in good))
    for record in good:
        found = ranges.get(record.unit.pk)
        record.outlier = bool(found and found.outside(record.value_per_hour))
    stored = _stored(good)
    lines_by_record: dict[int, dict[int, DailyLine]] = {}
    if stored:
        for line in DailyLine.objects.filter(record__in=list(stored.values())):
            lines_by_record.setdefault(line.record_id, {})[line.item_id] = line
    locked = _locked(good)
    now, user = timezone.now(), user_of(actor)
    results: list[Written] = []
    new_records: list[tuple[DailyRecord, RecordIn]] = []
    changed: list[tuple[DailyRecord, RecordIn]] = []
    for record in good:
        current = stored.get(record.key)
        if current is not None:
            # the team as the checks read it (with its unit, group and org): the answer names it without a query
            DailyRecord.unit.field.set_cached_value(current, record.unit)
        if current is None:
            confirmed = record.outlier and confirm
            row = _new_record(
                record.unit,
                user,
                date=record.date,
                shift=record.shift,
                hours=record.hours,
                output_value=record.output_value,
                input_value=record.input_value,
                value=record.value,
                source=source,
                outlier=record.outlier,
                updated_at=now,
                confirmed_at=now if confirmed else None,
                confirmed_by_id=user.pk if confirmed and user else None,
            )
            new_records.append((row, record))
            results.append(Written(row, CREATED))
        elif _same(current, lines_by_record.get(current.pk, {}), record):
            if confirm and current.unconfirmed:
                _confirm(current, actor=actor, now=now)
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
            [[(ln.item.id, ln.quantity, ln.price, ln.amount) for ln in n.lines] for _r, n in new_records],
        )
    if changed:
        _replace(changed, lines_by_record, actor=actor, source=source, reason=reason, now=now, confirm=confirm)
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
    # The team's "record missing" notifications are done, whoever saved it and however (最多报一次).
    inbox.records_saved({(r.unit.pk, r.date) for r in good})
    written = [r for r, _n in new_records] + [c for c, _n in changed]
    if written and sync:
        from dangjian.value.tasks import sync_indicators

        pairs = sorted({(r.unit_id, r.date.isoformat()) for r in written})
        transaction.on_commit(lambda: sync_indicators(pairs))
    return results


def _replace(changed, lines_by_record, *, actor, source: str, reason: str, now, confirm: bool = False) -> None:
    """Keep each changed record's earlier state as a revision, then give it the new hours, lines and value."""
    user, name = user_of(actor), name_of(actor)
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
        # New figures need a new confirmation.
        current.outlier = record.outlier
        current.confirmed_at, current.confirmed_by = (now, user) if record.outlier and confirm else (None, None)
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
        [
            "hours",
            "value",
            "output_value",
            "input_value",
            "outlier",
            "confirmed_at",
            "confirmed_by",
            "revision",
            "source",
            "updated_at",
            "updated_by",
        ],
        batch_size=500,
    )
    from dangjian.core.request_context import client_address

    address = client_address.get()
    for row in audits:
        row.client_address = address
    AuditLog.objects.bulk_create(audits)


def _confirm(record: DailyRecord, *, actor, now) -> None:
    before = {"outlier": record.outlier, "confirmed_at": None}
    record.confirmed_at, record.confirmed_by = now, user_of(actor)
    record.save(update_fields=["confirmed_at", "confirmed_by"])
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=record,
        before=before,
        after={"outlier": True, "confirmed_at": now.isoformat(), "value_per_hour": str(record.value_per_hour)},
        comment=_("Figures outside the team's range confirmed."),
    )


@transaction.atomic
def record_confirm(*, actor, record: DailyRecord) -> DailyRecord:
    """Confirm the figures of a record flagged as outside its team's range, so that it is ranked. Needs the change
    grant over the team's responsible org; a record that is not flagged, or already confirmed, is left alone."""
    record = DailyRecord.objects.select_for_update().select_related("unit__org").get(pk=record.pk)
    tenancy.require_company(actor, [record.unit.unit])
    require_at(actor, "value", CHANGE, record.unit.org)
    if record.unconfirmed:
        _confirm(record, actor=actor, now=timezone.now())
    return record


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
    confirm: bool = False,
) -> Written:
    """One record (the entry page): quantities {item code: quantity}; errors come back per field of that record."""
    row = {
        "unit": unit.unit.code,
        "date": date,
        "shift": shift,
        "hours": hours,
        "items": [{"item": code, "quantity": q} for code, q in quantities.items()],
    }
    return records_write(actor=actor, rows=[row], source=source, reason=reason, confirm=confirm)[0]


# ---------------------------------------------------------------- locks


@transaction.atomic
def day_lock(*, actor, group: PeerGroup, date: dt.date) -> DayLock:
    """Close a peer group's day: its records change only as corrections with a reason from now on."""
    require_at(actor, "value", CHANGE, group.org)
    lock, created = DayLock.objects.get_or_create(group=group, date=date, defaults={"locked_by": user_of(actor)})
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
    new = [DayLock(group_id=g, date=d, locked_by=user_of(actor)) for g, d in pairs if (g, d) not in have]
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


# ---------------------------------------------------------------- exports


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
