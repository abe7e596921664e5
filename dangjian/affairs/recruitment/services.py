"""Writes of recruitment: open a file, record a step, extend probation, stop a file, the annual plan, a company's
own sub-steps. Each is one transaction: permission (the higher committee's steps need the grant over the committee
above the branch), order and time rules (rules.py), save, audit. A step that moves the person's party status calls
org's `person_change_status` in the same transaction, so the roll follows the file without a second entry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.affairs.recruitment import inbox, rules, steps
from dangjian.affairs.recruitment.models import Dossier, LocalStep, Plan, StepRecord
from dangjian.core import audit
from dangjian.core.concurrency import unique_conflict
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.models import AuditLog
from dangjian.core.permissions import ADD, CHANGE
from dangjian.core.services import is_system, require_at, save_audited, validate
from dangjian.meetings.models import MeetingType
from dangjian.meetings.services.attendance import quorum
from dangjian.org import services as org_services
from dangjian.org import tenancy
from dangjian.org.models import PartyOrg, Person

ORDER = Person.STATUS_ORDER


def invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, errors={field: [message]})


def committee_above(org: PartyOrg) -> PartyOrg:
    """The nearest 基层党委 above `org` (the root when there is none): the "higher committee" of the 25 steps."""
    ids = [int(i) for i in org.path.strip("/").split("/")[:-1]]
    above = {o.pk: o for o in PartyOrg.objects.filter(pk__in=ids)}
    for pk in reversed(ids):
        if above[pk].kind == PartyOrg.Kind.COMMITTEE:
            return above[pk]
    return above[ids[0]] if ids else org


def acting_org(dossier: Dossier, definition: steps.Step | None, local: LocalStep | None = None) -> PartyOrg:
    actor = local.actor if local is not None else definition.actor
    return committee_above(dossier.org) if actor in steps.HIGHER else dossier.org


def may_record(user, dossier: Dossier, code: str, local: LocalStep | None = None) -> bool:
    from dangjian.core.scoping import can_at

    return is_system(user) or can_at(user, "recruitment", CHANGE, acting_org(dossier, steps.step(code), local))


def sequence(dossier: Dossier) -> list[tuple[str, LocalStep | None]]:
    """The steps of a file in order: each national step, then the company's active sub-steps placed after it."""
    locals_by_step: dict[str, list[LocalStep]] = {}
    company = tenancy.company_pk(dossier.org)
    for local in LocalStep.objects.filter(company_id=company, active=True).order_by("after", "order"):
        locals_by_step.setdefault(local.after, []).append(local)
    slots = []
    for definition in steps.NATIONAL:
        slots.append((definition.code, None))
        slots += [(definition.code, local) for local in locals_by_step.get(definition.code, [])]
    return slots


def _key(code: str, local: LocalStep | None) -> tuple[str, int | None]:
    return code, local.pk if local is not None else None


def _check_order(dossier: Dossier, records: list[StepRecord], code: str, local: LocalStep | None, done_on) -> None:
    slots = sequence(dossier)
    keys = [_key(c, lo) for c, lo in slots]
    here = _key(code, local)
    if here not in keys:
        raise invalid("step", _("This sub-step is not in use."))
    index = keys.index(here)
    done = {(r.step, r.local_step_id) for r in records}
    definition = steps.step(code)
    if here in done and not (definition.repeatable and local is None):
        raise Conflict(_("This step is already recorded on the file."))
    missing = [slot for slot in slots[:index] if _key(*slot) not in done]
    if missing:
        first_code, first_local = missing[0]
        name = first_local.name if first_local else steps.step(first_code).name
        raise invalid("step", _("Record the earlier step first: %(step)s.") % {"step": name})
    later = set(keys[index + 1 :])
    if any((r.step, r.local_step_id) in later for r in records):
        raise invalid("step", _("A later step is already recorded; this one can no longer be added."))
    earlier = [r.done_on for r in records if (r.step, r.local_step_id) in set(keys[:index])]
    if earlier and done_on < max(earlier):
        raise invalid("done_on", _("The date cannot be before the previous step (%(date)s).") % {"date": max(earlier)})


def _first(records: list[StepRecord], code: str) -> StepRecord | None:
    found = [r for r in records if r.step == code and r.local_step_id is None]
    return min(found, key=lambda r: (r.done_on, r.pk or 0)) if found else None


def _is_full_member_on(person: Person, day: dt.date) -> bool:
    return person.party_status == Person.PartyStatus.MEMBER and (
        person.full_member_on is None or person.full_member_on <= day
    )


