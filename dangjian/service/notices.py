"""In-app notices about requests, written inside the step's transaction: to the handling org's managers when a
request arrives or is escalated to them, to the handler when it is assigned, to the submitter when it is answered.
Texts carry the request's number and subject only (an anonymous sender stays anonymous)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.accounts.models import RoleAssignment, User
from dangjian.core.permissions import Role
from dangjian.service.models import ServiceNotice, ServiceRequest

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


def notify(request: ServiceRequest, event: str, *, exclude: int | None = None) -> int:
    """Write the notices for `event` (submitted, accepted, resolved, escalated) about `request`. Returns how many."""
    label = _label(request)
    if event == "submitted":
        users, text = managers(request.handling_org), _("New request %(label)s: accept it by %(due)s.")
    elif event == "accepted":
        users, text = accounts_of(request.handler_id), _("Request %(label)s is assigned to you: resolve it by %(due)s.")
    elif event == "resolved":
        users, text = accounts_of(request.submitter_id), _("Request %(label)s is answered: please rate it.")
    elif event == "escalated":
        users, text = managers(request.escalated_to), _("Request %(label)s is past its deadline and escalated to you.")
    else:
        raise ValueError(event)
    due = request.accept_due if event == "submitted" else request.resolve_due
    text = (text % {"label": label, "due": due.isoformat()})[:300]
    rows = [ServiceNotice(user_id=u, request=request, text=text) for u in set(users) if u != exclude]
    ServiceNotice.objects.bulk_create(rows)
    return len(rows)


def unread(*, user, limit: int) -> list[ServiceNotice]:
    return list(ServiceNotice.objects.filter(user=user, read_at__isnull=True).order_by("-created_at", "-pk")[:limit])


def mark_read(*, user, request: ServiceRequest) -> None:
    """Opening a request reads its notices (the reader's inbox, not request data: not audited)."""
    ServiceNotice.objects.filter(user=user, request=request, read_at__isnull=True).update(read_at=timezone.now())


__all__ = ["managers", "mark_read", "notify", "unread"]
