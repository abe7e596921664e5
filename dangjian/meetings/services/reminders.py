"""Reminders before a period ends without its meeting: notifications (core/notifications), read in the app and
e-mailed when the account has an address. A reminder asks to act: it stays in the inbox (待办) of the secretary (or
group leader) until the period has its meetings, whoever records them (`reminders_done`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.core import audit
from dangjian.core.errors import NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.notifications.services import notifications_done_by_key, notify, open_keys
from dangjian.core.services import SYSTEM, is_system
from dangjian.meetings import compliance
from dangjian.meetings.models import MeetingType
from dangjian.org.models import PartyOrg

KIND = "meetings.due"
SUBJECT = gettext_lazy("Meeting due")
TEXT = gettext_lazy("%(org)s has not held its %(type)s for %(period)s yet; the period ends on %(end)s.")
# The roles reminded for an org: its secretary, or a party group's leader.
REMINDED_ROLES = ("secretary", "group_leader")


def due_soon(orgs: list[PartyOrg], today: dt.date) -> list[tuple[PartyOrg, compliance.RuleResult, object]]:
    """(org, rule result, period) for every running period that ends within its rule's reminder days and does not
    have its meetings yet (five queries however many orgs)."""
    start, end = today - dt.timedelta(days=366), today + dt.timedelta(days=92)
    by_org = compliance.compliance(orgs, start, end, today)
    out = []
    for org in orgs:
        for result in by_org[org.pk]:
            for state in result.states:
                span = state.span
                if state.state != "open" or not span.start <= today <= span.end:
                    continue
                if today >= span.end - dt.timedelta(days=result.rule.remind_days) and state.held < result.rule.times:
                    out.append((org, result, state))
    return out


@transaction.atomic
def reminders_send(*, actor=SYSTEM, today: dt.date | None = None) -> int:
    """Remind the secretaries (group leaders for groups) of every active org whose running period ends within the
    rule's `remind_days` without its meetings: one reminder per org, type, period and account (sending again adds
    nothing), e-mailed when the account has an address. Returns how many were new."""
    from dangjian.accounts.models import RoleAssignment

    if not is_system(actor):
        raise NotPermitted(_("Reminders are sent by the system."))
    today = today or timezone.localdate()
    orgs = list(PartyOrg.objects.filter(status=PartyOrg.Status.ACTIVE).order_by("path"))
    due = due_soon(orgs, today)
    if not due:
        return 0
    holders: dict[int, list] = {}
    assignments = (
        RoleAssignment.objects.active()
        .filter(role__in=REMINDED_ROLES, org_id__in={org.pk for org, _r, _s in due}, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    for assignment in assignments:
        holders.setdefault(assignment.org_id, []).append(assignment.user)
    labels = dict(MeetingType.choices)
    created = 0
    orgs_reminded = set()
    for org, result, state in due:
        users = holders.get(org.pk, [])
        if not users:
            continue
        made = notify(
            recipients=users,
            kind=KIND,
            subject=SUBJECT,
            text=TEXT,
            params={
                "org": org.name,
                "type": labels[result.meeting_type],
                "period": state.label,
                "end": state.span.end.isoformat(),
            },
            link=reverse("meetings:calendar", kwargs={"pk": org.pk}) + f"?year={state.span.end.year}",
            about=org,
            key=f"{KIND}:{org.pk}:{result.meeting_type}:{state.label}",
            action=True,
        )
        created += len(made)
        if made:
            orgs_reminded.add(org.pk)
    if not created:
        return 0
    audit.record(
        actor=actor,
        action=AuditLog.Action.CREATE,
        object_type="core.notification",
        object_repr=_("Meeting reminders of %(day)s") % {"day": today.isoformat()},
        after={"reminders": created, "orgs": len(orgs_reminded)},
    )
    return created


def reminders_done(*, org: PartyOrg, meeting_type: str, today: dt.date | None = None) -> int:
    """Close the open reminders of `org` for `meeting_type` whose period now has its meetings — called by the service
    that records or changes a meeting, inside its transaction. One query when nothing is open; returns how many were
    closed."""
    prefix = f"{KIND}:{org.pk}:{meeting_type}:"
    waiting = {key for key in open_keys(about=org, kinds=[KIND]) if key.startswith(prefix)}
    if not waiting:
        return 0
    today = today or timezone.localdate()
    results = compliance.compliance([org], today - dt.timedelta(days=366), today + dt.timedelta(days=92), today)
    held = {
        f"{prefix}{state.label}"
        for result in results[org.pk]
        if result.meeting_type == meeting_type
        for state in result.states
        if state.held >= result.rule.times
    }
    return notifications_done_by_key(keys=waiting & held)