def _check_introducers(dossier: Dossier, introducers: list[Person], relations: list[str], day: dt.date) -> None:
    """Two different full members (on the day), neither the applicant, in the same company, neither a declared
    relative. What the system can check of "not a relative" is what it holds: the declaration the branch records for
    each introducer, and the family name — an introducer who shares the applicant's family name needs the explicit
    declaration "not a relative" (a shared name is common and proves nothing; an undeclared one is not accepted)."""
    if len(introducers) != 2 or introducers[0].pk == introducers[1].pk:
        raise invalid("introducers", _("Name two different introducers."))
    company = tenancy.root_path(dossier.org.path)
    family = rules.surname(dossier.person.name)
    for person, relation in zip(introducers, relations, strict=True):
        if person.pk == dossier.person_id:
            raise invalid("introducers", _("The applicant cannot introduce themselves."))
        if not person.branch.path.startswith(company):
            raise invalid("introducers", _("%(name)s is not a member of this company.") % {"name": person.name})
        if not _is_full_member_on(person, day):
            raise invalid(
                "introducers",
                _("%(name)s is not a full member; introducers are full (not probationary) members.")
                % {"name": person.name},
            )
        if relation == Dossier.Relation.RELATIVE:
            raise invalid("introducers", _("%(name)s is a relative of the applicant.") % {"name": person.name})
        if rules.surname(person.name) == family and relation != Dossier.Relation.NONE:
            raise invalid(
                "introducers",
                _("%(name)s shares the applicant's family name: declare that they are not a relative.")
                % {"name": person.name},
            )


def _check_vote(dossier: Dossier, meeting, votes_for, votes_against, abstentions) -> dt.date:
    """The branch general assembly that voted: this branch's, a 党员大会 with a vote held and a quorum (read from the
    meeting's attendance), and more than half of the voting members for. Returns the meeting's day."""
    if meeting is None:
        raise invalid("meeting", _("Choose the branch general assembly that voted."))
    if meeting.org_id != dossier.org_id or meeting.meeting_type != MeetingType.GENERAL_ASSEMBLY:
        raise invalid("meeting", _("Choose a general assembly of this file's branch."))
    if not meeting.vote_held:
        raise invalid("meeting", _("That assembly is recorded without a vote; record the vote on the meeting first."))
    present, voting, ok = quorum(list(meeting.attendance.all()))
    if not ok:
        raise invalid(
            "meeting",
            _("The assembly had %(present)s of %(voting)s voting members present; a vote needs more than half.")
            % {"present": present, "voting": voting},
        )
    if votes_for is None:
        raise invalid("votes_for", _("Give the votes for."))
    cast = votes_for + (votes_against or 0) + (abstentions or 0)
    if cast > present:
        raise invalid(
            "votes_for",
            _("%(cast)s votes, but only %(present)s voting members were present.") % {"cast": cast, "present": present},
        )
    if not rules.vote_carried(votes_for, voting):
        raise invalid(
            "votes_for",
            _("%(for)s of %(voting)s voting members for is not more than half: the resolution did not pass.")
            % {"for": votes_for, "voting": voting},
        )
    return meeting.held_on


def _move_status(*, actor, person: Person, to_status: str, on: dt.date, note: str) -> None:
    """The person's party status follows the step, once: a person already there (a roll kept before the file) is left
    as they are."""
    if ORDER.index(person.party_status) < ORDER.index(to_status):
        org_services.person_change_status(actor=actor, person=person, to_status=to_status, on=on, note=note)


