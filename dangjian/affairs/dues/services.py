"""Writes of party dues, each one transaction that checks the grant at the member's or branch's org, validates,
saves and writes its audit rows: set a member's base (page, payroll import, payroll API push), record a month's
payments for a branch (with voluntary extras kept apart), cancel a payment recorded by mistake, note a reason for
arrears, close a branch's month (reconcile), recalculate a dues year in July, and record an export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.affairs.dues import inbox, months
from dangjian.affairs.dues.models import ArrearsReason, DuesBase, DuesPayment, Reconciliation
from dangjian.affairs.dues.rates import Category, dues_year, monthly_dues, rate_for
from dangjian.affairs.dues.selectors import MEMBER_STATUSES, members_of, month_totals
from dangjian.core import audit
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.scoping import can_anywhere
from dangjian.core.services import is_system, require_at, save_audited
from dangjian.org.models import PartyOrg, Person

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
MAX_BASE = Decimal("10000000")


def money(value, *, field: str, allow_blank: bool = False) -> Decimal | None:
    """A sum of money in 元 from a form, a cell or JSON (a string keeps every digit), to the fen; else InvalidInput."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if allow_blank:
            return None
        raise InvalidInput(_("Give an amount in 元."), errors={field: [_("This field is required.")]})
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        amount = None
    if (
        amount is None
        or not amount.is_finite()
        or amount < 0
        or amount >= MAX_BASE
        or amount != amount.quantize(Decimal("0.01"))
    ):
        message = _("An amount in 元 of at least 0, to the fen at most (e.g. 4860.50).")
        raise InvalidInput(message, errors={field: [message]})
    return amount.quantize(Decimal("0.01"))


def _require_member(person: Person, field: str = "person") -> None:
    if person.party_status not in MEMBER_STATUSES or not person.active:
        message = _("%(name)s is not a party member on the roll: dues are paid by members.") % {"name": person.name}
        raise InvalidInput(message, errors={field: [message]})


@transaction.atomic
def base_set(
    *, actor, person: Person, year: int, base, category: str = Category.EMPLOYED, source: str = DuesBase.Source.PAGE
) -> tuple[DuesBase, str]:
    """Set a member's base for the dues year starting in July of `year` and compute its monthly dues (rates.py).
    Sent again unchanged: UNCHANGED, nothing written. Payments already recorded keep the amount they were made at."""
    base = money(base, field="base")
    if category not in Category.values:
        message = _("Choose one of the categories.")
        raise InvalidInput(message, errors={"category": [message]})
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        message = _("A dues year from 2000 to 2100.")
        raise InvalidInput(message, errors={"year": [message]})
    _require_member(person)
    found = DuesBase.objects.select_for_update().filter(person=person, year=year).first()
    require_at(actor, "dues_base", "change" if found else "add", person.branch)
    rate, monthly = rate_for(base, category), monthly_dues(base, category)
    if found is not None:
        if (found.base, found.category, found.monthly) == (base, category, monthly):
            return found, UNCHANGED
        before = audit.snapshot(found)
        found.base, found.category, found.rate, found.monthly, found.source = base, category, rate, monthly, source
        found.recorded_at = timezone.now()
        save_audited(found, actor=actor, before=before)
        return found, UPDATED
    row = DuesBase(person=person, year=year, base=base, category=category, rate=rate, monthly=monthly, source=source)
    save_audited(row, actor=actor, conflict=_("This member's base for the year was just set by someone else."))
    return row, CREATED


def _reconciled(branch: PartyOrg, month: dt.date) -> bool:
    return Reconciliation.objects.filter(org=branch, month=month).exists()


