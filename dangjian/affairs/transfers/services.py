"""Writes for transfers and floating members. Each is one transaction: permission, validation, save, audit row.

The moves of a transfer are one table (MOVES): which status each step leaves from, per kind. Who may take a step:
- request: the sending branch's secretary (or 党群工作部 over it); a transfer in from outside is registered by the
  receiving branch's secretary;
- approve / reject: 党群工作部 over the branch, or the secretary of a higher org (the 总支 or 党委), never the branch
  itself (`may_approve`);
- send (the letter, with its tracking number and deadline): the sending side;
- confirm: the receiving branch's secretary (within the company, in from outside); for a transfer out of the system,
  the sending side when the return slip (回执) comes back;
- cancel: the side that asked, before the letter is sent.

The invariant: the person's branch (or, out of the system, their place on the roll) changes in the same transaction
as the confirming step, with the person's row locked, so a member is never in two branches or none. Two open
transfers of one person cannot exist (a partial unique constraint, and the person's row is locked while asking):
the second is a Conflict (409).

The person's history and points follow by themselves: status changes, points entries, stars and every other record
hang off the Person, and are scoped through `person.branch`, so after the move the receiving branch sees them.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dangjian.affairs.transfers import inbox
from dangjian.affairs.transfers.models import FloatingMember, Transfer
from dangjian.core import audit
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.permissions import ADD, CHANGE, Role
from dangjian.core.scoping import assignments
from dangjian.core.services import is_system, require_at, save_audited, validate
from dangjian.org import tenancy
from dangjian.org.models import PartyOrg, Person
from dangjian.org.standing import is_office_over

# Days a member has to report to the receiving org after the letter is sent (介绍信有效期), unless the sender sets
# another date: a month is the common practice for a letter within the country.
REPORT_DAYS = 30
MEMBER_STATUSES = (Person.PartyStatus.MEMBER, Person.PartyStatus.PROBATIONARY)
S = Transfer.Status
K = Transfer.Kind
# step -> {kind: the status it leaves from}; the status it reaches is TO[step].
MOVES = {
    "approve": {K.INTERNAL: S.REQUESTED, K.OUT: S.REQUESTED, K.IN: S.REQUESTED},
    "reject": {K.INTERNAL: S.REQUESTED, K.OUT: S.REQUESTED, K.IN: S.REQUESTED},
    "send": {K.INTERNAL: S.APPROVED, K.OUT: S.APPROVED},
    # A transfer in from outside arrives with the outside letter: once approved, the receiving branch confirms it.
    "confirm": {K.INTERNAL: S.SENT, K.OUT: S.SENT, K.IN: S.APPROVED},
}
TO = {"approve": S.APPROVED, "reject": S.REJECTED, "send": S.SENT, "confirm": S.CONFIRMED, "cancel": S.CANCELLED}
CANCELLABLE = (S.REQUESTED, S.APPROVED)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _company(org: PartyOrg) -> PartyOrg:
    return PartyOrg._base_manager.get(pk=tenancy.company_pk(org))


def asking_org(transfer: Transfer) -> PartyOrg:
    """The branch on our side that asked: the sending branch, or the receiving one for a transfer in."""
    return transfer.to_org if transfer.kind == K.IN else transfer.from_org


def confirming_org(transfer: Transfer) -> PartyOrg:
    """Whose secretary confirms: the receiving branch; out of the system, the sending one (the return slip)."""
    return transfer.from_org if transfer.kind == K.OUT else transfer.to_org


def may_approve(actor, transfer: Transfer) -> bool:
    """党群工作部 over the asking branch, or a secretary of an org strictly above it (the 总支 or the 党委)."""
    if is_system(actor):
        return True
    path = asking_org(transfer).path
    if is_office_over(actor, path):
        return True
    return any(
        role == Role.SECRETARY and held and path.startswith(held) and path != held
        for role, held, _kind in assignments(actor)
    )


def may_step(actor, transfer: Transfer, step: str) -> bool:
    """Whether `actor` may take `step` on `transfer` now (its status allows it and they have the standing); the pages
    show a button only where this holds."""
    if step == "cancel":
        if transfer.status not in CANCELLABLE:
            return False
    elif MOVES[step].get(transfer.kind) != transfer.status:
        return False
    try:
        _require_step(actor, transfer, step)
    except NotPermitted:
        return False
    return True


def _require_step(actor, transfer: Transfer, step: str) -> None:
    if step in ("approve", "reject"):
        if not may_approve(actor, transfer):
            raise NotPermitted(_("Only 党群工作部 or a higher party committee approves a transfer."))
    elif step == "send":
        require_at(actor, "transfer", CHANGE, transfer.from_org)
    elif step == "confirm":
        require_at(actor, "transfer", CHANGE, confirming_org(transfer))
    elif step == "cancel":
        if not may_approve(actor, transfer):
            require_at(actor, "transfer", CHANGE, asking_org(transfer))


def _locked(transfer: Transfer) -> Transfer:
    return (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("from_org", "to_org", "company")
        .get(pk=transfer.pk)
    )


def _move(actor, transfer: Transfer, step: str) -> tuple[Transfer, dict]:
    """Lock, check the status and the standing for `step`; returns the locked transfer and its snapshot."""
    transfer = _locked(transfer)
    allowed = CANCELLABLE if step == "cancel" else (MOVES[step].get(transfer.kind),)
    if allowed == (None,):  # a step this kind has not (a transfer in arrives with the outside letter)
        raise Conflict(_("This kind of transfer has no such step."))
    _require_step(actor, transfer, step)
    if transfer.status not in allowed:
        raise Conflict(
            _("This transfer is %(status)s: it cannot be %(step)s now.")
            % {"status": transfer.get_status_display(), "step": STEP_LABELS[step]()}
        )
    return transfer, audit.snapshot(transfer)


STEP_LABELS = {
    "approve": lambda: pgettext("transfer step", "approved"),
    "reject": lambda: pgettext("transfer step", "rejected"),
    "send": lambda: pgettext("transfer step", "sent"),
    "confirm": lambda: pgettext("transfer step", "confirmed"),
    "cancel": lambda: pgettext("transfer step", "cancelled"),
}


def _lock_person(person: Person) -> Person:
    return Person.objects.select_for_update(of=("self",)).select_related("branch").get(pk=person.pk)


def _no_open_transfer(person: Person) -> None:
    if Transfer.objects.filter(person=person, status__in=Transfer.OPEN).exists():
        raise Conflict(_("%(name)s already has a transfer under way.") % {"name": person.name})


def _valid_branch(org: PartyOrg | None, company: PartyOrg, field: str) -> None:
    if org is None:
        return
    if tenancy.company_pk(org) != company.pk or org.status != PartyOrg.Status.ACTIVE or org.kind == org.Kind.GROUP:
        raise InvalidInput(
            _("Choose an active branch of the company."), errors={field: [_("Choose an active branch of the company.")]}
        )


@transaction.atomic
def transfer_request(
    *,
    actor,
    kind: str,
    reason: str,
    person: Person | None = None,
    to_org: PartyOrg | None = None,
    outside_org: str = "",
    note: str = "",
    letter_no: str = "",
    report_by: dt.date | None = None,
    name: str = "",
    employee_no: str = "",
    gender: str = "",
    party_status: str = "",
    status_since: dt.date | None = None,
) -> Transfer:
    """Ask for a transfer. Within the company or out of it: the member (full or probationary, on the roll) leaves
    their branch, whose secretary asks. In from outside: the receiving branch's secretary registers the member with
    the number of the letter they brought; the person is put on the roll when the transfer is confirmed."""
    if kind not in K.values:
        raise InvalidInput(_("Unknown kind of transfer."), errors={"kind": [_("Unknown kind of transfer.")]})
    transfer = Transfer(
        kind=kind,
        reason=(reason or "").strip(),
        outside_org=(outside_org or "").strip(),
        note=(note or "").strip(),
        requested_by=_user(actor),
        requested_at=timezone.now(),
    )
    if kind == K.IN:
        if to_org is None:
            raise InvalidInput(
                _("Choose the branch the member joins."), errors={"to_org": [_("This field is required.")]}
            )
        require_at(actor, "transfer", ADD, to_org)
        company = _company(to_org)
        _valid_branch(to_org, company, "to_org")
        employee_no = (employee_no or "").strip()
        existing = Person.objects.select_for_update().filter(employee_no=employee_no).first() if employee_no else None
        if existing is not None:
            if existing.active or tenancy.company_pk(existing.branch) != company.pk:
                raise InvalidInput(
                    _("Employee number %(no)s is already on a roll.") % {"no": employee_no},
                    errors={"employee_no": [_("This employee number is already on a roll.")]},
                )
            _no_open_transfer(existing)  # a member who left earlier and comes back: the same Person, reactivated
            # What the records already hold is not asked again (entered once): what was typed wins.
            name, gender = name or existing.name, gender or existing.gender
            if not party_status and existing.party_status in MEMBER_STATUSES:
                party_status = existing.party_status
            if not status_since and party_status in Person.STATUS_DATE_FIELD:
                status_since = getattr(existing, Person.STATUS_DATE_FIELD[party_status], None)
        transfer.person = existing
        transfer.company, transfer.to_org = company, to_org
        transfer.letter_no, transfer.report_by = (letter_no or "").strip(), report_by
        transfer.name, transfer.employee_no = (name or "").strip(), employee_no
        transfer.gender, transfer.party_status, transfer.status_since = gender, party_status, status_since
    else:
        if person is None:
            raise InvalidInput(_("Choose the member."), errors={"person": [_("This field is required.")]})
        person = _lock_person(person)
        require_at(actor, "transfer", ADD, person.branch)
        if not person.active or person.party_status not in MEMBER_STATUSES:
            raise InvalidInput(
                _("Only a full or probationary member on the roll is transferred."),
                errors={"person": [_("Only a full or probationary member on the roll is transferred.")]},
            )
        _no_open_transfer(person)
        company = _company(person.branch)
        transfer.company, transfer.person, transfer.from_org = company, person, person.branch
        transfer.name, transfer.employee_no = person.name, person.employee_no
        if kind == K.INTERNAL:
            if to_org is None:
                raise InvalidInput(
                    _("Choose the branch the member joins."), errors={"to_org": [_("This field is required.")]}
                )
            _valid_branch(to_org, company, "to_org")
            transfer.to_org = to_org
    if not transfer.reason:
        raise InvalidInput(_("Say why the member is transferred."), errors={"reason": [_("This field is required.")]})
    save_audited(
        transfer,
        actor=actor,
        conflict=_("This member already has a transfer under way, or the letter number is taken."),
    )
    inbox.requested(transfer, asking_org(transfer))
    return transfer


@transaction.atomic
def transfer_approve(*, actor, transfer: Transfer, note: str = "") -> Transfer:
    """党群工作部 (or the higher committee) approves the request."""
    transfer, before = _move(actor, transfer, "approve")
    transfer.status, transfer.approved_by, transfer.approved_at = S.APPROVED, _user(actor), timezone.now()
    transfer = save_audited(transfer, actor=actor, before=before, comment=note)
    inbox.moved(transfer, confirming_org(transfer))
    return transfer


@transaction.atomic
def transfer_reject(*, actor, transfer: Transfer, reason: str) -> Transfer:
    """党群工作部 (or the higher committee) turns the request down, saying why; the member stays where they are."""
    if not (reason or "").strip():
        raise InvalidInput(_("Say why the request is turned down."), errors={"reason": [_("This field is required.")]})
    transfer, before = _move(actor, transfer, "reject")
    transfer.status, transfer.closed_by, transfer.closed_at = S.REJECTED, _user(actor), timezone.now()
    transfer.note = reason.strip()[:300]
    transfer = save_audited(transfer, actor=actor, before=before, comment=reason.strip())
    inbox.moved(transfer, confirming_org(transfer))
    return transfer


@transaction.atomic
def transfer_cancel(*, actor, transfer: Transfer, reason: str = "") -> Transfer:
    """The side that asked withdraws the request before the letter is sent."""
    transfer, before = _move(actor, transfer, "cancel")
    transfer.status, transfer.closed_by, transfer.closed_at = S.CANCELLED, _user(actor), timezone.now()
    if reason.strip():
        transfer.note = reason.strip()[:300]
    transfer = save_audited(transfer, actor=actor, before=before, comment=reason.strip())
    inbox.moved(transfer, confirming_org(transfer))
    return transfer


def next_letter_no(company: PartyOrg, year: int) -> str:
    """The next tracking number of the company's letters in `year`: <company code>-<year>-<4 digits>."""
    prefix = f"{company.code}-{year}-"
    numbers = Transfer.objects.filter(company=company, letter_no__startswith=prefix).values_list("letter_no", flat=True)
    last = max((int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


@transaction.atomic
def transfer_send(
    *, actor, transfer: Transfer, report_by: dt.date | None = None, on: dt.date | None = None
) -> Transfer:
    """Issue the introduction letter (介绍信): a tracking number of the company's series and the day by which the
    member reports in (default a month after the day sent). The member stays in their branch until it is
    confirmed."""
    transfer, before = _move(actor, transfer, "send")
    on = on or timezone.localdate()
    report_by = report_by or on + dt.timedelta(days=REPORT_DAYS)
    if report_by < on:
        raise InvalidInput(
            _("The deadline to report in cannot be before the letter is sent."),
            errors={"report_by": [_("The deadline to report in cannot be before the letter is sent.")]},
        )
    transfer.status, transfer.sent_by, transfer.sent_at = S.SENT, _user(actor), timezone.now()
    transfer.report_by, transfer.sent_on = report_by, on
    if not transfer.letter_no:
        transfer.letter_no = next_letter_no(transfer.company, on.year)
    transfer = save_audited(
        transfer, actor=actor, before=before, conflict=_("Another letter took this number; try again.")
    )
    inbox.moved(transfer, confirming_org(transfer))
    return transfer


@transaction.atomic
def transfer_confirm(*, actor, transfer: Transfer, on: dt.date | None = None, note: str = "") -> Transfer:
    """The last step, and the only one that moves the member — in the same transaction, with the person locked:
    within the company the person's branch becomes the receiving one (their party group is left, it belongs to the
    old branch); out of the system they leave the roll when the return slip (回执) is recorded; in from outside they
    are put on the receiving branch's roll (a new person, or the same person back on the roll)."""
    transfer, before = _move(actor, transfer, "confirm")
    on = on or timezone.localdate()
    sent_day = transfer.sent_on
    if sent_day and on < sent_day:
        raise InvalidInput(
            _("The member cannot report in before the letter was sent (%(date)s).") % {"date": sent_day},
            errors={"on": [_("Before the letter was sent.")]},
        )
    comment = _("Transfer %(no)s") % {"no": transfer.letter_no or transfer.pk}
    if transfer.kind == K.IN and transfer.person_id is None:
        from dangjian.org.services import person_create

        date_field = Person.STATUS_DATE_FIELD[transfer.party_status]
        transfer.person = person_create(
            actor=actor,
            employee_no=transfer.employee_no,
            name=transfer.name,
            gender=transfer.gender or Person.Gender.MALE,
            party_status=transfer.party_status,
            branch=transfer.to_org,
            **{date_field: transfer.status_since},
        )
    else:
        person = _lock_person(transfer.person)
        person_before = audit.snapshot(person)
        if transfer.kind == K.INTERNAL:
            if person.branch_id != transfer.from_org_id or not person.active:
                raise Conflict(_("%(name)s is no longer in the sending branch.") % {"name": person.name})
            person.branch, person.group = transfer.to_org, None
        elif transfer.kind == K.OUT:
            if person.branch_id != transfer.from_org_id or not person.active:
                raise Conflict(_("%(name)s is no longer in the sending branch.") % {"name": person.name})
            person.active = False
        else:
            if person.active:
                raise Conflict(_("%(name)s is already on a roll.") % {"name": person.name})
            person.branch, person.group, person.active = transfer.to_org, None, True
        save_audited(person, actor=actor, before=person_before, comment=comment)
    transfer.status, transfer.confirmed_by, transfer.confirmed_at = S.CONFIRMED, _user(actor), timezone.now()
    transfer.confirmed_on = on
    if note.strip():
        transfer.note = note.strip()[:300]
    transfer = save_audited(transfer, actor=actor, before=before, comment=note.strip())
    inbox.moved(transfer, confirming_org(transfer))
    return transfer


# --- floating members (流动党员) -------------------------------------------------------------------------------

FLOATING_FIELDS = (
    "location",
    "reason",
    "contact_method",
    "contact",
    "keeping_org",
    "local_org",
    "since",
    "until",
    "last_contact_on",
    "note",
)


def _floating_fields(fields: dict, company_pk: int) -> dict:
    extra = set(fields) - set(FLOATING_FIELDS)
    if extra:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(extra))})
    keeping = fields.get("keeping_org")
    if keeping is not None and (tenancy.company_pk(keeping) != company_pk or keeping.kind == keeping.Kind.GROUP):
        raise InvalidInput(
            _("Choose an org of the company."), errors={"keeping_org": [_("Choose an org of the company.")]}
        )
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}


