"""Writes to the points ledger: record an entry, approve or reject it (caps applied at approval), reverse it, appeal.

Every write is one transaction with its audit row. The ledger is append-only: a decision is written once on a
pending entry, and a correction is a new reversing entry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.permissions import ADD, CHANGE
from dangjian.core.services import is_system, require_at
from dangjian.org.models import Person
from dangjian.points import inbox
from dangjian.points.models import Appeal, AppraisalInput, PointsEntry, PointsRule
from dangjian.points.services.common import period_bounds, person_company, user_or_none

ZERO = Decimal("0.00")


def _entry_snapshot(entry: PointsEntry) -> dict:
    return audit.snapshot(entry)


def _is_own(actor, person_id: int) -> bool:
    return not is_system(actor) and getattr(actor, "person_id", None) == person_id


def rule_for(*, company, code: str, day: dt.date) -> PointsRule | None:
    """The version of rule `code` in force on `day` in `company`'s catalogue."""
    for rule in PointsRule.objects.filter(company=company, code=code, active=True).order_by("-version"):
        if rule.valid_on(day):
            return rule
    return None


def cap_room(*, entry: PointsEntry) -> Decimal | None:
    """How many points (as a positive amount) the entry's rule still allows its person in the entry's cap period,
    counting approved entries of every version of the rule (net of reversals); None when the rule has no cap."""
    rule = entry.rule
    if rule.cap is None:
        return None
    start, end = period_bounds(entry.occurred_on, rule.cap_period)
    used = (
        PointsEntry.objects.filter(
            person_id=entry.person_id,
            rule__company_id=rule.company_id,
            rule__code=rule.code,
            status=PointsEntry.Status.APPROVED,
            occurred_on__range=(start, end),
        ).aggregate(s=Sum("awarded"))["s"]
        or ZERO
    )
    return max(rule.cap - abs(used), ZERO)


def _decide(entry: PointsEntry, *, actor, note: str = "") -> None:
    """Approve a locked pending entry: cut the points to the cap's room, with a note saying so."""
    approve_within(entry, room=cap_room(entry=entry), actor=actor, note=note)


def approve_within(entry: PointsEntry, *, room: Decimal | None, actor, note: str = "") -> None:
    """Approve `entry` with `room` points left under its rule's cap (None: no cap); the cut is noted."""
    awarded = entry.points
    notes = [note] if note else []
    if room is not None and abs(awarded) > room:
        awarded = room if entry.points > 0 else -room
        notes.append(
            _("Cut from %(claimed)s to %(awarded)s: the rule allows %(cap)s %(period)s.")
            % {
                "claimed": entry.points,
                "awarded": awarded,
                "cap": entry.rule.cap,
                "period": entry.rule.get_cap_period_display(),
            }
        )
    entry.awarded = awarded
    entry.status = PointsEntry.Status.APPROVED
    entry.decided_by = user_or_none(actor)
    entry.decided_by_name = actor.get_username()
    entry.decided_at = timezone.now()
    entry.decision_note = " ".join(notes)[:300]


def _lock(entry: PointsEntry) -> PointsEntry:
    """Lock the person first (caps are per person: two approvals for one person queue), then the entry."""
    Person.objects.select_for_update().filter(pk=entry.person_id).first()
    return PointsEntry.objects.select_for_update().select_related("rule", "person__branch").get(pk=entry.pk)


