"""Writes for the indicator catalogue, targets and values: each checks permission, validates and audits, atomically.

Values and targets are written only for the units inside the caller's write scope: the units covered by the orgs
where the caller holds the grant, and the units below them (dangjian/org/tenancy.py). A unit of another company is
not found (404); one of the caller's company outside that scope is refused (403); either refuses the whole batch.
The catalogue itself belongs to the whole company, so changing it needs the grant over a root party org (the party
office at the company committee); the MES/ERP integration account, held over a company's root org, feeds values for
that company and never edits the catalogue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.concurrency import unique_conflict
from dangjian.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.permissions import ADD, CHANGE, EXPORT, IMPORT, Role, role_grants
from dangjian.core.request_context import client_address
from dangjian.core.scoping import assignments, can_anywhere
from dangjian.core.services import is_system, validate
from dangjian.indicators.models import Indicator, IndicatorValue, IndicatorValueRevision, Target
from dangjian.indicators.periods import PeriodError, parse_period, parse_value, period_label
from dangjian.org import tenancy
from dangjian.org.models import Unit

INDICATOR_FIELDS = (
    "code",
    "name",
    "unit_of_measure",
    "direction",
    "rollup",
    "weight",
    "numerator",
    "denominator",
    "factor",
    "granularity",
    "owner_unit",
    "benchmark",
    "decimals",
    "category",
    "description",
    "active",
    "sort_order",
    "key",
)
# One push or one flush of an import: enough for a day of a big plant, small enough to check in one pass.
MAX_BATCH = 5000
Source = IndicatorValue.Source


def require_anywhere(actor, action: str) -> None:
    """Refuse unless `actor` holds `action` on indicators somewhere (which units: tenancy.require_units)."""
    if not is_system(actor) and not can_anywhere(actor, "indicator", action):
        raise NotPermitted(_("You do not have permission to do this."))


def require_catalogue(actor, action: str, company=None) -> None:
    """Refuse unless `actor` holds `action` on indicators over a whole company (a root party org's subtree) — over
    `company` itself when given (its catalogue is the one changed). A shared indicator (no company) is changed only
    by the system."""
    if is_system(actor):
        return
    # A path of a root org has exactly one id ("/7/"); the machine account feeds values and does not count here.
    if not any(
        path is not None
        and path.count("/") == 2
        and (company is None or path == company.path)
        and role_grants(role, "indicator", action)
        for role, path, _kind in assignments(actor)
        if role != Role.INTEGRATION
    ):
        raise NotPermitted(_("Only the party office of the whole company may change the indicator catalogue."))


def catalogue_editable(user, company=None) -> bool:
    """May `user` change the catalogue (of `company`)? For the pages' buttons; the services check again."""
    try:
        require_catalogue(user, CHANGE, company)
    except NotPermitted:
        return False
    return True


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _unknown(fields: dict) -> None:
    extra = set(fields) - set(INDICATOR_FIELDS)
    if extra:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(extra))})


def _company_for_new(actor, company, owner_unit):
    """The company whose catalogue gets a new indicator: the given one, else that of the owner unit, else the
    actor's only company. The system may add a shared indicator (no company)."""
    if company is None and owner_unit is not None:
        company = tenancy.company_of_unit(owner_unit)
    if company is None and not is_system(actor):
        mine = list(tenancy.companies(actor)[:2])
        if len(mine) != 1:
            raise InvalidInput(
                _("Choose the owner unit: it tells which company's catalogue the indicator belongs to."),
                errors={"owner_unit": [_("Choose a unit of your company.")]},
            )
        company = mine[0]
    if company is not None and not tenancy.in_company_org(actor, company):
        raise NotFound(_("There is no such company, or it is not yours."))
    return company


def new_indicator_company(actor, *, owner_unit=None):
    """The company whose catalogue a new indicator joins (see _company_for_new): for the import's check."""
    return _company_for_new(actor, None, owner_unit)


def _check_company_links(indicator: Indicator) -> None:
    """The owner unit lies in the indicator's company; weights, numerators and denominators are of the same company
    or shared — a catalogue never reaches into another company's."""
    errors: dict[str, list[str]] = {}
    company = indicator.company
    if company is None:
        return
    if indicator.owner_unit_id:
        owner = tenancy.company_of_unit(indicator.owner_unit)
        if owner is None or owner.pk != company.pk:
            errors["owner_unit"] = [_("Choose a unit of the company that owns the catalogue.")]
    for name in ("weight", "numerator", "denominator"):
        other = getattr(indicator, name) if getattr(indicator, f"{name}_id") else None
        if other is not None and other.company_id not in (None, company.pk):
            errors[name] = [_("Choose an indicator of the same company.")]
    if errors:
        raise InvalidInput(_("Please correct the errors below."), errors=errors)


