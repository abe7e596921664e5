"""Writes for orgs, units, committee seats and people: each checks permission, validates and audits, atomically."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.errors import InvalidInput, NotPermitted
from dangjian.core.i18n import site_text
from dangjian.core.models import AuditLog
from dangjian.core.scoping import can_anywhere, scope_for
from dangjian.core.services import is_system, require_at, save_audited, validate
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
def org_create(*, actor, parent: PartyOrg | None, go_live=None, **fields) -> PartyOrg:
    """Create a party org under `parent`. A root org is a new company (its committee): only the system creates one,
    through `manage.py init_company`, with the company's go-live date; inside a company the party office creates orgs
    at every level below its committee, direct orgs included (parent = the company committee)."""
    _unknown(fields, ORG_FIELDS)
    if go_live is not None and parent is not None:
        raise InvalidInput(_("Only a company's committee has a go-live date."), errors={"go_live": [_("not allowed")]})
    if parent is None:
        if not is_system(actor):
            raise InvalidInput(
                _(
                    "A company's party committee is created when the company is set up (manage.py init_company). "
                    "Give the parent organisation: the company committee's code for an organisation directly under it."
                ),
                errors={"parent": [_("This field is required.")]},
            )
    else:
        require_at(actor, "org", "add", parent)
        if parent.status == PartyOrg.Status.DISSOLVED:
            raise InvalidInput(
                _("%(org)s has been dissolved: choose an active parent.") % {"org": parent.name},
                errors={"parent": [_("dissolved")]},
            )
    org = PartyOrg(parent=parent, go_live=go_live, **fields)
    save_audited(org, actor=actor)
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
    save_audited(org, actor=actor, before=before)
    return org


@transaction.atomic
def org_dissolve(*, actor, org: PartyOrg, on: dt.date, comment: str = "") -> PartyOrg:
    """Dissolve an org (e.g. a temporary branch after its project). Refused while active orgs remain under it."""
    org = PartyOrg.objects.select_for_update().get(pk=org.pk)
    require_at(actor, "org", "change", org)
    if org.status == PartyOrg.Status.DISSOLVED:
        raise InvalidInput(_("This organisation is already dissolved."))
    if org.parent_id is None:
        raise InvalidInput(_("A company's party committee is not dissolved here: it is the company itself."))
    if org.children.filter(status=PartyOrg.Status.ACTIVE).exists():
        raise InvalidInput(_("Dissolve or move the organisations under it first."))
    if org.people.filter(active=True).exists():
        raise InvalidInput(_("Move its people to another branch first."))
    before = audit.snapshot(org)
    org.status, org.dissolved_on = PartyOrg.Status.DISSOLVED, on
    save_audited(org, actor=actor, before=before, comment=comment)
    return org


@transaction.atomic
def org_set_units(*, actor, org: PartyOrg, units: list[Unit]) -> PartyOrg:
    """Set which production units an org covers (units of the actor's companies only: covering another company's
    unit would put it in the write scope of the org's people)."""
    require_at(actor, "org", "change", org)
    tenancy.require_company(actor, units)
    before = sorted(org.unit_links.values_list("unit_id", flat=True))
    if org.parent_id is None and before and not units:
        # A company is its committee and the units the committee covers (tenancy.py): without them every unit,
        # value and target of the company would drop out of its own scope.
        message = company_units_needed()
        raise InvalidInput(message, errors={"units": [message]})
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


def company_units_needed() -> str:
    return _(
        "The company's party committee must cover the company's production unit: the company's units are the ones "
        "its committee covers. Give the company unit's code (or leave the column out of an import)."
    )


# Seats held by one person on one committee at a time are one; the secretary's seat is one per committee.
SINGLE_SEAT_ROLES = (CommitteeSeat.Role.SECRETARY,)


def _overlaps(seats, since: dt.date | None, until: dt.date | None):
    """The seats among `seats` whose dates overlap [since, until] (open ends reach forever)."""
    if until is not None:
        seats = seats.filter(Q(since__isnull=True) | Q(since__lte=until))
    if since is not None:
        seats = seats.filter(Q(until__isnull=True) | Q(until__gte=since))
    return seats


@transaction.atomic
def seat_assign(
    *,
    actor,
    org: PartyOrg,
    person: Person,
    role: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> CommitteeSeat:
    """Seat a person on an org's committee for a term (since → until; an open end lasts until the seat is ended).
    The person must be on the roll of the org or of an org below it; one seat per person and one secretary at a time.
    The seats feed the 支委会 attendance list, the 未设支委会 warning and meeting compliance."""
    require_at(actor, "org", "change", org)
    org = PartyOrg.objects.select_for_update().get(pk=org.pk)
    if org.status == PartyOrg.Status.DISSOLVED:
        raise InvalidInput(_("%(org)s has been dissolved.") % {"org": org.name})
    if org.kind == PartyOrg.Kind.GROUP:
        raise InvalidInput(_("A party group has no committee."), errors={"role": [_("no committee")]})
    if not person.branch.path.startswith(org.path):
        raise InvalidInput(
            _("%(person)s is not on the roll of %(org)s or of an organisation under it.")
            % {"person": person.name, "org": org.name},
            errors={"person": [_("not on the roll")]},
        )
    seat = CommitteeSeat(org=org, person=person, role=role, since=since, until=until)
    validate(seat)
    if seat.since and seat.until and seat.until < seat.since:
        raise InvalidInput(_("The seat cannot end before it starts."), errors={"until": [_("before the start")]})
    current = _overlaps(CommitteeSeat.objects.filter(org=org), seat.since, seat.until)
    if current.filter(person=person).exists():
        raise InvalidInput(
            _("%(person)s already holds a seat on this committee for these dates: end it first.")
            % {"person": person.name},
            errors={"person": [_("already seated")]},
        )
    if role in SINGLE_SEAT_ROLES and current.filter(role=role).exists():
        raise InvalidInput(
            _("The committee already has a %(role)s for these dates: end that seat first.")
            % {"role": CommitteeSeat.Role(role).label},
            errors={"role": [_("already filled")]},
        )
    seat.save()
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=seat, after=audit.snapshot(seat))
    _start_term(actor=actor, org=org, on=seat.since)
    return seat


def _start_term(*, actor, org: PartyOrg, on: dt.date | None) -> None:
    """An org with no term recorded takes its term from the first seat with a start date (an election starts a
    term): start = that date, end = start + the kind's term (5 years for a committee, 3 for a branch), so the 换届
    reminder has something to count from. A recorded term is never changed here (edit the org for that)."""
    years = PartyOrg.TERM_YEARS.get(org.kind)
    if on is None or years is None or org.term_start or org.term_end:
        return
    before = audit.snapshot(org)
    org.term_start = on
    try:
        org.term_end = on.replace(year=on.year + years)
    except ValueError:  # 29 February
        org.term_end = on.replace(year=on.year + years, day=28)
    org.save(update_fields=["term_start", "term_end"])
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=org,
        before=before,
        after=audit.snapshot(org),
        comment=_("Term taken from the committee's seats."),
    )