@transaction.atomic
def entry_create(
    *,
    actor,
    person: Person,
    rule: PointsRule,
    occurred_on: dt.date,
    reason: str,
    evidence: str = "",
    points: Decimal | None = None,
) -> PointsEntry:
    """Record an entry by hand: a member claims their own (always pending), or someone who may add points in the
    person's branch records it (approved at once, cap applied, when the rule needs no approval)."""
    own = _is_own(actor, person.pk)
    if not own:
        require_at(actor, "points", ADD, person.branch)
    if not person.is_party_member:
        raise InvalidInput(_("Points are kept for party members (full and probationary)."))
    if rule.source:
        raise InvalidInput(
            _("This rule's points come by themselves from the record of the fact; it cannot be claimed by hand."),
            errors={"rule": [_("Choose a rule without an automatic source.")]},
        )
    if rule.company.path != person_company(person).path:
        raise InvalidInput(_("The rule belongs to another company's catalogue."), errors={"rule": [_("Not found.")]})
    if not rule.valid_on(occurred_on):
        raise InvalidInput(
            _("The rule is not in force on that date."), errors={"occurred_on": [_("Outside the rule's dates.")]}
        )
    if occurred_on > timezone.localdate():
        raise InvalidInput(_("Points are for what has happened."), errors={"occurred_on": [_("A future date.")]})
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say what the points are for."), errors={"reason": [_("This field is required.")]})
    if rule.evidence_required and not (evidence or "").strip():
        raise InvalidInput(
            _("This rule needs evidence: describe it or give a reference."),
            errors={"evidence": [_("This field is required.")]},
        )
    if points is None:
        points = rule.points
    if points == 0 or (points > 0) != (rule.points > 0):
        raise InvalidInput(
            _("The points must have the rule's sign."), errors={"points": [_("Check the sign of the number.")]}
        )
    entry = PointsEntry(
        person=person,
        rule=rule,
        points=points,
        occurred_on=occurred_on,
        reason=reason[:300],
        evidence=evidence or "",
        created_by=user_or_none(actor),
        created_by_name=actor.get_username(),
        created_at=timezone.now(),
    )
    if not own and not rule.approval_required:
        Person.objects.select_for_update().filter(pk=person.pk).first()
        _decide(entry, actor=actor)
    entry.save()
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=entry, after=_entry_snapshot(entry))
    inbox.entry_waiting(entry)
    _stars_changed(entry)
    return entry


@transaction.atomic
def entry_approve(*, actor, entry: PointsEntry, note: str = "") -> PointsEntry:
    """Approve a pending entry: the excess over the rule's cap is cut, with a note. Nobody approves their own entry;
    a second approval of the same entry (even at the same moment) finds it decided and is refused."""
    entry = _lock(entry)
    require_at(actor, "points", CHANGE, entry.person.branch)
    if _is_own(actor, entry.person_id):
        raise NotPermitted(_("Nobody approves their own points: ask another reviewer."))
    if entry.status != PointsEntry.Status.PENDING:
        raise Conflict(_("This entry has already been decided."))
    before = _entry_snapshot(entry)
    _decide(entry, actor=actor, note=note)
    entry.save(update_fields=["awarded", "status", "decided_by", "decided_by_name", "decided_at", "decision_note"])
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=entry, before=before, after=_entry_snapshot(entry))
    inbox.entry_decided(entry)
    _stars_changed(entry)
    return entry


@transaction.atomic
def entry_reject(*, actor, entry: PointsEntry, note: str) -> PointsEntry:
    """Reject a pending entry, saying why."""
    entry = _lock(entry)
    require_at(actor, "points", CHANGE, entry.person.branch)
    if _is_own(actor, entry.person_id):
        raise NotPermitted(_("Nobody decides on their own points: ask another reviewer."))
    if entry.status != PointsEntry.Status.PENDING:
        raise Conflict(_("This entry has already been decided."))
    if not (note or "").strip():
        raise InvalidInput(_("Say why the entry is rejected."), errors={"note": [_("This field is required.")]})
    before = _entry_snapshot(entry)
    entry.status = PointsEntry.Status.REJECTED
    entry.decided_by, entry.decided_by_name = user_or_none(actor), actor.get_username()
    entry.decided_at, entry.decision_note = timezone.now(), note.strip()[:300]
    entry.save(update_fields=["status", "decided_by", "decided_by_name", "decided_at", "decision_note"])
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=entry, before=before, after=_entry_snapshot(entry))
    inbox.entry_decided(entry)
    return entry


def _reverse(entry: PointsEntry, *, actor, reason: str) -> PointsEntry:
    """Write the approved entry that cancels `entry` (locked, approved, not yet reversed), dated like it so the
    period's total nets out."""
    if entry.status != PointsEntry.Status.APPROVED or entry.is_reversal:
        raise Conflict(_("Only an approved entry can be reversed."))
    if PointsEntry.objects.filter(reverses=entry).exists():
        raise Conflict(_("This entry has already been reversed."))
    now = timezone.now()
    reversal = PointsEntry(
        person_id=entry.person_id,
        rule=entry.rule,
        points=-entry.awarded,
        awarded=-entry.awarded,
        occurred_on=entry.occurred_on,
        reason=reason[:300],
        status=PointsEntry.Status.APPROVED,
        automatic=entry.automatic,
        source_type=entry.source_type,
        source_id=entry.source_id,
        reverses=entry,
        created_by=user_or_none(actor),
        created_by_name=actor.get_username(),
        created_at=now,
        decided_by=user_or_none(actor),
        decided_by_name=actor.get_username(),
        decided_at=now,
    )
    reversal.save()
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=reversal, after=_entry_snapshot(reversal))
    _stars_changed(reversal)
    return reversal


