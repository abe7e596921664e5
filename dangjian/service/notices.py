"""Notices about requests (notifications, core/notifications), written inside the step's transaction: to the
handling org's managers when a request arrives or is escalated to them, to the handler when it is assigned, to the
submitter when it is answered. Texts carry the request's number and subject only (an anonymous sender stays
anonymous)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from dangjian.accounts.models import RoleAssignment, User
from dangjian.core.notifications import services as notifications
from dangjian.core.notifications.selectors import unread_notifications
from dangjian.core.permissions import Role
from dangjian.service.models import ServiceRequest

MANAGING_ROLES = (Role.SECRETARY, Role.PARTY_OFFICE)


def _ancestor_paths(path: str) -> list[str]:
    """ "/1/7/42/" → ["/1/", "/1/7/", "/1/7/42/"]."""
    parts = path.strip("/").split("/")
    return [f"/{'/'.join(parts[: n + 1])}/" for n in range(len(parts))]


def managers(org) -> list[int]:
    """Ids of the accounts that manage `org`: its secretary, and secretaries and 党群工作部 above it."""
    return list(
        RoleAssignment.objects.active()
        .filter(role__in=MANAGING_ROLES, org__path__in=_ancestor_paths(org.path))
        .values_list("user_id", flat=True)
        .distinct()
    )


def accounts_of(person_id: int | None) -> list[int]:
    return (
        list(User.objects.filter(person_id=person_id, is_active=True).values_list("pk", flat=True)) if person_id else []
    )


def _label(request: ServiceRequest) -> str:
    return f"{request.number}「{request.title}」"


# The notices' kinds and texts. A text names the request by number and subject only (an anonymous sender stays
# anonymous).
EVENTS = {
    "submitted": gettext_lazy("New request %(label)s: accept it by %(due)s."),
    "accepted": gettext_lazy("Request %(label)s is assigned to you: resolve it by %(due)s."),
    "resolved": gettext_lazy("Request %(label)s is answered: please rate it."),
    "escalated": gettext_lazy("Request %(label)s is past its deadline and escalated to you."),
}
# "service.notice": the notices kept from before notifications, whose event was not recorded.
KINDS = [f"service.{event}" for event in EVENTS] + ["service.notice"]
SUBJECT = gettext_lazy("Employee concern %(number)s")


def notify(request: ServiceRequest, event: str, *, exclude: int | None = None) -> int:
    """Send the notices for `event` (submitted, accepted, resolved, escalated) about `request` through the one
    notification service (core/notifications). Returns how many."""
    if event == "submitted":
        users = managers(request.handling_org)
    elif event == "accepted":
        users = accounts_of(request.handler_id)
    elif event == "resolved":
        users = accounts_of(request.submitter_id)
    elif event == "escalated":
        users = managers(request.escalated_to)
    else:
        raise ValueError(event)
    due = request.accept_due if event == "submitted" else request.resolve_due
    created = notifications.notify(
        recipients=[u for u in users if u != exclude],
        kind=f"service.{event}",
        subject=SUBJECT,
        text=EVENTS[event],
        params={"label": _label(request), "due": due.isoformat(), "number": request.number},
        link=reverse("service:detail", kwargs={"pk": request.pk}),
        about=request,
    )
    return len(created)


def unread(*, user, limit: int) -> list:
    """The user's unread notices about requests, newest first."""
    return unread_notifications(user=user, kinds=KINDS, limit=limit)


def mark_read(*, user, request: ServiceRequest) -> None:
    """Opening a request reads its notices (the reader's inbox, not request data: not audited)."""
    notifications.notifications_read_about(actor=user, about=request, kinds=KINDS)


__all__ = ["KINDS", "managers", "mark_read", "notify", "unread"]