@transaction.atomic
def dossier_open(*, actor, person: Person, applied_on: dt.date | None, note: str = "") -> Dossier:
    """Open a person's file with their written application (step 1): they must be on the roll, 18 or older on the day
    (their birth date is needed to tell), and have no open file. The person becomes an applicant. Without
    `applied_on`, the application date the roll already holds for the person is used (entered once: a roll kept
    before the file has it), and asked for only when there is none."""
    require_at(actor, "recruitment", ADD, person.branch)
    person = Person.objects.select_for_update().select_related("branch").get(pk=person.pk)
    if not person.active:
        raise invalid("person", _("%(name)s is not on the roll.") % {"name": person.name})
    applied_on = applied_on or person.applied_on
    if applied_on is None:
        raise invalid("applied_on", _("Give the date of the written application."))
    if person.party_status == Person.PartyStatus.MEMBER:
        raise invalid("person", _("%(name)s is already a full member.") % {"name": person.name})
    if applied_on > timezone.localdate():
        raise invalid("applied_on", _("The application cannot be dated in the future."))
    if person.birth_date is None:
        raise invalid(
            "person", _("Record %(name)s's birth date first: an applicant must be 18.") % {"name": person.name}
        )
    if not rules.old_enough(person.birth_date, applied_on):
        raise invalid(
            "applied_on",
            _("%(name)s was %(age)s on that day; an applicant must be at least 18.")
            % {"name": person.name, "age": rules.age_on(person.birth_date, applied_on)},
        )
    if Dossier.objects.filter(person=person, state=Dossier.State.OPEN).exists():
        raise Conflict(_("%(name)s already has an open recruitment file.") % {"name": person.name})
    dossier = Dossier(person=person, org=person.branch, opened_on=applied_on)
    with unique_conflict(_("%(name)s already has an open recruitment file.") % {"name": person.name}):
        save_audited(dossier, actor=actor)
    record = StepRecord(dossier=dossier, step="apply", done_on=applied_on, note=note, recorded_by=_user(actor))
    save_audited(record, actor=actor)
    _move_status(actor=actor, person=person, to_status="applicant", on=applied_on, note=_("Application received"))
    return dossier


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def step_record(
    *,
    actor,
    dossier: Dossier,
    step: str,
    done_on: dt.date | None = None,
    note: str = "",
    local_step: LocalStep | None = None,
    meeting=None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    training_days: int | None = None,
    training_hours: Decimal | None = None,
    introducers: list[Person] | None = None,
    relations: list[str] | None = None,
) -> StepRecord:
    """Record one step done on an open file, in the national order (a company's sub-steps in their place), with its
    time rule; the votes read the meeting's quorum. Moves the person's party status when the step does so."""
    if local_step is not None:
        step = local_step.after
    if step not in steps.BY_CODE:
        raise invalid("step", _("Unknown step."))
    definition = steps.step(step)
    require_at(actor, "recruitment", CHANGE, acting_org(dossier, definition, local_step))
    dossier = Dossier.objects.select_for_update().select_related("person", "org").get(pk=dossier.pk)
    if dossier.state != Dossier.State.OPEN:
        raise Conflict(_("This file is closed."))
    if step == "apply":
        raise Conflict(_("The application is recorded when the file is opened."))
    vote = definition.vote and local_step is None
    if vote:
        done_on = _check_vote(dossier, meeting, votes_for, votes_against, abstentions)
    elif meeting is not None or votes_for is not None:
        raise invalid("meeting", _("Only the assembly's votes take a meeting and votes."))
    if done_on is None:
        raise invalid("done_on", _("Give the date."))
    if done_on > timezone.localdate():
        raise invalid("done_on", _("A step cannot be recorded before it happens."))
    records = list(dossier.records.all())
    _check_order(dossier, records, step, local_step, done_on)
    person = dossier.person
    if local_step is None:
        _check_rule(dossier, records, step, done_on, training_days, training_hours, introducers, relations)
    record = StepRecord(
        dossier=dossier,
        step=step,
        local_step=local_step,
        done_on=done_on,
        note=note.strip(),
        meeting=meeting if vote else None,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        training_days=training_days if step == "training" else None,
        training_hours=training_hours if step == "training" else None,
        recorded_by=_user(actor),
    )
    with unique_conflict(_("This step is already recorded on the file.")):
        save_audited(record, actor=actor)
    if local_step is not None:
        inbox.file_changed(dossier)
        return record
    if step == "introducers":
        before = audit.snapshot(dossier)
        dossier.introducer_1, dossier.introducer_2 = introducers
        dossier.introducer_1_relation, dossier.introducer_2_relation = relations
        save_audited(dossier, actor=actor, before=before)
    if definition.status:
        on = done_on
        if step == "approval":
            on = _first(records, "admission_vote").done_on  # probation counts from the admission vote
        elif step == "conversion_approval":
            on = rules.probation_end(_first(records, "admission_vote").done_on, dossier.extension_months)
        _move_status(actor=actor, person=person, to_status=definition.status, on=on, note=str(definition.name))
    if step == "archived":
        before = audit.snapshot(dossier)
        dossier.state, dossier.closed_on = Dossier.State.COMPLETED, done_on
        save_audited(dossier, actor=actor, before=before)
    inbox.file_changed(dossier)
    return record


def _check_rule(dossier, records, step, done_on, training_days, training_hours, introducers, relations) -> None:
    """The refusing time rules (rules.py); the warnings are read by selectors.findings."""
    if step == "candidate":
        activist = _first(records, "activist")
        earliest = rules.candidate_earliest(activist.done_on)
        if done_on < earliest:
            raise invalid(
                "done_on",
                _("An activist becomes a candidate after a full year as activist: on %(date)s at the earliest.")
                % {"date": earliest},
            )
    elif step == "introducers":
        _check_introducers(dossier, list(introducers or []), list(relations or ["", ""]), done_on)
    elif step == "training":
        if not rules.training_enough(training_days, training_hours):
            raise invalid("training_hours", _("The concentrated training lasts at least 3 days or 24 class hours."))
    elif step == "approval":
        latest = rules.approval_latest(_first(records, "admission_vote").done_on)
        if done_on > latest:
            raise invalid(
                "done_on",
                _("Approval is due within 3 months of the vote and at most 6 (by %(date)s); the branch votes again.")
                % {"date": latest},
            )
    elif step == "conversion_vote":
        end = rules.probation_end(_first(records, "admission_vote").done_on, dossier.extension_months)
        if done_on < end:
            raise invalid(
                "meeting", _("Probation ends on %(date)s; conversion is discussed after that.") % {"date": end}
            )


