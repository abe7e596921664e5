"""Writes for the handbook and the responsibility lists. Each is one transaction: permission (the office keeps the
company's procedures — "procedure" at the company's root org; whoever records an org's meetings ticks its checklists
— "meeting" change; the lists' keepers — "duty"), validation with per-field messages, save, audit row."""

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
from dangjian.core.permissions import ADD, CHANGE, DELETE
from dangjian.core.services import is_system, require_at, save_audited, validate
from dangjian.handbook.models import (
    DutyItem,
    DutyKind,
    DutyList,
    Procedure,
    ProcedureItem,
    ProcedureKind,
    ProcedureUse,
    ProcedureVersion,
)
from dangjian.org.models import PartyOrg, Person

MAX_ITEMS = 60


@dataclass
class StepIn:
    """One step of a version to publish."""

    phase: str
    text: str
    responsible: str = ""
    check: str = ""
    due_days: int | None = None


def company_of(org: PartyOrg) -> int:
    """The id of `org`'s company (the root of its tree: the first id of its path)."""
    return int(org.path.strip("/").split("/")[0])


def _require_company(actor, action: str, company: PartyOrg) -> None:
    if company.parent_id is not None:
        raise InvalidInput(
            _("Procedures belong to the company's committee."), errors={"company": [_("Not a company.")]}
        )
    require_at(actor, "procedure", action, company)


def _steps(steps: list[StepIn]) -> list[StepIn]:
    if not steps:
        raise InvalidInput(_("A procedure needs at least one step."), errors={"items": [_("Add the steps.")]})
    if len(steps) > MAX_ITEMS:
        message = _("A procedure has at most %(n)s steps.") % {"n": MAX_ITEMS}
        raise InvalidInput(message, errors={"items": [message]})
    return steps


def _write_version(*, actor, procedure: Procedure, number: int, steps, note: str, effective_from) -> ProcedureVersion:
    version = ProcedureVersion(
        procedure=procedure,
        number=number,
        effective_from=effective_from or timezone.localdate(),
        note=(note or "").strip(),
        published_by=None if is_system(actor) else actor,
    )
    validate(version)
    with unique_conflict(_("Someone published a version at the same time; open the procedure again.")):
        version.save()
    rows = []
    for position, step in enumerate(_steps(steps), start=1):
        item = ProcedureItem(
            version=version,
            position=position,
            phase=step.phase,
            text=(step.text or "").strip(),
            responsible=(step.responsible or "").strip(),
            proof=(step.check or "").strip(),
            due_days=step.due_days,
        )
        try:
            validate(item)
        except InvalidInput as exc:
            detail = "; ".join(m for msgs in exc.errors.values() for m in msgs) or exc.message
            message = _("Step %(n)s: %(detail)s") % {"n": position, "detail": detail}
            raise InvalidInput(message, errors={"items": [message]}) from exc
        rows.append(item)
    ProcedureItem.objects.bulk_create(rows)
    after = audit.snapshot(version)
    after["items"] = [[i.phase, i.text, i.responsible, i.proof, i.due_days] for i in rows]
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=version, after=after)
    return version


@transaction.atomic
def procedure_create(
    *, actor, company: PartyOrg, kind: str, name: str, steps: list[StepIn], note: str = "", effective_from=None
) -> Procedure:
    """A new procedure of the company with its first version. A kind already in use is a Conflict (publish a new
    version of it, or retire it first)."""
    _require_company(actor, ADD, company)
    procedure = Procedure(company=company, kind=kind, name=(name or "").strip())
    if kind in ProcedureKind.values and Procedure.objects.filter(company=company, kind=kind, retired_on=None).exists():
        raise Conflict(_("The company already has a procedure of this kind in use: publish a new version of it."))
    save_audited(procedure, actor=actor, conflict=_("The company already has a procedure of this kind in use."))
    _write_version(actor=actor, procedure=procedure, number=1, steps=steps, note=note, effective_from=effective_from)
    return procedure


