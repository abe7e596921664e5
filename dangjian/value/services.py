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
from dangjian.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.permissions import ADD, CHANGE
from dangjian.core.scoping import can_anywhere, scope_for
from dangjian.core.services import is_system, require_at, validate
from dangjian.org import tenancy
from dangjian.org.models import PartyOrg
from dangjian.points import services as points
from dangjian.value import selectors, store
from dangjian.value.checking import RecordIn, check_records, outlier_ranges
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
# The grant of the party office over a whole company's catalogue (items, prices, groups, enrolment, winners).
CATALOGUE = "value_catalogue"
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _name(actor) -> str:
    return (actor.get_username() if actor is not None else "")[:150]


def require_company(actor, action: str) -> None:
    """Refuse unless `actor` holds `action` on value accounting over a whole company (a root org's subtree)."""
    if is_system(actor):
        return
    if not any(path.count("/") == 2 for path in scope_for(actor, CATALOGUE, action).paths):
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
    for org in {r.unit.org for r in good}:
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
                outlier=record.outlier,
                updated_at=now,
                updated_by=user,
            )
            if record.outlier and confirm:
                row.confirmed_at, row.confirmed_by = now, user
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
            [[(ln.item.pk, ln.quantity, ln.price, ln.amount) for ln in n.lines] for _r, n in new_records],
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
    written = [r for r, _n in new_records] + [c for c, _n in changed]
    if written and sync:
        from dangjian.value.tasks import sync_indicators

        pairs = sorted({(r.unit_id, r.date.isoformat()) for r in written})
        transaction.on_commit(lambda: sync_indicators(pairs))
    return results


def _replace(changed, lines_by_record, *, actor, source: str, reason: str, now, confirm: bool = False) -> None:
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
    record.confirmed_at, record.confirmed_by = now, _user(actor)
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
def winners_set(
    *, actor, year: int, units: list[tuple[AccountingUnit, Decimal]], note: str = "", rule: str = ""
) -> int:
    """Name the year's winning teams (优胜班组) with their assessment points and the rule used to choose them;
    replaces the year's earlier list of the actor's companies. The party members of a team that joins the list earn
    the company's "winning_team" points, those of a team that leaves it lose them (idempotent per winner row and
    person in the points service)."""
    require_company(actor, CHANGE)
    if not is_system(actor):
        tenancy.require_company(actor, [u.unit for u, _p in units])
    current_rows = AnnualWinner.objects.filter(year=year).select_related("unit__unit")
    if not is_system(actor):
        current_rows = current_rows.filter(tenancy.unit_q(actor, "unit__unit__path"))
    current = {w.unit_id: w for w in current_rows}
    wanted = {u.pk: (u, p) for u, p in units}
    before, after = sorted(current), sorted(wanted)
    if before == after and all(w.rule == rule for w in current.values()):
        return len(after)
    removed = [w for unit_id, w in current.items() if unit_id not in wanted]
    for winner in removed:
        _winner_points(winner, withdraw=True)
    AnnualWinner.objects.filter(pk__in=[w.pk for w in removed]).delete()
    kept = [w for unit_id, w in current.items() if unit_id in wanted]
    for winner in kept:
        winner.points, winner.rule = wanted[winner.unit_id][1], rule
    AnnualWinner.objects.bulk_update(kept, ["points", "rule"])
    added = AnnualWinner.objects.bulk_create(
        [
            AnnualWinner(year=year, unit=u, points=p, note=note, rule=rule)
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
        after={"units": after, "rule": rule},
    )
    return len(after)


@transaction.atomic
def winners_compute(*, actor, year: int, per_group: int = 3, minimum_points: Decimal = Decimal(0)) -> int:
    """Choose the year's winners by a stated rule: in each active peer group of the actor's companies, the
    `per_group` teams with the most assessment points summed over the year's months (above `minimum_points`),
    then winners_set with the rule written out."""
    require_company(actor, CHANGE)
    if per_group < 1 or per_group > 50:
        raise InvalidInput(
            _("Give how many teams of each peer group win, from 1 to 50."),
            errors={"per_group": [_("From 1 to 50.")]},
        )
    groups = PeerGroup.objects.filter(active=True)
    if not is_system(actor):
        groups = groups.filter(tenancy.paths_q([r.path for r in company_roots(actor)], "org__path"))
    groups = list(groups)
    totals = selectors.annual_points(year=year, groups=groups)
    units = AccountingUnit.objects.filter(pk__in=totals).select_related("unit")
    by_group: dict[int, list[tuple[AccountingUnit, Decimal]]] = {}
    for unit in units:
        if totals[unit.pk] > minimum_points:
            by_group.setdefault(unit.group_id, []).append((unit, totals[unit.pk]))
    chosen = []
    for members in by_group.values():
        members.sort(key=lambda pair: (-pair[1], pair[0].unit.code))
        chosen.extend(members[:per_group])
    rule = _(
        "The %(count)s teams of each peer group with the most assessment points over %(year)s (more than "
        "%(minimum)s points)."
    ) % {"count": per_group, "year": year, "minimum": minimum_points}
    return winners_set(actor=actor, year=year, units=chosen, note=_("Chosen by the rule"), rule=rule)


def _winner_points(winner: AnnualWinner, *, withdraw: bool = False) -> None:
    day = min(dt.date(winner.year, 12, 31), timezone.localdate())
    reason = _("Winning team of %(year)s: %(unit)s") % {"year": winner.year, "unit": winner.unit}
    for person in selectors.unit_members(unit=winner.unit):
        if withdraw:
            points.auto_withdraw(source="winning_team", source_obj=winner, person=person)
        else:
            points.auto_award(source="winning_team", source_obj=winner, person=person, occurred_on=day, note=reason)


# ---------------------------------------------------------------- catalogue (set up by the party office)


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


def _require_group(actor, group: PeerGroup, action: str = CHANGE) -> None:
    if is_system(actor):
        return
    if tenancy.root_path(group.org.path) not in tenancy.company_org_paths(actor):
        raise NotFound(_("No such peer group, or you do not have access to it."), errors={"group": [group.code]})
    require_at(actor, "value", action, group.org)
    require_company(actor, action)


def _create(actor, obj):
    validate(obj)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise Conflict(_("That code is already in use."), errors={"code": [_("Already in use.")]}) from None
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=obj, after=audit.snapshot(obj))
    return obj