@transaction.atomic
def probation_extend(*, actor, dossier: Dossier, months: int, on: dt.date, reason: str) -> Dossier:
    """Extend probation once, by 6 to 12 months (decided by the branch general assembly, approved above)."""
    require_at(actor, "recruitment", CHANGE, dossier.org)
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    records = list(dossier.records.all())
    if dossier.state != Dossier.State.OPEN or _first(records, "approval") is None:
        raise Conflict(_("Only a probationary member's probation can be extended."))
    if _first(records, "conversion_vote") is not None:
        raise Conflict(_("The conversion is already voted on."))
    if dossier.extension_months:
        raise Conflict(_("Probation can be extended only once."))
    if not reason.strip():
        raise invalid("reason", _("Give the reason."))
    if not rules.EXTENSION_MIN <= (months or 0) <= rules.EXTENSION_MAX:
        raise invalid("months", _("Probation is extended by 6 to 12 months."))
    before = audit.snapshot(dossier)
    dossier.extension_months, dossier.extended_on = months, on
    save_audited(dossier, actor=actor, before=before, comment=reason.strip())
    inbox.file_changed(dossier)  # the conversion vote is due later now
    return dossier


@transaction.atomic
def dossier_stop(*, actor, dossier: Dossier, on: dt.date, reason: str) -> Dossier:
    """Stop a file (the applicant withdraws, is not admitted, or probation is cancelled); the person goes back to
    non-member on the roll."""
    require_at(actor, "recruitment", CHANGE, dossier.org)
    dossier = Dossier.objects.select_for_update().select_related("person").get(pk=dossier.pk)
    if dossier.state != Dossier.State.OPEN:
        raise Conflict(_("This file is closed."))
    if not reason.strip():
        raise invalid("reason", _("Give the reason."))
    before = audit.snapshot(dossier)
    dossier.state, dossier.closed_on, dossier.close_reason = Dossier.State.STOPPED, on, reason.strip()
    save_audited(dossier, actor=actor, before=before)
    person = dossier.person
    if person.party_status not in (Person.PartyStatus.NON_MEMBER, Person.PartyStatus.MEMBER):
        org_services.person_change_status(
            actor=actor, person=person, to_status=Person.PartyStatus.NON_MEMBER, on=on, note=reason.strip()
        )
    inbox.file_changed(dossier)
    return dossier


@transaction.atomic
def plan_save(*, actor, org: PartyOrg, year: int, planned: int, note: str = "") -> Plan:
    """Set an org's recruitment plan for a year (one per org and year; saving again changes it)."""
    plan = Plan.objects.select_for_update().filter(org=org, year=year).first()
    require_at(actor, "recruitment", CHANGE if plan else ADD, org)
    before = audit.snapshot(plan) if plan else None
    plan = plan or Plan(org=org, year=year)
    plan.planned, plan.note = planned, (note or "").strip()
    save_audited(plan, actor=actor, before=before, conflict=_("This org already has a plan for that year."))
    return plan


@transaction.atomic
def local_step_save(
    *,
    actor,
    company: PartyOrg,
    after: str,
    name: str,
    actor_kind: str,
    record: str = "",
    obj: LocalStep | None = None,
    active: bool = True,
) -> LocalStep:
    """Add (or change, or retire) a company's own sub-step after a national step; it takes the next place after
    that step's other sub-steps and never moves a national step."""
    require_at(actor, "recruitment", CHANGE, company)
    if company.parent_id is not None:
        raise invalid("company", _("Sub-steps belong to the company (its top organisation)."))
    if after not in steps.BY_CODE:
        raise invalid("after", _("Unknown step."))
    before = audit.snapshot(obj) if obj else None
    if obj is None:
        last = LocalStep.objects.filter(company=company, after=after).order_by("-order").first()
        obj = LocalStep(company=company, after=after, order=(last.order + 1) if last else 1)
    elif obj.after != after:
        raise invalid("after", _("A sub-step keeps its place; retire it and add another."))
    obj.name, obj.actor, obj.record, obj.active = name.strip(), actor_kind, record.strip(), active
    validate(obj)
    save_audited(obj, actor=actor, before=before, conflict=None)
    return obj


def export_audit(*, actor, rows: int) -> None:
    """The pipeline leaving the system (personal data) is worth an audit row."""
    audit.record(
        actor=actor,
        action=AuditLog.Action.EXPORT,
        object_type="recruitment.dossier",
        object_repr=_("Recruitment files"),
        after={"rows": rows},
    )
