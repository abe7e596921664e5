"""Notices about requests (notifications, core/notifications), written inside the step's transaction. Each asks its
recipient to act and stays in their work inbox (待办) until the step that does the work is taken, by whoever takes it:

- submitted → the handling org's managers (its secretary; secretaries and 党群工作部 above): accept it — closed for
  all of them when it is accepted;
- accepted (assigned) → the handler: resolve it — closed when it is resolved;
- escalated (past its deadline) → the managers of the org it is escalated to: see it through — closed when it is
  resolved;
- resolved → the submitter: rate it — closed when they rate or reopen it, or it is closed;
- reopened → the handler: resolve it again — closed when it is resolved.
A closed request closes every item about it. One notification per recipient, request and step (the key), so a step
replayed never repeats it. Texts carry the request's number and subject only (an anonymous sender stays
anonymous)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from dangjian.accounts.models import RoleAssignment, User
from dangjian.core.notifications import services as notifications
from dangjian.core.permissions import Role
from dangjian.service.models import ServiceRequest, State

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
    "reopened": gettext_lazy("Request %(label)s was reopened, not solved: resolve it by %(due)s."),
}
# Which items a step closes: the work they asked for is done (a closed request closes them all, see `close_done`).
CLOSED_BY = {
    "accept": ["service.submitted"],
    "resolve": ["service.accepted", "service.reopened", "service.escalated", "service.submitted"],
    "rate": ["service.resolved"],
    "reopen": ["service.resolved"],
}
# "service.notice": the notices kept from before notifications, whose event was not recorded.
KINDS = [f"service.{event}" for event in EVENTS] + ["service.notice"]
SUBJECT = gettext_lazy("Employee concern %(number)s")


def notify(request: ServiceRequest, event: str, *, exclude: int | None = None) -> int:
    """Send the notices for `event` (submitted, accepted, resolved, escalated) about `request` through the one
    notification service (core/notifications). Returns how many."""
    if event == "submitted":
        users = managers(request.handling_org)
    elif event in ("accepted", "reopened"):
        users = accounts_of(request.handler_id)
    elif event == "resolved":
        users = accounts_of(request.submitter_id)
    elif event == "escalated":
        users = managers(request.escalated_to)
    else:
        raise ValueError(event)
    due = request.accept_due if event == "submitted" else request.resolve_due
    # One per recipient, request and step; an answer after a reopening, or a reopening, is a step of its own.
    round_ = f":{request.reopen_count}" if event in ("resolved", "reopened") else ""
    created = notifications.notify(
        recipients=[u for u in users if u != exclude],
        kind=f"service.{event}",
        subject=SUBJECT,
        text=EVENTS[event],
        params={"label": _label(request), "due": due.isoformat(), "number": request.number},
        link=reverse("service:detail", kwargs={"pk": request.pk}),
        about=request,
        key=f"service:{request.pk}:{event}{round_}",
        action=True,
    )
    return len(created)


def close_done(request: ServiceRequest, action: str) -> int:
    """Close the items whose work the step `action` just did, for everyone who was asked (a closed request: all of
    them). Returns how many."""
    if request.state == State.CLOSED:
        return notifications.notifications_done(about=request)
    kinds = CLOSED_BY.get(action)
    return notifications.notifications_done(about=request, kinds=kinds) if kinds else 0


def mark_read(*, user, request: ServiceRequest) -> None:
    """Opening a request reads its notices (the reader's inbox, not request data: not audited)."""
    notifications.notifications_read_about(actor=user, about=request, kinds=KINDS)


__all__ = ["KINDS", "close_done", "managers", "mark_read", "notify"]
