"""Writes for employees' requests: submit, take a step of the workflow (the ONE guarded service), escalate breaches,
and configure the deadlines and the holiday calendar. Each service checks permission, validates and writes its audit
row in the same transaction."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import audit, events
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.scoping import can_anywhere, can_at, scope_for
from dangjian.core.services import SYSTEM, is_system, validate
from dangjian.org.models import PartyOrg, Person
from dangjian.service import lifecycle, notices, sla
from dangjian.service.files import check_files
from dangjian.service.models import (
    OPEN_STATES,
    CalendarDay,
    Destination,
    ServiceAttachment,
    ServiceRequest,
    ServiceTransition,
    SlaPolicy,
    State,
)

# Never written to an audit row: the private link's secret.
SECRET_FIELDS = ("token",)


def _snapshot(obj) -> dict:
    return audit.snapshot(obj, exclude=SECRET_FIELDS)


def root_of(org: PartyOrg) -> PartyOrg:
    """The company (top) org above `org`: 必达 requests go to it."""
    root_id = int(org.path.strip("/").split("/")[0])
    return org if org.pk == root_id else PartyOrg.objects.get(pk=root_id)


def can_submit(user) -> bool:
    """Any business user with a linked person may send a request (no query: assignments are cached)."""
    if is_system(user):
        return True
    return bool(getattr(user, "person_id", None)) and scope_for(user, "service_request", "view").own


def _step(request: ServiceRequest, *, actor, action: str, from_state: str, comment: str = "") -> ServiceTransition:
    person_id = getattr(actor, "person_id", None)
    return ServiceTransition.objects.create(
        request=request,
        action=action,
        from_state=from_state,
        to_state=request.state,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=actor.get_username(),
        by_submitter=bool(person_id) and person_id == request.submitter_id,
        at=timezone.now(),
        comment=comment,
    )


@transaction.atomic
def request_submit(
    *,
    actor,
    category: str,
    title: str,
    description: str,
    destination: str = Destination.BRANCH,
    anonymous: bool = False,
    public: bool = False,
    attachments: list | None = None,
    submitter: Person | None = None,
) -> ServiceRequest:
    """An employee's concern, sent to their branch or straight to the company leaders (必达), with its deadlines in
    working days from today and its checked attachments. `submitter` is for the system (the demo seed); a person
    always submits as themselves."""
    if is_system(actor):
        if submitter is None:
            raise InvalidInput(_("Name the submitter."))
    else:
        if not can_submit(actor):
            raise NotPermitted(_("Only an employee with a personal record can send a request."))
        submitter = Person.objects.select_related("branch").get(pk=actor.person_id)
    checked = check_files(list(attachments or []))
    if destination not in Destination.values:
        raise InvalidInput(_("Choose where to send it."), errors={"destination": [_("Choose a listed option.")]})
    branch = submitter.branch
    handling_org = root_of(branch) if destination == Destination.LEADERS else branch
    today = timezone.localdate()
    request = ServiceRequest(
        category=category,
        title=(title or "").strip(),
        description=(description or "").strip(),
        destination=destination,
        anonymous=anonymous,
        public=public,
        submitter=submitter,
        handling_org=handling_org,
        state=State.SUBMITTED,
        state_changed_at=timezone.now(),
        submitted_at=timezone.now(),
        submitted_on=today,
    )
    if category in dict(ServiceRequest._meta.get_field("category").choices):
        request.accept_due, request.resolve_due = sla.deadlines(category=category, start=today)
    else:
        request.accept_due = request.resolve_due = today  # full_clean reports the category
    validate(request)
    request.save()
    for n, (upload, content_type, ext) in enumerate(checked, start=1):
        attachment = ServiceAttachment(
            request=request,
            name=_("Attachment %(n)d%(ext)s") % {"n": n, "ext": ext},
            content_type=content_type,
            size=upload.size,
        )
        attachment.file.save(f"a{ext}", upload, save=False)
        attachment.save()
    _step(request, actor=actor, action="submit", from_state="")
    notices.notify(request, "submitted", exclude=getattr(actor, "pk", None))
    after = _snapshot(request)
    after["attachments"] = len(checked)
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=request, after=after)
    return request


def _locked(request: ServiceRequest) -> ServiceRequest:
    return ServiceRequest.objects.select_for_update(of=("self",)).select_related("handling_org").get(pk=request.pk)


def _assign(actor, request: ServiceRequest, *, handler: Person | None, org: PartyOrg | None) -> None:
    """Accepting names the handler, and may pass the request to another org the actor manages."""
    if org is not None and org.pk != request.handling_org_id:
        if not (is_system(actor) or can_at(actor, "service_request", "change", org)):
            raise InvalidInput(
                _("You cannot pass a request to an organisation you do not manage."),
                errors={"org": [_("Choose an organisation you manage.")]},
            )
        request.handling_org = org
    if handler is None:
        raise InvalidInput(_("Name the person who will handle it."), errors={"handler": [_("This field is required.")]})
    if handler.pk == request.submitter_id:
        raise InvalidInput(
            _("The person who raised a concern cannot handle it."),
            errors={"handler": [_("Choose someone other than the sender.")]},
        )
    own = handler.pk == getattr(actor, "person_id", None)
    if not (is_system(actor) or own or Person.objects.restrict(actor, "view").filter(pk=handler.pk).exists()):
        raise InvalidInput(
            _("Choose a handler among the people you can see."), errors={"handler": [_("Unknown person.")]}
        )
    request.handler = handler


@transaction.atomic
def request_transition(
    *,
    actor,
    request: ServiceRequest,
    action: str,
    comment: str = "",
    rating: int | None = None,
    handler: Person | None = None,
    org: PartyOrg | None = None,
) -> ServiceRequest:
    """Take one step of a request's workflow (see lifecycle.TABLE). An illegal step raises Conflict (409), a step the
    actor may not take NotPermitted (403), a missing comment/handler/rating InvalidInput (400) — and nothing changes.
    A legal step writes the new state, a ServiceTransition and an audit row."""
    if action not in lifecycle.ACTIONS:
        raise InvalidInput(
            _("Unknown step: %(action)s.") % {"action": action}, errors={"action": [_("Choose a listed step.")]}
        )
    request = _locked(request)
    held = lifecycle.standings(actor, request)
    if not held and not can_at(actor, "service_request", "view", request.handling_org):
        raise NotPermitted(_("You do not have permission to do this here."))
    move = lifecycle.move_for(request.state, action)
    if move is None:
        raise Conflict(
            _("A request that is %(state)s cannot take the step “%(action)s”.")
            % {"state": request.get_state_display(), "action": lifecycle.ACTIONS[action]}
        )
    if not held & move.who:
        raise NotPermitted(
            _("You may not take the step “%(action)s” on this request.") % {"action": lifecycle.ACTIONS[action]}
        )
    if action == lifecycle.CLOSE and lifecycle.awaiting_rating(request, timezone.localdate()):
        raise Conflict(
            _("The employee has until %(day)s to rate the answer; the request can be closed after that.")
            % {"day": lifecycle.rating_due(request).isoformat()}
        )
    comment = (comment or "").strip()
    if lifecycle.COMMENT in move.needs and not comment:
        message = _("Say what was done.") if action == lifecycle.RESOLVE else _("Give the reason.")
        raise InvalidInput(message, errors={"comment": [_("This field is required.")]})
    before, from_state, today = _snapshot(request), request.state, timezone.localdate()
    if lifecycle.ASSIGN in move.needs:
        _assign(actor, request, handler=handler, org=org)
        request.accepted_on = today
    if lifecycle.RATING in move.needs:
        if rating is None or not 1 <= int(rating) <= 5:
            raise InvalidInput(_("Rate the answer from 1 to 5."), errors={"rating": [_("Choose 1 to 5.")]})
        request.rating, request.rated_on = int(rating), today
    if action == lifecycle.RESOLVE:
        request.resolution, request.resolved_on = comment, today
    if action == lifecycle.REOPEN:
        # Not solved: the handler gets a fresh allowance from today, and the earlier answer no longer counts.
        request.reopen_count += 1
        request.resolved_on = request.rating = request.rated_on = None
        request.resolve_due = sla.deadlines(category=request.category, start=today)[1]
    if move.to_state == State.CLOSED:
        request.closed_on = today
    request.state, request.state_changed_at = move.to_state, timezone.now()
    validate(request)
    request.save()
    _step(request, actor=actor, action=action, from_state=from_state, comment=comment)
    notices.close_done(request, action)  # whoever took the step did the work the inbox items asked for
    if action == lifecycle.ACCEPT:
        notices.notify(request, "accepted", exclude=getattr(actor, "pk", None))
    if action == lifecycle.REOPEN:
        events.publish("service_request_reopened", request=request)
        notices.notify(request, "reopened", exclude=getattr(actor, "pk", None))
    if move.to_state == State.RESOLVED:
        events.publish("service_request_resolved", request=request, actor=actor)
        notices.notify(request, "resolved", exclude=getattr(actor, "pk", None))
    after = _snapshot(request)
    changed = audit.changes(before, after)
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=request,
        before={k: before[k] for k in changed},
        after={**{k: after[k] for k in changed}, "action": action},
        comment=comment,
    )
    return request


def breached_q(today: dt.date) -> Q:
    """Open requests past a deadline: not accepted by the accept date, or not resolved by the resolve date."""
    return Q(state=State.SUBMITTED, accept_due__lt=today) | Q(state__in=OPEN_STATES, resolve_due__lt=today)


ESCALATION_BATCH = 500


def escalate_breaches(*, actor=SYSTEM, today: dt.date | None = None, queryset=None) -> int:
    """Escalate every open request past a deadline and not escalated yet to the superior of its handling org (a
    company-level request stays with the company org, flagged). Run by the worker every hour (a page only reads: the
    queue and the home page show a breach from its dates whether or not it has been escalated yet). Every breach is
    escalated, however many, in batches of ESCALATION_BATCH rows, each batch one transaction (`queryset` narrows it:
    the demo replays one request's history). Returns how many."""
    if not is_system(actor):
        raise NotPermitted(_("Escalation is done by the system."))
    today = today or timezone.localdate()
    total = 0
    while done := _escalate_batch(actor=actor, today=today, base=queryset):
        total += done
    return total


@transaction.atomic
def _escalate_batch(*, actor, today: dt.date, base=None) -> int:
    due = list(
        (base if base is not None else ServiceRequest.objects.all())
        .filter(breached_q(today), escalated_to__isnull=True)
        .select_related("handling_org")
        .select_for_update(of=("self",))
        .order_by("pk")[:ESCALATION_BATCH]
    )
    if not due:
        return 0
    parent_ids = {r.handling_org.parent_id for r in due if r.handling_org.parent_id}
    parents = {o.pk: o for o in PartyOrg.objects.filter(pk__in=parent_ids)}
    for request in due:
        request.escalated_to = parents.get(request.handling_org.parent_id, request.handling_org)
        request.escalated_on = today
    ServiceRequest.objects.bulk_update(due, ["escalated_to", "escalated_on"])
    for request in due:
        target = request.escalated_to
        _step(request, actor=actor, action="escalate", from_state=request.state, comment=target.name)
        notices.notify(request, "escalated")
        audit.record(
            actor=actor,
            action=AuditLog.Action.UPDATE,
            obj=request,
            after={"escalated_to": target.pk, "escalated_on": today.isoformat()},
        )
    return len(due)


# --- configuration ---------------------------------------------------------------------------------------------------


def _require_settings(actor) -> None:
    if not (is_system(actor) or can_anywhere(actor, "service_settings", "change")):
        raise NotPermitted(_("Only 党群工作部 can change the service deadlines and the calendar."))


@transaction.atomic
def sla_policy_save(*, actor, category: str, accept_days: int, resolve_days: int) -> SlaPolicy:
    """Set how many working days a category allows to accept and to resolve (requests sent from now on)."""
    _require_settings(actor)
    policy = SlaPolicy.objects.filter(category=category).first() or SlaPolicy(category=category)
    before = _snapshot(policy) if policy.pk else None
    policy.accept_days, policy.resolve_days = accept_days, resolve_days
    validate(policy)
    policy.save()
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE if before else AuditLog.Action.CREATE,
        obj=policy,
        before=before,
        after=_snapshot(policy),
    )
    return policy


