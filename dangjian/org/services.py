"""Writes for orgs, units, committee seats and people: each checks permission, validates and audits, atomically."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.errors import InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.scoping import can_anywhere
from dangjian.core.services import is_system, require_at, require_global, validate
from dangjian.org import tenancy
from dangjian.org.models import CommitteeSeat, OrgUnitLink, PartyOrg, Person, StatusChange, Unit

ORG_FIELDS = ("code", "name", "kind", "founded_on", "term_start", "term_end", "sort_order")
UNIT_FIELDS = ("code", "name", "kind", "active", "sort_order")
PERSON_FIELDS = (
    "employee_no",
    "name",
    "gender",
    "birth_date",
    "education",
    "job_title",
    "unit",
    "phone",
    "party_status",
    "applied_on",
    "activist_on",
    "candidate_on",
    "probationary_on",
    "full_member_on",
    "branch",
    "group",
    "active",
)


def _unknown(fields: dict, allowed: tuple[str, ...]) -> None:
    extra = set(fields) - set(allowed)
    if extra:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(extra))})


@transaction.atomic
def org_create(*, actor, parent: PartyOrg | None, **fields) -> PartyOrg:
    """Create a party org under `parent` (a root org only by the system or a company-wide party office)."""
    _unknown(fields, ORG_FIELDS)
    if parent is None:
        require_global(actor, "org", "add")
    else:
        require_at(actor, "org", "add", parent)
    org = PartyOrg(parent=parent, **fields)
    validate(org)
    org.save()
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=org, after=audit.snapshot(org))
    return org


@transaction.atomic
def org_update(*, actor, org: PartyOrg, parent: PartyOrg | None = None, **fields) -> PartyOrg:
    """Change an org's fields; moving it needs add permission at the new parent."""
    _unknown(fields, ORG_FIELDS)
    org = PartyOrg.objects.select_for_update().get(pk=org.pk)
    require_at(actor, "org", "change", org)
    before = audit.snapshot(org)
    for name, value in fields.items():
        setattr(org, name, value)
    if parent is not None and parent.pk != org.parent_id:
        require_at(actor, "org", "add", parent)
        org.parent = parent
    validate(org)
    org.save()
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=org, before=before, after=audit.snapshot(org))
    return org


@transaction.atomic
def org_dissolve(*, actor, org: PartyOrg, on: dt.date, comment: str = "") -> PartyOrg:
    """Dissolve an org (e.g. a temporary branch after its project). Refused while active orgs remain under it."""
    org = PartyOrg.objects.select_for_update().get(pk=org.pk)
    require_at(actor, "org", "change", org)
    if org.status == PartyOrg.Status.DISSOLVED:
        raise InvalidInput(_("This organisation is already dissolved."))
    if org.children.filter(status=PartyOrg.Status.ACTIVE).exists():
        raise InvalidInput(_("Dissolve or move the organisations under it first."))
    if org.people.filter(active=True).exists():
        raise InvalidInput(_("Move its people to another branch first."))
    before = audit.snapshot(org)
    org.status, org.dissolved_on = PartyOrg.Status.DISSOLVED, on
    validate(org)
    org.save()
    audit.record(
        actor=actor, action=AuditLog.Action.UPDATE, obj=org, before=before, after=audit.snapshot(org), comment=comment
    )
    return org


@transaction.atomic
def org_set_units(*, actor, org: PartyOrg, units: list[Unit]) -> PartyOrg:
    """Set which production units an org covers (units of the actor's companies only: covering another company's
    unit would put it in the write scope of the org's people)."""
    require_at(actor, "org", "change", org)
    tenancy.require_company(actor, units)
    before = sorted(org.unit_links.values_list("unit_id", flat=True))
    org.unit_links.exclude(unit__in=units).delete()
    for unit in units:
        link = OrgUnitLink(org=org, unit=unit)
        if not OrgUnitLink.objects.filter(org=org, unit=unit).exists():
            validate(link)
            link.save()
    after = sorted(u.pk for u in units)
    if before != after:
        audit.record(
            actor=actor, action=AuditLog.Action.UPDATE, obj=org, before={"units": before}, after={"units": after}
        )
    return org


@transaction.atomic
def seat_assign(*, actor, org: PartyOrg, person: Person, role: str, since: dt.date | None = None) -> CommitteeSeat:
    """Seat a person on an org's committee."""
    require_at(actor, "org", "change", org)
    seat = CommitteeSeat(org=org, person=person, role=role, since=since)
    validate(seat)
    seat.save()
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=seat, after=audit.snapshot(seat))
    return seat