@transaction.atomic
def indicator_create(*, actor, company=None, **fields) -> Indicator:
    """Add an indicator to a company's catalogue (see _company_for_new for which company)."""
    _unknown(fields)
    company = _company_for_new(actor, company, fields.get("owner_unit"))
    require_catalogue(actor, ADD, company)
    indicator = Indicator(company=company, **fields)
    validate(indicator)
    _check_company_links(indicator)
    with unique_conflict(_("The catalogue already has an indicator with this code.")):
        indicator.save()
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=indicator, after=audit.snapshot(indicator))
    return indicator


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, **fields) -> Indicator:
    """Change an indicator of the actor's company (another company's: NotFound). Its granularity, and whether it
    stores values at all (a ratio does not), are fixed once values exist: the stored values would no longer match it.
    Retiring is `active=False`: the indicator and its values stay, no new values are accepted."""
    _unknown(fields)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if indicator.company is not None and not tenancy.in_company_org(actor, indicator.company):
        raise NotFound(_("No such indicator, or you do not have access to it."))
    if indicator.company is None and not is_system(actor):
        raise NotPermitted(_("This indicator is shared by every company and is kept by the system."))
    require_catalogue(actor, CHANGE, indicator.company)
    before = audit.snapshot(indicator)
    had_values = indicator.values.exists()
    old_granularity, old_stores = indicator.granularity, indicator.stores_values
    for name, value in fields.items():
        setattr(indicator, name, value)
    if had_values and (indicator.granularity != old_granularity or indicator.stores_values != old_stores):
        raise Conflict(
            _("%(name)s already has values, so its granularity and whether it is a ratio cannot change.")
            % {"name": indicator.name}
        )
    validate(indicator)
    _check_company_links(indicator)
    with unique_conflict(_("The catalogue already has an indicator with this code.")):
        indicator.save()
    after = audit.snapshot(indicator)
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=indicator, before=before, after=after)
    return indicator


def indicator_retire(*, actor, indicator: Indicator, active: bool = False) -> Indicator:
    """Retire an indicator (no new values; it leaves the pickers and the kiosk) or, with active=True, restore it."""
    return indicator_update(actor=actor, indicator=indicator, active=active)


@transaction.atomic
def target_set(
    *, actor, indicator: Indicator, unit: Unit, year: int, month: int | None = None, value: Decimal
) -> Target:
    """Set the target of an indicator at a unit for a month, or for the year (month None); replaces an earlier one.
    The unit must be in the actor's write scope (another company's: NotFound; outside the actor's orgs:
    NotPermitted)."""
    require_anywhere(actor, CHANGE)
    tenancy.require_units(actor, [unit], "indicator", CHANGE)
    target = Target.objects.select_for_update().filter(indicator=indicator, unit=unit, year=year, month=month).first()
    before = audit.snapshot(target) if target else None
    if target is None:
        target = Target(indicator=indicator, unit=unit, year=year, month=month)
    elif target.value == value:
        return target
    target.value, target.updated_at, target.updated_by = value, timezone.now(), _user(actor)
    validate(target)
    target.save()
    action = AuditLog.Action.UPDATE if before else AuditLog.Action.CREATE
    audit.record(actor=actor, action=action, obj=target, before=before, after=audit.snapshot(target))
    return target


@transaction.atomic
def target_clear(*, actor, indicator: Indicator, unit: Unit, year: int, month: int | None = None) -> bool:
    """Take away the target of an indicator at a unit for a month, or for the year (month None): the trend and the
    table then show none (a month without its own target falls back to the year's). The same write scope as
    target_set. Returns whether there was a target."""
    require_anywhere(actor, CHANGE)
    tenancy.require_units(actor, [unit], "indicator", CHANGE)
    target = Target.objects.select_for_update().filter(indicator=indicator, unit=unit, year=year, month=month).first()
    if target is None:
        return False
    audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=target, before=audit.snapshot(target))
    target.delete()
    return True


@dataclass
class ValueRow:
    """One checked row of a batch, ready to write."""

    number: int
    indicator: Indicator
    unit: Unit
    period_start: dt.date
    shift: str
    value: Decimal

    @property
    def key(self) -> tuple:
        return (self.indicator.pk, self.unit.pk, self.indicator.granularity, self.period_start, self.shift)


def _row_error(number: int, field: str, message: str) -> dict:
    return {"row": number, "field": field, "message": message}


def _lookup(queryset, codes: set[str]) -> dict:
    # Units are looked up whole here (the integration account holds no unit grant); whether the caller may write
    # for them is decided after, in one place (values_upsert → tenancy.require_units).
    return {obj.code: obj for obj in queryset.filter(code__in=codes)} if codes else {}