@transaction.atomic
def payments_record(
    *,
    actor,
    branch: PartyOrg,
    month: dt.date,
    people: list[Person],
    paid_on: dt.date,
    channel: str,
    extras: dict[int, Decimal] | None = None,
) -> list[DuesPayment]:
    """Record that these members of `branch` paid `month`'s dues in full on `paid_on` (the secretary's collection);
    `extras` (person id → 元) are voluntary extra payments (自愿多交), recorded apart from the dues. Every member
    needs a base for the month's dues year; a month already paid, or a month the branch has closed, is a Conflict."""
    require_at(actor, "dues", "add", branch)
    if not branch.is_branch:
        raise InvalidInput(_("Dues are collected by a branch."), errors={"org": [_("Choose a branch.")]})
    today = timezone.localdate()
    month = months.first(month)
    if channel not in DuesPayment.Channel.values:
        raise InvalidInput(_("Choose how it was paid."), errors={"channel": [_("Choose how it was paid.")]})
    if paid_on > today:
        raise InvalidInput(_("A payment records what has happened."), errors={"paid_on": [_("A future date.")]})
    if month > months.add(months.first(today), 12):
        message = _("Dues are paid at most a year ahead.")
        raise InvalidInput(message, errors={"month": [message]})
    if not people:
        raise InvalidInput(_("Tick the members who paid."), errors={"people": [_("Nobody is ticked.")]})
    if _reconciled(branch, month):
        raise Conflict(_("The branch has closed this month; its payments are no longer changed."))
    extras = extras or {}
    bases = {b.person_id: b for b in DuesBase.objects.filter(person__in=people, year=dues_year(month))}
    already = set(DuesPayment.objects.filter(person__in=people, month=month).values_list("person_id", flat=True))
    rows = []
    for person in people:
        if person.branch_id != branch.pk:
            raise InvalidInput(
                _("%(name)s is not a member of %(branch)s.") % {"name": person.name, "branch": branch.name},
                errors={"people": [_("Someone ticked is not in this branch.")]},
            )
        _require_member(person, "people")
        base = bases.get(person.pk)
        if base is None:
            message = _("%(name)s has no dues base for %(year)s–%(next)s: set it first.") % {
                "name": person.name,
                "year": dues_year(month),
                "next": dues_year(month) + 1,
            }
            raise InvalidInput(message, errors={"people": [message]})
        if person.pk in already:
            raise Conflict(
                _("%(name)s's dues for %(month)s are already recorded.")
                % {"name": person.name, "month": f"{month:%Y-%m}"}
            )
        extra = money(extras.get(person.pk), field="extra", allow_blank=True) or Decimal("0.00")
        rows.append(
            DuesPayment(
                person=person,
                branch=branch,
                month=month,
                expected=base.monthly,
                amount=base.monthly,
                extra=extra,
                paid_on=paid_on,
                channel=channel,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        )
    try:
        with transaction.atomic():
            written = DuesPayment.objects.bulk_create(rows)
    except IntegrityError:
        raise Conflict(_("Some of these payments were just recorded by someone else.")) from None
    audit.record_many(actor=actor, action=AuditLog.Action.CREATE, objs=written)
    inbox.paid(people)
    return written


@transaction.atomic
def payment_cancel(*, actor, payment: DuesPayment) -> None:
    """Remove a payment recorded by mistake (the audit keeps it), while the branch's month is open."""
    payment = DuesPayment.objects.select_for_update().select_related("branch").get(pk=payment.pk)
    require_at(actor, "dues", "change", payment.branch)
    if _reconciled(payment.branch, payment.month):
        raise Conflict(_("The branch has closed this month; its payments are no longer changed."))
    audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=payment, before=audit.snapshot(payment))
    payment.delete()