def _update(actor, obj, fields: dict, allowed: tuple[str, ...]):
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


@transaction.atomic
def group_create(*, actor, code: str, name: str, org, **fields) -> PeerGroup:
    """Add a peer group (对标组) under a company's party office."""
    require_at(actor, "value", ADD, org)
    require_company(actor, ADD)
    if not is_system(actor):
        company_of(actor, org, ADD)
    return _create(actor, PeerGroup(code=code, name=name, org=org, **fields))


GROUP_FIELDS = ("name", "metric", "top_points", "target_value_per_hour", "active", "sort_order")


@transaction.atomic
def group_update(*, actor, group: PeerGroup, **fields) -> PeerGroup:
    """Change a peer group's name, assessment metric, points table, target or order; `active=False` retires it."""
    _require_group(actor, group)
    return _update(actor, group, fields, GROUP_FIELDS)


@transaction.atomic
def item_create(
    *, actor, code: str, name: str, kind: str, unit_of_measure: str = "", sort_order: int = 0, org=None
) -> Item:
    """Add an item to a company's catalogue (its prices come with price_set). `org`: the company (root org); the
    actor's only company when not given."""
    root = org if is_system(actor) else company_of(actor, org, ADD)
    item = Item(code=code, name=name, kind=kind, unit_of_measure=unit_of_measure, sort_order=sort_order, org=root)
    return _create(actor, item)


ITEM_FIELDS = ("name", "unit_of_measure", "sort_order", "active")


@transaction.atomic
def item_update(*, actor, item: Item, **fields) -> Item:
    """Change an item's name, unit of measure or order; `active=False` retires it (no longer offered for entry,
    its records and prices stay). The code and the kind stay: records were valued with them."""
    require_item(actor, item)
    return _update(actor, item, fields, ITEM_FIELDS)


@transaction.atomic
def item_retire(*, actor, item: Item) -> Item:
    return item_update(actor=actor, item=item, active=False)


@transaction.atomic
def group_item_set(
    *, actor, group: PeerGroup, item: Item, target_per_hour: Decimal | None = None, sort_order: int = 0
) -> GroupItem:
    """Say that a peer group accounts for an item (and its target per hour worked)."""
    require_at(actor, "value", CHANGE, group.org)
    if not is_system(actor):
        _require_group(actor, group)
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
    _require_group(actor, group)
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
    _require_group(actor, group, ADD)
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
    subtree enters its days). The party office of the company does it; enrolling a team again re-activates it."""
    require_at(actor, "value", ADD, org)
    _require_enrolment(actor, unit=unit, group=group, org=org)
    found = AccountingUnit._base_manager.filter(unit=unit).first()
    if found is not None:
        return _update(actor, found, {"group": group, "org": org, "active": True}, ("group", "org", "active"))
    return _create(actor, AccountingUnit(unit=unit, group=group, org=org))


@transaction.atomic
def unit_retire(*, actor, accounting: AccountingUnit) -> AccountingUnit:
    """The team no longer takes part (its records stay; it is no longer offered for entry or ranked anew)."""
    _require_group(actor, accounting.group)
    return _update(actor, accounting, {"active": False}, ("active",))


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
