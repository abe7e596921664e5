"""Writes for cost-reduction programmes: each checks the "project" grant at the owner org, validates and audits in the
same transaction. The performance-pay export is audited too (pay data leaving the system)."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.permissions import ADD, CHANGE, EXPORT, VIEW
from dangjian.core.services import is_system, require_at, save_audited, validate
from dangjian.org.models import PartyOrg, Person
from dangjian.projects.costs.models import Measure, MonthlyTarget, Programme, ProgrammeItem

PROGRAMME_FIELDS = ("owner_org", "year", "name", "description", "full_points", "full_at", "zero_below")
MAX_MEASURES = 50


def _unknown(fields: dict, allowed) -> None:
    extra = set(fields) - set(allowed)
    if extra:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(extra))})


def _save(obj, *, duplicate: str) -> None:
    validate(obj)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise Conflict(duplicate) from None


@transaction.atomic
def programme_create(*, actor, owner_org: PartyOrg, year: int, name: str, **fields) -> Programme:
    """Start a programme for a party org and year; the pay rule defaults to full points from 100 %, none below 90 %."""
    _unknown(fields, PROGRAMME_FIELDS)
    require_at(actor, "project", ADD, owner_org)
    programme = Programme(owner_org=owner_org, year=year, name=name, **fields)
    _save(programme, duplicate=_("This organisation already has a programme of that name for that year."))
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=programme, after=audit.snapshot(programme))
    return programme


@transaction.atomic
def programme_update(*, actor, programme: Programme, **fields) -> Programme:
    """Change a programme (name, description, the pay rule, or its org — the actor needs the grant at both)."""
    _unknown(fields, PROGRAMME_FIELDS)
    programme = Programme.objects.select_for_update().select_related("owner_org").get(pk=programme.pk)
    require_at(actor, "project", CHANGE, programme.owner_org)
    if "owner_org" in fields:
        require_at(actor, "project", CHANGE, fields["owner_org"])
    before = audit.snapshot(programme)
    for name, value in fields.items():
        setattr(programme, name, value)
    _save(programme, duplicate=_("This organisation already has a programme of that name for that year."))
    audit.record(
        actor=actor, action=AuditLog.Action.UPDATE, obj=programme, before=before, after=audit.snapshot(programme)
    )
    return programme


def _item_snapshot(item: ProgrammeItem) -> dict:
    data = audit.snapshot(item)
    data["monthly_targets"] = {str(t.month): str(t.value) for t in item.monthly_targets.order_by("month")}
    data["measures"] = list(item.measures.order_by("sort_order", "id").values_list("text", flat=True))
    return data


def _check_owner(actor, owner: Person | None) -> None:
    # The owner's pay is tied to the item: the actor must be able to see the person they name.
    if owner is None or is_system(actor):
        return
    if not Person.objects.restrict(actor, VIEW).filter(pk=owner.pk).exists():
        raise NotPermitted(_("You cannot name this person as an owner."))


def _check_company(actor, indicator, unit) -> None:
    """An item reads an indicator of the actor's company catalogue (or a shared one) at a unit of the actor's company:
    anything else is refused as unknown, so another company's catalogue and units stay hidden."""
    from dangjian.indicators.models import Indicator
    from dangjian.org import tenancy

    errors = {}
    if (
        indicator is None
        or not Indicator._base_manager.filter(
            tenancy.company_q(actor, "company", shared=True), pk=indicator.pk
        ).exists()
    ):
        errors["indicator"] = [_("Choose an indicator of your company's catalogue.")]
    if unit is None or not tenancy.in_company(actor, unit):
        errors["unit"] = [_("Choose a unit of your company.")]
    if errors:
        raise InvalidInput(_("Please correct the errors below."), errors=errors)