@transaction.atomic
def reason_note(*, actor, person: Person, reason: str, noted_on: dt.date | None = None) -> ArrearsReason:
    """Note why a member has not paid (it lifts the six-month warning for the current run of unpaid months)."""
    require_at(actor, "dues", "change", person.branch)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say why the member has not paid."), errors={"reason": [_("This field is required.")]})
    noted_on = noted_on or timezone.localdate()
    if noted_on > timezone.localdate():
        raise InvalidInput(_("A reason is noted when it is known."), errors={"noted_on": [_("A future date.")]})
    row = ArrearsReason(
        person=person,
        noted_on=noted_on,
        reason=reason[:300],
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    save_audited(row, actor=actor)
    return row


@transaction.atomic
def month_reconcile(*, actor, branch: PartyOrg, month: dt.date) -> Reconciliation:
    """Close a branch's month (对账): its totals are kept as they are now and handed up; later payments of that month
    are refused. Only a month that has ended; twice is a Conflict."""
    require_at(actor, "dues", "change", branch)
    if not branch.is_branch:
        raise InvalidInput(_("A branch closes its month."), errors={"org": [_("Choose a branch.")]})
    month = months.first(month)
    if month >= months.first(timezone.localdate()):
        message = _("Only a month that has ended can be closed.")
        raise InvalidInput(message, errors={"month": [message]})
    if _reconciled(branch, month):
        raise Conflict(_("This month is already closed for the branch."))
    totals = month_totals(branch=branch, month=month)
    row = Reconciliation(
        org=branch,
        month=month,
        reconciled_by=actor if getattr(actor, "is_authenticated", False) else None,
        **totals,
    )
    save_audited(row, actor=actor, conflict=_("This month is already closed for the branch."))
    return row


@transaction.atomic
def annual_recalculate(*, actor, org: PartyOrg, year: int) -> dict:
    """The July recalculation (每年7月): for every party member of the org's subtree, the dues of the year starting
    in July `year` from their renewed base; a member whose base was not renewed keeps last year's (carried forward,
    marked so); a member with no base at all is counted as missing. Idempotent. Returns the counts."""
    require_at(actor, "dues_base", "change", org)
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        message = _("A dues year from 2000 to 2100.")
        raise InvalidInput(message, errors={"year": [message]})
    people = list(members_of(branch_paths=[org.path]))
    ids = [p.pk for p in people]
    current = {b.person_id: b for b in DuesBase.objects.select_for_update().filter(person_id__in=ids, year=year)}
    previous = {b.person_id: b for b in DuesBase.objects.filter(person_id__in=ids, year=year - 1)}
    counts = {"renewed": 0, "recalculated": 0, "carried": 0, "missing": 0}
    carried = []
    for person in people:
        found = current.get(person.pk)
        if found is not None:
            counts["renewed"] += 1
            monthly = monthly_dues(found.base, found.category)
            if monthly != found.monthly:
                before = audit.snapshot(found)
                found.rate, found.monthly = rate_for(found.base, found.category), monthly
                save_audited(found, actor=actor, before=before)
                counts["recalculated"] += 1
        elif person.pk in previous:
            old = previous[person.pk]
            carried.append(
                DuesBase(
                    person=person,
                    year=year,
                    base=old.base,
                    category=old.category,
                    rate=rate_for(old.base, old.category),
                    monthly=monthly_dues(old.base, old.category),
                    source=DuesBase.Source.CARRIED,
                )
            )
        else:
            counts["missing"] += 1
    if carried:
        try:
            with transaction.atomic():
                carried = DuesBase.objects.bulk_create(carried)
        except IntegrityError:
            raise Conflict(_("Bases for this year were just set by someone else; recalculate again.")) from None
        audit.record_many(actor=actor, action=AuditLog.Action.CREATE, objs=carried)
    counts["carried"] = len(carried)
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        object_type=DuesBase._meta.label_lower,
        object_repr=f"{org.code} {year}",
        after={"recalculation": year, "org": org.code, **counts},
    )
    return counts


def export_audit(*, actor, what: str, rows: int, params: dict) -> None:
    """Record an export of dues totals (money leaving the system is worth an audit row)."""
    if not is_system(actor) and not can_anywhere(actor, "dues", "export"):
        raise NotPermitted(_("You do not have permission to do this."))
    audit.record(
        actor=actor,
        action=AuditLog.Action.EXPORT,
        object_type=DuesPayment._meta.label_lower,
        object_repr=what,
        after={"export": what, "rows": rows, **params},
    )