@transaction.atomic
def unit_create(*, actor, parent: Unit | None, **fields) -> Unit:
    _unknown(fields, UNIT_FIELDS)
    if parent is None:
        require_global(actor, "unit", "add")
    else:
        _require_unit(actor, "add")
    unit = Unit(parent=parent, **fields)
    validate(unit)
    unit.save()
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=unit, after=audit.snapshot(unit))
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, **fields) -> Unit:
    _unknown(fields, UNIT_FIELDS)
    _require_unit(actor, "change")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = audit.snapshot(unit)
    for name, value in fields.items():
        setattr(unit, name, value)
    validate(unit)
    unit.save()
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=unit, before=before, after=audit.snapshot(unit))
    return unit


def _require_unit(actor, action: str) -> None:
    if not is_system(actor) and not can_anywhere(actor, "unit", action):
        raise NotPermitted(_("You do not have permission to do this."))


def _history_from_dates(person: Person) -> list[StatusChange]:
    """Status history rows implied by the step dates of a newly registered person."""
    rows, previous = [], Person.PartyStatus.NON_MEMBER
    for status in Person.STATUS_ORDER[1:]:
        on = getattr(person, Person.STATUS_DATE_FIELD[status])
        if on and Person.STATUS_ORDER.index(status) <= Person.STATUS_ORDER.index(person.party_status):
            rows.append(StatusChange(person=person, from_status=previous, to_status=status, on=on))
            previous = status
    return rows


@transaction.atomic
def person_create(*, actor, **fields) -> Person:
    """Register a person in a branch the actor may add people to; their status history follows from the step dates."""
    _unknown(fields, PERSON_FIELDS)
    branch = fields.get("branch")
    if branch is None:
        raise InvalidInput(_("Choose the person's branch."), errors={"branch": [_("This field is required.")]})
    require_at(actor, "person", "add", branch)
    person = Person(**fields)
    validate(person)
    person.save()
    history = _history_from_dates(person)
    for row in history:
        row.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    StatusChange.objects.bulk_create(history)
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=person, after=audit.snapshot(person))
    return person


@transaction.atomic
def person_update(*, actor, person: Person, **fields) -> Person:
    """Change a person's details. Party status moves go through person_change_status so history stays whole."""
    _unknown(fields, tuple(f for f in PERSON_FIELDS if f != "party_status"))
    person = Person.objects.select_for_update().get(pk=person.pk)
    require_at(actor, "person", "change", person.branch)
    if "branch" in fields and fields["branch"] != person.branch:
        require_at(actor, "person", "add", fields["branch"])
    before = audit.snapshot(person)
    for name, value in fields.items():
        setattr(person, name, value)
    validate(person)
    person.save()
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=person, before=before, after=audit.snapshot(person))
    return person


@transaction.atomic
def person_change_status(*, actor, person: Person, to_status: str, on: dt.date, note: str = "") -> Person:
    """Move a person one step along the recruitment path (or back to non-member), recording the date and history."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    require_at(actor, "person", "change", person.branch)
    order = Person.STATUS_ORDER
    if to_status not in order:
        raise InvalidInput(_("Unknown party status."))
    current = order.index(person.party_status)
    target = order.index(to_status)
    if not (target == current + 1 or (target == 0 and current > 0)):
        raise InvalidInput(
            _("A person moves one step at a time: from %(from)s the next step is %(next)s.")
            % {
                "from": person.get_party_status_display(),
                "next": Person.PartyStatus(order[min(current + 1, len(order) - 1)]).label,
            }
        )
    last = person.status_changes.order_by("-on", "-id").first()
    if last and on < last.on:
        raise InvalidInput(_("The date cannot be earlier than the previous step (%(date)s).") % {"date": last.on})
    before = audit.snapshot(person)
    previous = person.party_status
    person.party_status = to_status
    if to_status in Person.STATUS_DATE_FIELD:
        setattr(person, Person.STATUS_DATE_FIELD[to_status], on)
    validate(person)
    person.save()
    StatusChange.objects.create(
        person=person,
        from_status=previous,
        to_status=to_status,
        on=on,
        note=note,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=person,
        before=before,
        after=audit.snapshot(person),
        comment=note,
    )
    return person


@transaction.atomic
def people_export_audit(*, actor, rows: int, filters: dict, phones_masked: bool) -> None:
    """Record an export of the people list: who took how many rows, with which filters, and whether phones were
    masked. Personal data leaving the system is worth an audit row even though nothing in the database changed."""
    if not is_system(actor) and not can_anywhere(actor, "person", "export"):
        raise NotPermitted(_("You do not have permission to do this."))
    audit.record(
        actor=actor,
        action=AuditLog.Action.EXPORT,
        object_type="org.person",
        object_repr="people",
        after={"rows": rows, "filters": filters, "phones_masked": phones_masked},
    )