@transaction.atomic
def item_save(
    *,
    actor,
    programme: Programme,
    indicator,
    unit,
    annual_target: Decimal,
    item: ProgrammeItem | None = None,
    owner: Person | None = None,
    unit_price: Decimal | None = None,
    monthly_targets: dict[int, Decimal] | None = None,
    measures: list[str] | None = None,
    sort_order: int = 0,
) -> ProgrammeItem:
    """Add an item to a programme, or replace an existing item's settings (`item`). `monthly_targets` {month: value}
    replaces the item's monthly targets (None leaves them); `measures` (one text each) replaces its measures."""
    require_at(actor, "project", CHANGE if item else ADD, programme.owner_org)
    _check_owner(actor, owner)
    _check_company(actor, indicator, unit)
    if item is not None and item.programme_id != programme.pk:
        raise InvalidInput(_("That item belongs to another programme."))
    before = _item_snapshot(item) if item else None
    item = item or ProgrammeItem(programme=programme)
    item.indicator, item.unit, item.annual_target = indicator, unit, annual_target
    item.owner, item.unit_price, item.sort_order = owner, unit_price, sort_order
    _save(item, duplicate=_("The programme already has this indicator for this unit."))
    if monthly_targets is not None:
        bad = [m for m in monthly_targets if not 1 <= int(m) <= 12]
        if bad:
            raise InvalidInput(_("A month is a number from 1 to 12."), errors={"monthly_targets": [str(bad[0])]})
        item.monthly_targets.all().delete()
        MonthlyTarget.objects.bulk_create(
            [MonthlyTarget(item=item, month=int(m), value=v) for m, v in sorted(monthly_targets.items())]
        )
    if measures is not None:
        texts = [t.strip()[:300] for t in measures if t and t.strip()]
        if len(texts) > MAX_MEASURES:
            raise InvalidInput(_("At most %(max)s measures per item.") % {"max": MAX_MEASURES})
        item.measures.all().delete()
        Measure.objects.bulk_create([Measure(item=item, text=t, sort_order=n) for n, t in enumerate(texts)])
    action = AuditLog.Action.UPDATE if before else AuditLog.Action.CREATE
    audit.record(actor=actor, action=action, obj=item, before=before, after=_item_snapshot(item))
    return item


@transaction.atomic
def item_remove(*, actor, item: ProgrammeItem) -> None:
    """Take an item out of its programme (with its monthly targets and measures)."""
    item = ProgrammeItem.objects.select_related("programme__owner_org").get(pk=item.pk)
    require_at(actor, "project", CHANGE, item.programme.owner_org)
    before = _item_snapshot(item)
    audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=item, before=before)
    item.delete()


def _locked_item(item: ProgrammeItem) -> ProgrammeItem:
    return ProgrammeItem.objects.select_for_update(of=("self",)).select_related("programme__owner_org").get(pk=item.pk)


def _measure_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Say what the measure is."), errors={"text": [_("This field is required.")]})
    if len(text) > 300:
        raise InvalidInput(
            _("A measure is at most 300 characters."), errors={"text": [_("Use at most 300 characters.")]}
        )
    return text


@transaction.atomic
def measure_add(*, actor, item: ProgrammeItem, text: str, sort_order: int | None = None) -> Measure:
    """Add one measure (重点措施) to an item, last unless `sort_order` is given."""
    item = _locked_item(item)
    require_at(actor, "project", CHANGE, item.programme.owner_org)
    text = _measure_text(text)
    if item.measures.count() >= MAX_MEASURES:
        raise Conflict(_("At most %(max)s measures per item.") % {"max": MAX_MEASURES})
    if sort_order is None:
        last = item.measures.order_by("-sort_order").values_list("sort_order", flat=True).first()
        sort_order = 0 if last is None else last + 1
    measure = Measure(item=item, text=text, sort_order=sort_order)
    save_audited(measure, actor=actor)
    return measure


@transaction.atomic
def measure_update(*, actor, measure: Measure, text: str | None = None, sort_order: int | None = None) -> Measure:
    """Reword or move one measure of an item."""
    _locked_item(measure.item)
    require_at(actor, "project", CHANGE, measure.item.programme.owner_org)
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    before = audit.snapshot(measure)
    if text is not None:
        measure.text = _measure_text(text)
    if sort_order is not None:
        measure.sort_order = sort_order
    validate(measure)
    measure.save()
    after = audit.snapshot(measure)
    if audit.changes(before, after):
        audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=measure, before=before, after=after)
    return measure


@transaction.atomic
def measure_remove(*, actor, measure: Measure) -> None:
    """Take one measure off its item."""
    item = _locked_item(measure.item)
    require_at(actor, "project", CHANGE, item.programme.owner_org)
    audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=measure, before=audit.snapshot(measure))
    measure.delete()


def results_export_audit(*, actor, programme: Programme, month: str, rows: int) -> None:
    """Record an export of a month's results for performance pay: who took which programme's month."""
    require_at(actor, "project", EXPORT, programme.owner_org)
    audit.record(
        actor=actor,
        action=AuditLog.Action.EXPORT,
        obj=programme,
        after={"export": "performance_pay", "month": month, "rows": rows},
    )
