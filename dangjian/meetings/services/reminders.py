"""Reminders before a period ends without its meeting: in the app, and by e-mail when the account has an address."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.errors import NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM, is_system
from dangjian.meetings import compliance
from dangjian.meetings.models import ComplianceReminder, MeetingType
from dangjian.org.models import PartyOrg

log = logging.getLogger(__name__)
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


def _email(ids: list[int]) -> None:
    for reminder in ComplianceReminder.objects.filter(pk__in=ids).select_related("user"):
        try:
            send_mail(
                _("Meeting due"),
                f"{reminder.text}\n\n{reminder.link}",
                settings.DEFAULT_FROM_EMAIL,
                [reminder.user.email],
            )
        except Exception:
            # A mail server that is down must not undo the in-app reminders; the log says which one failed.
            log.exception("meeting reminder %s could not be e-mailed", reminder.pk)


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
    sent = set(
        ComplianceReminder.objects.filter(org_id__in=holders).values_list("org_id", "meeting_type", "period", "user_id")
    )
    labels = dict(MeetingType.choices)
    new = []
    for org, result, state in due:
        text = _("%(org)s has not held its %(type)s for %(period)s yet; the period ends on %(end)s.") % {
            "org": org.name,
            "type": labels[result.meeting_type],
            "period": state.label,
            "end": state.span.end.isoformat(),
        }
        link = reverse("meetings:calendar", kwargs={"pk": org.pk}) + f"?year={state.span.end.year}"
        for user in holders.get(org.pk, []):
            if (org.pk, result.meeting_type, state.label, user.pk) in sent:
                continue
            new.append(
                ComplianceReminder(
                    user=user,
                    org=org,
                    meeting_type=result.meeting_type,
                    period=state.label,
                    text=text[:300],
                    link=link,
                    emailed_at=timezone.now() if user.email else None,
                )
            )
    if not new:
        return 0
    created = ComplianceReminder.objects.bulk_create(new)
    audit.record(
        actor=actor,
        action=AuditLog.Action.CREATE,
        object_type="meetings.compliancereminder",
        object_repr=_("Meeting reminders of %(day)s") % {"day": today.isoformat()},
        after={"reminders": len(created), "orgs": len({r.org_id for r in new})},
    )
    mailed = [r.pk for r in created if r.emailed_at is not None]
    if mailed:
        transaction.on_commit(lambda: _email(mailed))
    return len(created)


def reminder_mark_read(*, actor, reminder: ComplianceReminder) -> ComplianceReminder:
    """Mark one of the actor's own reminders read. Not audited: it is the reader's inbox, not meeting data."""
    if reminder.user_id != getattr(actor, "pk", None):
        raise NotPermitted(_("This reminder is not yours."))
    if reminder.read_at is None:
        reminder.read_at = timezone.now()
        reminder.save(update_fields=["read_at"])
    return reminder