@transaction.atomic
def procedure_publish(
    *, actor, procedure: Procedure, steps: list[StepIn], note: str = "", effective_from=None, name: str = ""
) -> ProcedureVersion:
    """Publish the next version. The versions before stay as they were: a meeting that followed one keeps it."""
    procedure = Procedure.objects.select_for_update().select_related("company").get(pk=procedure.pk)
    require_at(actor, "procedure", CHANGE, procedure.company)
    if procedure.retired_on:
        raise Conflict(_("This procedure is retired; create a new one."))
    latest = procedure.versions.order_by("-number").first()
    effective_from = effective_from or timezone.localdate()
    if latest and effective_from < latest.effective_from:
        message = _("A new version cannot take effect before the current one (%(day)s).") % {
            "day": latest.effective_from
        }
        raise InvalidInput(message, errors={"effective_from": [message]})
    if name and name.strip() != procedure.name:
        before = audit.snapshot(procedure)
        procedure.name = name.strip()
        save_audited(procedure, actor=actor, before=before)
    number = (latest.number if latest else 0) + 1
    return _write_version(
        actor=actor, procedure=procedure, number=number, steps=steps, note=note, effective_from=effective_from
    )


@transaction.atomic
def procedure_retire(*, actor, procedure: Procedure, on: dt.date | None = None) -> Procedure:
    """Retire a procedure: no new meeting follows it; the meetings that did keep showing it."""
    procedure = Procedure.objects.select_for_update().select_related("company").get(pk=procedure.pk)
    require_at(actor, "procedure", DELETE, procedure.company)
    if procedure.retired_on:
        raise Conflict(_("This procedure is already retired."))
    before = audit.snapshot(procedure)
    procedure.retired_on = on or timezone.localdate()
    return save_audited(procedure, actor=actor, before=before)


@transaction.atomic
def standard_load(*, actor, company: PartyOrg, effective_from=None) -> list[Procedure]:
    """Load the standard procedures (handbook/standard.py) for every kind the company has none of in use; kinds it
    already has are left alone, so it is safe to press twice (and the demo runs it every time)."""
    from dangjian.handbook.standard import STANDARD

    _require_company(actor, ADD, company)
    have = set(Procedure.objects.filter(company=company, retired_on=None).values_list("kind", flat=True))
    created = []
    for kind, name, steps in STANDARD:
        if kind in have:
            continue
        created.append(
            procedure_create(
                actor=actor,
                company=company,
                kind=kind,
                name=name,
                steps=[StepIn(*step) for step in steps],
                effective_from=effective_from,
            )
        )
    return created


def _require_ticker(actor, org: PartyOrg) -> None:
    require_at(actor, "meeting", CHANGE, org)


@transaction.atomic
def checklist_tick(
    *, actor, item: ProcedureItem, done: bool, meeting=None, org: PartyOrg | None = None, term_end=None, on=None
) -> ProcedureUse:
    """Tick (or untick) a step that no record proves, on a meeting's checklist or an org's 换届 list. The first
    tick records the use with the version it follows (the one `item` belongs to, which the page showed), so a later
    version never rewrites it. A step the records prove is refused: it ticks itself."""
    from dangjian.handbook.selectors import version_for_use

    org = meeting.org if meeting is not None else org
    _require_ticker(actor, org)
    if item.proof:
        message = _("This step is proved by the records and ticks itself.")
        raise InvalidInput(message, errors={"item": [message]})
    if meeting is not None:
        use = ProcedureUse.objects.select_for_update().filter(meeting=meeting).first()
    else:
        if term_end is None:
            raise InvalidInput(_("The organisation has no term end."), errors={"term_end": [_("Required.")]})
        use = ProcedureUse.objects.select_for_update().filter(org=org, meeting=None, term_end=term_end).first()
    if use is None:
        expected = version_for_use(item_version=item.version, meeting=meeting, org=org, term_end=term_end)
        use = ProcedureUse(version=expected, org=org, meeting=meeting, term_end=None if meeting else term_end)
        before = None
    else:
        before = audit.snapshot(use)
    if item.version_id != use.version_id:
        message = _("This step is not in the version this checklist follows.")
        raise InvalidInput(message, errors={"item": [message]})
    ticks = dict(use.ticks or {})
    key = str(item.pk)
    if done:
        ticks[key] = (on or timezone.localdate()).isoformat()
    else:
        ticks.pop(key, None)
    use.ticks = ticks
    use.updated_at = timezone.now()
    use = save_audited(use, actor=actor, before=before, conflict=_("Someone ticked this checklist at the same time."))
    if meeting is None:
        _close_election_reminders(org=org, term_end=term_end)
    return use