def check_value_rows(rows: list[dict], actor=None) -> tuple[list[ValueRow], list[dict]]:
    """Check every row of a batch ({indicator, unit, period, value, shift?, row?}) in three queries. With `actor`,
    only the indicators of the actor's companies and the shared ones are found (another company's: "no indicator").

    Returns the good rows and one error per bad cell: {"row", "field", "message"}. `row` is the row's own "row" key
    if it has one (an import passes the file's row number), else its 1-based position in the batch.
    """

    def code(raw, key):
        value = raw.get(key)
        return str(value).strip() if value is not None else ""

    # The numerator and denominator name a ratio in its refusal sentence.
    indicators = _lookup(
        Indicator._base_manager.select_related("numerator", "denominator").filter(
            tenancy.company_q(actor, "company", shared=True) if actor is not None else Q()
        ),
        {code(r, "indicator") for r in rows} - {""},
    )
    units = _lookup(Unit._base_manager.all(), {code(r, "unit") for r in rows} - {""})
    good, errors, seen = [], [], {}
    for position, raw in enumerate(rows, start=1):
        number = raw.get("row") or position
        found = []
        indicator = indicators.get(code(raw, "indicator"))
        if indicator is None:
            message = (
                _("Give the indicator code.")
                if not code(raw, "indicator")
                else _("There is no indicator “%(code)s”.") % {"code": code(raw, "indicator")[:40]}
            )
            found.append(_row_error(number, "indicator", message))
        elif not indicator.active:
            found.append(_row_error(number, "indicator", _("%(name)s is no longer in use.") % {"name": indicator}))
        elif not indicator.stores_values:
            found.append(
                _row_error(
                    number,
                    "indicator",
                    _("%(name)s is computed from %(numerator)s ÷ %(denominator)s; send those two instead.")
                    % {"name": indicator, "numerator": indicator.numerator, "denominator": indicator.denominator},
                )
            )
        unit = units.get(code(raw, "unit"))
        if unit is None:
            message = (
                _("Give the unit code.")
                if not code(raw, "unit")
                else _("There is no unit “%(code)s”.") % {"code": code(raw, "unit")[:40]}
            )
            found.append(_row_error(number, "unit", message))
        try:
            value = parse_value(raw.get("value"))
        except PeriodError as exc:
            found.append(_row_error(number, exc.field, exc.message))
        period = None
        if indicator is not None:
            try:
                period = parse_period(indicator.granularity, raw.get("period"), raw.get("shift"))
            except PeriodError as exc:
                found.append(_row_error(number, exc.field, exc.message))
        if found:
            errors.extend(found)
            continue
        row = ValueRow(number, indicator, unit, period[0], period[1], value)
        if row.key in seen:
            label = period_label(indicator.granularity, row.period_start, row.shift)
            errors.append(
                _row_error(
                    number,
                    "period",
                    _("Row %(other)s already gives %(indicator)s for %(unit)s in %(period)s.")
                    % {"other": seen[row.key], "indicator": indicator.code, "unit": unit.code, "period": label},
                )
            )
            continue
        seen[row.key] = number
        good.append(row)
    return good, errors


def existing_values(rows: list[ValueRow], *, lock: bool = False) -> dict[tuple, IndicatorValue]:
    """The stored values for these rows' keys, one query per indicator (locked for update when writing)."""
    by_indicator: dict[int, list[ValueRow]] = {}
    for row in rows:
        by_indicator.setdefault(row.indicator.pk, []).append(row)
    found = {}
    for indicator_id, group in by_indicator.items():
        queryset = IndicatorValue._base_manager.filter(
            indicator_id=indicator_id,
            granularity=group[0].indicator.granularity,
            unit_id__in={r.unit.pk for r in group},
            period_start__in={r.period_start for r in group},
        )
        if lock:
            queryset = queryset.select_for_update()
        for value in queryset:
            found[(value.indicator_id, value.unit_id, value.granularity, value.period_start, value.shift)] = value
    return found


def _change_audit_rows(actor, changes: list[tuple[IndicatorValue, IndicatorValueRevision]], reason: str) -> list:
    """Audit rows for changed values, written in one statement (a resent day can change thousands of values);
    they carry what audit.record() would write."""
    user = _user(actor)
    name = (actor.get_username() if actor is not None else "")[:150]
    address = client_address.get()
    return [
        AuditLog(
            actor=user,
            actor_name=name,
            action=AuditLog.Action.UPDATE,
            object_type=IndicatorValue._meta.label_lower,
            object_id=str(value.pk),
            object_repr=str(value)[:200],
            before={"value": str(old.value), "revision": old.revision, "source": old.source},
            after={"value": str(value.value), "revision": value.revision, "source": value.source},
            comment=reason[:500],
            client_address=address,
        )
        for value, old in changes
    ]