@transaction.atomic
def seat_end(*, actor, seat: CommitteeSeat, on: dt.date) -> CommitteeSeat:
    """End a committee seat on a date (the seat is kept, with its term, for the record)."""
    seat = CommitteeSeat.objects.select_for_update().select_related("org", "person").get(pk=seat.pk)
    require_at(actor, "org", "change", seat.org)
    if seat.until is not None and seat.until <= on:
        raise InvalidInput(_("This seat has already ended."), errors={"until": [_("already ended")]})
    if seat.since and on < seat.since:
        raise InvalidInput(
            _("The seat cannot end before it starts (%(date)s).") % {"date": seat.since},
            errors={"until": [_("before the start")]},
        )
    before = audit.snapshot(seat)
    seat.until = on
    save_audited(seat, actor=actor, before=before, update_fields=["until"])
    return seat


def unit_companies(actor) -> list[PartyOrg]:
    """The company committees (root orgs) over which `actor` may add units: where a top-level unit of theirs goes."""
    paths = [p for p in scope_for(actor, "unit", "add").paths if p.count("/") == 2]
    return list(PartyOrg.objects.filter(parent__isnull=True, path__in=paths).order_by("sort_order", "code"))


def top_unit_company(actor, company: PartyOrg | None) -> PartyOrg | None:
    """The company a new top-level unit belongs to: it is linked to that company's committee, which is what puts it
    inside the company (dangjian/org/tenancy.py). Only the company's party office (unit add over the committee)."""
    if is_system(actor):
        return company
    allowed = unit_companies(actor)
    if company is not None:
        if company not in allowed:
            raise NotPermitted(_("Only the company's party office creates a top-level unit."))
        return company
    if not allowed:
        raise NotPermitted(
            _("Only the company's party office creates a top-level unit: choose the parent unit."),
            errors={"parent": [_("This field is required.")]},
        )
    if len(allowed) > 1:
        raise InvalidInput(
            _("Choose the company the new top-level unit belongs to."), errors={"company": [_("required")]}
        )
    return allowed[0]


@transaction.atomic
def unit_create(*, actor, parent: Unit | None, company: PartyOrg | None = None, **fields) -> Unit:
    """Create a production unit under `parent`, inside the actor's company. Without a parent it is a top-level unit
    (the company itself, or a sibling of it such as a second plant), linked to the company committee in the same
    transaction; only the company's party office creates one (and the system, for `init_company`)."""
    _unknown(fields, UNIT_FIELDS)
    if parent is None:
        company = top_unit_company(actor, company)
    else:
        _require_unit(actor, "add")
        tenancy.require_company(actor, [parent])
        if not parent.active:
            raise InvalidInput(
                _("%(unit)s is no longer in use: choose an active parent.") % {"unit": parent.name},
                errors={"parent": [_("retired")]},
            )
    unit = Unit(parent=parent, **fields)
    save_audited(unit, actor=actor)
    if parent is None and company is not None:
        link = OrgUnitLink(org=company, unit=unit)
        save_audited(link, actor=actor)
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, **fields) -> Unit:
    """Change a unit; `active=False` retires it (kept, since people, values and links refer to it), refused while
    active units remain under it."""
    _unknown(fields, UNIT_FIELDS)
    _require_unit(actor, "change")
    tenancy.require_company(actor, [unit])
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = audit.snapshot(unit)
    for name, value in fields.items():
        setattr(unit, name, value)
    if before["active"] and not unit.active and Unit.objects.filter(parent=unit, active=True).exists():
        raise InvalidInput(
            _("Retire the units under %(unit)s first.") % {"unit": unit.name}, errors={"active": [_("in use")]}
        )
    if unit.active and not before["active"] and unit.parent_id and not unit.parent.active:
        raise InvalidInput(
            _("%(unit)s is no longer in use: bring it back first.") % {"unit": unit.parent.name},
            errors={"active": [_("parent retired")]},
        )
    save_audited(unit, actor=actor, before=before)
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
    save_audited(person, actor=actor, before=before)
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
        object_repr=site_text(Person._meta.verbose_name_plural),  # a record for everyone: in the site's language
        after={"rows": rows, "filters": filters, "phones_masked": phones_masked},
    )