@transaction.atomic
def floating_create(*, actor, person: Person, **fields) -> FloatingMember:
    """Record that a member is away (流动党员): where, how the branch keeps in touch, and which org does (default the
    member's branch). One open record per member."""
    person = _lock_person(person)
    require_at(actor, "transfer", ADD, person.branch)
    if not person.active or person.party_status not in MEMBER_STATUSES:
        raise InvalidInput(
            _("Only a full or probationary member on the roll is recorded as floating."),
            errors={"person": [_("Only a full or probationary member on the roll is recorded as floating.")]},
        )
    fields = _floating_fields(fields, tenancy.company_pk(person.branch))
    fields.setdefault("keeping_org", person.branch)
    record = FloatingMember(person=person, **fields)
    if FloatingMember.objects.filter(person=person, until__isnull=True).exists() and record.until is None:
        raise Conflict(_("%(name)s is already recorded as floating.") % {"name": person.name})
    return save_audited(
        record, actor=actor, conflict=_("%(name)s is already recorded as floating.") % {"name": person.name}
    )


@transaction.atomic
def floating_update(*, actor, record: FloatingMember, **fields) -> FloatingMember:
    """Change where a floating member is, how to reach them, the last contact, or the day they came back."""
    record = FloatingMember.objects.select_for_update(of=("self",)).select_related("person__branch").get(pk=record.pk)
    require_at(actor, "transfer", CHANGE, record.person.branch)
    fields = _floating_fields(fields, tenancy.company_pk(record.person.branch))
    before = audit.snapshot(record)
    for key, value in fields.items():
        setattr(record, key, value)
    validate(record)
    return save_audited(record, actor=actor, before=before, conflict=_("This member already has an open record."))


@transaction.atomic
def floating_end(*, actor, record: FloatingMember, on: dt.date | None = None) -> FloatingMember:
    """The member is back (or the record is closed): the day they came back."""
    record = FloatingMember.objects.select_for_update().get(pk=record.pk)
    if record.until is not None:
        raise Conflict(_("This record is already closed."))
    return floating_update(actor=actor, record=record, until=on or timezone.localdate())


def audit_export(*, actor, rows: int, what: str) -> None:
    """An export of the transfers or floating members: who took how many rows."""
    from dangjian.core.scoping import can_anywhere

    if not is_system(actor) and not can_anywhere(actor, "transfer", "export"):
        raise NotPermitted(_("You do not have permission to do this."))
    audit.record(
        actor=actor,
        action=AuditLog.Action.EXPORT,
        object_type=f"transfers.{what}",
        object_repr=what,
        after={"rows": rows},
    )