def _close_election_reminders(*, org: PartyOrg, term_end) -> None:
    """The 换届 list is worked through once every step is done: the reminders about it leave everyone's inbox."""
    from dangjian.core.notifications.services import notifications_done_by_key
    from dangjian.handbook.selectors import election_checklist

    checklist = election_checklist(org=org, term_end=term_end)
    if checklist is not None and not checklist.missing:
        notifications_done_by_key(keys=[election_key(org, term_end)])


def election_key(org: PartyOrg, term_end) -> str:
    return f"handbook-election-{org.pk}-{term_end.isoformat()}"


# --- responsibility lists

LIST_FIELDS = ("org", "kind", "holder", "year", "title")
ITEM_FIELDS = ("text", "owner", "due_on", "proof", "target", "done_on", "evidence", "position")


def _person_in_reach(actor, person: Person | None, field: str) -> None:
    if person is None or is_system(actor):
        return
    if not Person.objects.restrict(actor, "view").filter(pk=person.pk).exists():
        message = _("No person with this employee number that you may see.")
        raise InvalidInput(message, errors={field: [message]})


def _org_company_guard(org: PartyOrg, person: Person | None, field: str) -> None:
    """A list's people belong to the list's company (never another company's)."""
    if person is not None and company_of(person.branch) != company_of(org):
        message = _("This person is not in the organisation's company.")
        raise InvalidInput(message, errors={field: [message]})


@transaction.atomic
def duty_list_save(*, actor, obj: DutyList | None = None, **fields) -> DutyList:
    """Create (obj None) or change a responsibility list. One list per org, kind, holder and year."""
    extra = set(fields) - set(LIST_FIELDS)
    if extra:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(extra))})
    if obj is not None:
        obj = DutyList.objects.select_for_update().select_related("org").get(pk=obj.pk)
        require_at(actor, "duty", CHANGE, obj.org)
    org = fields.get("org") or (obj.org if obj else None)
    if org is None:
        raise InvalidInput(_("Choose the organisation."), errors={"org": [_("Required.")]})
    require_at(actor, "duty", CHANGE if obj else ADD, org)
    holder = fields.get("holder", obj.holder if obj else None)
    _person_in_reach(actor, holder, "holder")
    if holder is not None:
        holder = Person.objects.select_related("branch").get(pk=holder.pk)
        _org_company_guard(org, holder, "holder")
    before = audit.snapshot(obj) if obj else None
    obj = obj or DutyList()
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.title = (obj.title or "").strip()
    same = DutyList.objects.filter(
        org=obj.org, kind=obj.kind, holder=obj.holder, year=obj.year, retired_on=None
    ).exclude(pk=obj.pk)
    if same.exists():
        raise Conflict(_("This list already exists for that year; open it to change it."))
    return save_audited(obj, actor=actor, before=before, conflict=_("This list already exists for that year."))


@transaction.atomic
def duty_list_retire(*, actor, duty_list: DutyList, on: dt.date | None = None) -> DutyList:
    duty_list = DutyList.objects.select_for_update().select_related("org").get(pk=duty_list.pk)
    require_at(actor, "duty", CHANGE, duty_list.org)
    if duty_list.retired_on:
        raise Conflict(_("This list is already retired."))
    before = audit.snapshot(duty_list)
    duty_list.retired_on = on or timezone.localdate()
    return save_audited(duty_list, actor=actor, before=before)


def _may(actor, resource, action, org) -> bool:
    from dangjian.core.scoping import can_at

    return is_system(actor) or can_at(actor, resource, action, org)