@transaction.atomic
def entry_reverse(*, actor, entry: PointsEntry, reason: str) -> PointsEntry:
    """Correct an approved entry by writing its reversing entry (never an edit)."""
    entry = _lock(entry)
    require_at(actor, "points", CHANGE, entry.person.branch)
    if _is_own(actor, entry.person_id):
        raise NotPermitted(_("Nobody corrects their own points: ask another reviewer."))
    if not (reason or "").strip():
        raise InvalidInput(_("Say why the entry is corrected."), errors={"reason": [_("This field is required.")]})
    return _reverse(entry, actor=actor, reason=reason.strip())


@transaction.atomic
def appeal_create(*, actor, entry: PointsEntry, reason: str) -> Appeal:
    """A member appeals one of their own decided entries (one open appeal per entry)."""
    entry = PointsEntry.objects.select_for_update().get(pk=entry.pk)
    if not _is_own(actor, entry.person_id):
        raise NotPermitted(_("Only the member can appeal their own points."))
    if entry.status == PointsEntry.Status.PENDING or entry.is_reversal:
        raise Conflict(_("Only a decided entry can be appealed."))
    if PointsEntry.objects.filter(reverses=entry).exists():
        raise Conflict(_("This entry has already been reversed."))
    if Appeal.objects.filter(entry=entry, status=Appeal.Status.OPEN).exists():
        raise Conflict(_("This entry already has an open appeal."))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say why you appeal."), errors={"reason": [_("This field is required.")]})
    appeal = Appeal.objects.create(
        entry=entry, reason=reason, created_by=user_or_none(actor), created_at=timezone.now()
    )
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=appeal, after=audit.snapshot(appeal))
    inbox.appeal_lodged(appeal)
    return appeal


@transaction.atomic
def appeal_decide(*, actor, appeal: Appeal, uphold: bool, decision: str) -> Appeal:
    """A reviewer decides an appeal. Upheld: an approved entry is reversed; a rejected one is granted as a new
    entry (cap applied). Dismissed: nothing else changes. Either way the decision is recorded and audited."""
    appeal = Appeal.objects.select_for_update().select_related("entry__person__branch").get(pk=appeal.pk)
    entry = appeal.entry
    require_at(actor, "points", CHANGE, entry.person.branch)
    if _is_own(actor, entry.person_id):
        raise NotPermitted(_("Nobody decides an appeal about their own points."))
    if appeal.status != Appeal.Status.OPEN:
        raise Conflict(_("This appeal has already been decided."))
    decision = (decision or "").strip()
    if not decision:
        raise InvalidInput(_("Give the reasons for the decision."), errors={"decision": [_("This field is required.")]})
    before = audit.snapshot(appeal)
    outcome = None
    if uphold:
        entry = _lock(entry)
        note = _("Appeal upheld: %(decision)s") % {"decision": decision}
        if entry.status == PointsEntry.Status.APPROVED:
            outcome = _reverse(entry, actor=actor, reason=note)
        else:
            outcome = PointsEntry(
                person_id=entry.person_id,
                rule=entry.rule,
                points=entry.points,
                occurred_on=entry.occurred_on,
                reason=note[:300],
                evidence=entry.evidence,
                created_by=user_or_none(actor),
                created_by_name=actor.get_username(),
                created_at=timezone.now(),
            )
            _decide(outcome, actor=actor)
            outcome.save()
            audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=outcome, after=_entry_snapshot(outcome))
            _stars_changed(outcome)
    appeal.status = Appeal.Status.UPHELD if uphold else Appeal.Status.DISMISSED
    appeal.decided_by, appeal.decided_at = user_or_none(actor), timezone.now()
    appeal.decision, appeal.outcome_entry = decision, outcome
    appeal.save()
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=appeal, before=before, after=audit.snapshot(appeal))
    inbox.appeal_decided(appeal)
    return appeal


def _stars_changed(entry: PointsEntry) -> None:
    """An approved entry changes the year's total: recompute the person's stars after commit (background task)."""
    if entry.status != PointsEntry.Status.APPROVED:
        return
    # Stars are rated once the year's appraisal is in; before that there is nothing to recompute.
    if not AppraisalInput.objects.filter(person_id=entry.person_id, year=entry.occurred_on.year).exists():
        return
    from dangjian.points.tasks import recompute_member_stars

    person_id, year = entry.person_id, entry.occurred_on.year
    transaction.on_commit(lambda: recompute_member_stars(person_id, year))