@transaction.atomic
def calendar_day_save(*, actor, day: dt.date, kind: str, name: str = "") -> CalendarDay:
    """Mark a date as a holiday or a make-up working day (调休), replacing what it was."""
    _require_settings(actor)
    row = CalendarDay.objects.filter(day=day).first() or CalendarDay(day=day)
    before = _snapshot(row) if row.pk else None
    row.kind, row.name = kind, name
    validate(row)
    row.save()
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE if before else AuditLog.Action.CREATE,
        obj=row,
        before=before,
        after=_snapshot(row),
    )
    return row


@transaction.atomic
def calendar_range_save(*, actor, day: dt.date, until: dt.date | None = None, kind: str, name: str = "") -> int:
    """Mark every date from `day` to `until` (inclusive) — a whole holiday such as 国庆节 1–7 October — all or
    nothing. Returns how many dates were saved."""
    until = until or day
    if until < day or (until - day).days > 31:
        raise InvalidInput(
            _("Enter a span of at most a month, ending on or after its first day."),
            errors={"until": [_("End on or after the first day, within a month.")]},
        )
    count = 0
    while day <= until:
        calendar_day_save(actor=actor, day=day, kind=kind, name=name)
        day += dt.timedelta(days=1)
        count += 1
    return count


@transaction.atomic
def calendar_day_delete(*, actor, day: CalendarDay) -> None:
    """Make a date an ordinary day of the week again."""
    _require_settings(actor)
    audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=day, before=_snapshot(day))
    day.delete()