@transaction.atomic
def duty_item_save(*, actor, duty_list: DutyList, obj: DutyItem | None = None, **fields) -> DutyItem:
    """Add (obj None) or change an item of a list. Its owner's own evidence is `duty_item_done`."""
    extra = set(fields) - set(ITEM_FIELDS)
    if extra:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(extra))})
    duty_list = DutyList.objects.select_for_update().select_related("org").get(pk=duty_list.pk)
    require_at(actor, "duty", CHANGE, duty_list.org)
    if duty_list.retired_on:
        raise Conflict(_("This list is retired."))
    if "owner" in fields:
        _person_in_reach(actor, fields["owner"], "owner")
        if fields["owner"] is not None:
            owner = Person.objects.select_related("branch").get(pk=fields["owner"].pk)
            _org_company_guard(duty_list.org, owner, "owner")
    before = audit.snapshot(obj) if obj else None
    if obj is None:
        obj = DutyItem(duty_list=duty_list, position=duty_list.items.count() + 1)
    elif obj.duty_list_id != duty_list.pk:
        raise InvalidInput(_("This duty is on another list."))
    for name, value in fields.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)
    if obj.proof and obj.done_on:
        message = _("A duty proved by the records is done when they show it; leave the date empty.")
        raise InvalidInput(message, errors={"done_on": [message]})
    return save_audited(obj, actor=actor, before=before)


@transaction.atomic
def duty_item_done(*, actor, item: DutyItem, done_on: dt.date | None, evidence: str = "") -> DutyItem:
    """Mark a duty done (or not yet, with None) with its evidence: by the list's keepers or by the duty's owner (a
    member reports their own). A duty the records prove cannot be marked by hand."""
    item = DutyItem.objects.select_for_update().select_related("duty_list__org").get(pk=item.pk)
    own = not is_system(actor) and actor.person_id and actor.person_id in (item.owner_id, item.duty_list.holder_id)
    if not own and not _may(actor, "duty", CHANGE, item.duty_list.org):
        raise NotPermitted(_("Only the duty's owner or the list's keepers can report it."))
    if item.proof:
        message = _("This duty is proved by the records; it is done when they show it.")
        raise InvalidInput(message, errors={"done_on": [message]})
    if done_on and done_on > timezone.localdate():
        message = _("The day it was done cannot be in the future.")
        raise InvalidInput(message, errors={"done_on": [message]})
    before = audit.snapshot(item)
    item.done_on = done_on
    item.evidence = (evidence or "").strip()
    validate(item)
    return save_audited(item, actor=actor, before=before)


@transaction.atomic
def duty_item_delete(*, actor, item: DutyItem) -> None:
    item = DutyItem.objects.select_for_update().select_related("duty_list__org").get(pk=item.pk)
    require_at(actor, "duty", CHANGE, item.duty_list.org)
    before = audit.snapshot(item)
    audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=item, before=before)
    item.delete()


@transaction.atomic
def election_reminders_send(*, today: dt.date | None = None) -> int:
    """Ask each secretary of an org whose term ends within 90 days (or has ended) to work through the 换届 list:
    one inbox item per org and term (idempotent by key), closed once the new term is recorded."""
    from django.urls import reverse

    from dangjian.core.notifications.services import notify
    from dangjian.handbook.selectors import election_due_orgs, secretaries_of

    today = today or timezone.localdate()
    sent = 0
    orgs = election_due_orgs(today=today)
    accounts = secretaries_of(orgs)
    for org in orgs:
        recipients = accounts.get(org.pk, [])
        if not recipients:
            continue
        sent += len(
            notify(
                recipients=recipients,
                kind="handbook_election",
                subject=_lazy_subject(),
                text=_lazy_text(),
                params={"org": org.name, "day": org.term_end.isoformat()},
                link=reverse("handbook:election", args=[org.pk]),
                about=org,
                key=election_key(org, org.term_end),
                action=True,
            )
        )
    return sent


def _lazy_subject():
    from django.utils.translation import gettext_lazy

    return gettext_lazy("换届 due: %(org)s")


def _lazy_text():
    from django.utils.translation import gettext_lazy

    return gettext_lazy("The term of %(org)s ends on %(day)s. Work through the 换届 procedure and its deadlines.")


__all__ = [
    "StepIn",
    "DutyKind",
    "checklist_tick",
    "duty_item_delete",
    "duty_item_done",
    "duty_item_save",
    "duty_list_retire",
    "duty_list_save",
    "election_reminders_send",
    "procedure_create",
    "procedure_publish",
    "procedure_retire",
    "standard_load",
]