@transaction.atomic
def values_upsert(*, actor, rows: list[dict], source: str, reason: str = "") -> dict[str, int]:
    """Write a batch of values ({indicator, unit, period, value, shift?}), all or nothing.

    Every row is checked first; any bad row raises InvalidInput with errors {"rows": [{row, field, message}]} and
    nothing is written. Resending a batch is harmless: an identical value is left alone, a changed one keeps the
    earlier value as a revision and gets an audit row. Returns {"created", "updated", "unchanged"}.
    """
    if source not in Source.values:
        raise InvalidInput(_("Unknown source of values."))
    require_anywhere(actor, ADD)
    if source == Source.IMPORT:
        require_anywhere(actor, IMPORT)
    if not rows:
        raise InvalidInput(_("Send at least one value."), errors={"rows": []})
    if len(rows) > MAX_BATCH:
        raise InvalidInput(_("Send at most %(max)s values at a time.") % {"max": MAX_BATCH}, errors={"rows": []})
    good, errors = check_value_rows(rows, actor)
    if errors:
        raise InvalidInput(
            _("%(count)s of the values cannot be used, so none were written. Correct them and send the batch again.")
            % {"count": len({e["row"] for e in errors})},
            errors={"rows": errors},
        )
    # Another company's unit is 404 and a unit outside the caller's orgs 403, for the whole batch.
    tenancy.require_units(actor, {row.unit for row in good}, "indicator", ADD)
    if source == Source.IMPORT:
        tenancy.require_units(actor, {row.unit for row in good}, "indicator", IMPORT)
    stored = existing_values(good, lock=True)
    now, user = timezone.now(), _user(actor)
    new, changed, changed_units = [], [], set()
    for row in good:
        current = stored.get(row.key)
        if current is None:
            new.append(
                IndicatorValue(
                    indicator=row.indicator,
                    unit=row.unit,
                    granularity=row.indicator.granularity,
                    period_start=row.period_start,
                    shift=row.shift,
                    value=row.value,
                    source=source,
                    updated_at=now,
                    updated_by=user,
                )
            )
        elif current.value != row.value:
            current.indicator = row.indicator  # already loaded: the audit row names it without a query per value
            old = IndicatorValueRevision(
                indicator_value=current,
                revision=current.revision,
                value=current.value,
                source=current.source,
                recorded_at=current.updated_at,
                recorded_by_id=current.updated_by_id,
                replaced_at=now,
                replaced_by=user,
                replaced_by_name=(actor.get_username() if actor is not None else "")[:150],
                reason=reason[:200],
            )
            current.value, current.source, current.revision = row.value, source, current.revision + 1
            current.updated_at, current.updated_by = now, user
            changed.append((current, old))
            changed_units.add(row.unit)
    if changed:
        require_anywhere(actor, CHANGE)
        tenancy.require_units(actor, changed_units, "indicator", CHANGE)
    try:
        IndicatorValue.objects.bulk_create(new, batch_size=1000)
    except IntegrityError:
        raise Conflict(_("Someone else wrote some of these values at the same moment. Send the batch again.")) from None
    if changed:
        IndicatorValueRevision.objects.bulk_create([old for _value, old in changed], batch_size=1000)
        IndicatorValue.objects.bulk_update(
            [value for value, _old in changed], ["value", "source", "revision", "updated_at", "updated_by"], 500
        )
        AuditLog.objects.bulk_create(_change_audit_rows(actor, changed, reason), batch_size=1000)
    counts = {"created": len(new), "updated": len(changed), "unchanged": len(good) - len(new) - len(changed)}
    if new or changed:
        # The created values carry who and when themselves; one row records the batch as a whole.
        periods = sorted(row.period_start for row in good)
        audit.record(
            actor=actor,
            action=AuditLog.Action.IMPORT if source == Source.IMPORT else AuditLog.Action.CREATE,
            object_type=IndicatorValue._meta.label_lower,
            object_repr=_("%(count)s indicator values") % {"count": len(good)},
            after={
                **counts,
                "source": source,
                "indicators": sorted({row.indicator.code for row in good}),
                "from": periods[0].isoformat(),
                "to": periods[-1].isoformat(),
            },
            comment=reason,
        )
    return counts


def indicator_export_audit(*, actor, indicator: Indicator, what: str, rows: int, params: dict) -> None:
    """Record an export of an indicator's series or unit × month table: who took which data, with which choices.
    Production figures leaving the system are worth an audit row even though nothing in the database changed."""
    require_anywhere(actor, EXPORT)
    audit.record(
        actor=actor,
        action=AuditLog.Action.EXPORT,
        obj=indicator,
        after={"export": what, "rows": rows, **params},
    )
