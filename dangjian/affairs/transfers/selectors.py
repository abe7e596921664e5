"""Reads of transfers and floating members, scoped by the "transfer" grant (a transfer is seen from both its ends).
Each is a fixed number of queries however many rows."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.affairs.transfers.models import FloatingMember, Transfer
from dangjian.core.errors import NotFound
from dangjian.core.permissions import ADD, VIEW
from dangjian.core.scoping import scope_for
from dangjian.core.services import is_system
from dangjian.org import tenancy
from dangjian.org.models import PartyOrg, Person

RELATED = (
    "company",
    "person",
    "from_org",
    "to_org",
    "requested_by__person",
    "approved_by__person",
    "sent_by__person",
    "confirmed_by__person",
    "closed_by__person",
)


def transfer_list(*, user, status: str = "", kind: str = "", q: str = ""):
    """The transfers the user sees, newest first, filtered by status (or "open"), kind and a name/number search."""
    rows = Transfer.objects.restrict(user, VIEW).select_related(*RELATED)
    if status == "open":
        rows = rows.filter(status__in=Transfer.OPEN)
    elif status in Transfer.Status.values:
        rows = rows.filter(status=status)
    if kind in Transfer.Kind.values:
        rows = rows.filter(kind=kind)
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(employee_no=q) | Q(letter_no__icontains=q))
    return rows.order_by("-requested_at", "-id")


def transfer_detail(*, user, pk: int) -> Transfer:
    found = Transfer.objects.restrict(user, VIEW).select_related(*RELATED).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such transfer, or you do not have access to it."))
    return found


def transfers_of_person(*, user, person: Person):
    return Transfer.objects.restrict(user, VIEW).filter(person=person).select_related(*RELATED)


def counts(*, user) -> dict[str, int]:
    """How many of the user's transfers wait at each open status, and how many letters are overdue (one query)."""
    today = timezone.localdate()
    rows = Transfer.objects.restrict(user, VIEW).filter(status__in=Transfer.OPEN).values_list("status", "report_by")
    out = dict.fromkeys([*Transfer.OPEN, "overdue"], 0)
    for status, report_by in rows:
        out[status] += 1
        if status == Transfer.Status.SENT and report_by and report_by < today:
            out["overdue"] += 1
    return out


def open_transfers(*, user, limit: int = 50) -> list[Transfer]:
    """The open transfers the user sees, oldest first (the home page picks those waiting for the user). Only the
    person and the two orgs are joined: the 15-table join of every actor's account and person (RELATED) took
    PostgreSQL 95-165 ms to plan on every home page, for 12 rows (issue 17)."""
    rows = Transfer.objects.restrict(user, VIEW).filter(status__in=Transfer.OPEN)
    rows = rows.select_related("person", "from_org", "to_org")
    return list(rows.order_by("requested_at", "id")[:limit])


def floating_list(*, user, current: bool = True, q: str = ""):
    rows = FloatingMember.objects.restrict(user, VIEW).select_related("person__branch", "keeping_org")
    if current:
        rows = rows.filter(until__isnull=True)
    if q:
        rows = rows.filter(Q(person__name__icontains=q) | Q(location__icontains=q))
    return rows.order_by("person__branch__path", "-since", "id")


def floating_detail(*, user, pk: int) -> FloatingMember:
    found = (
        FloatingMember.objects.restrict(user, VIEW)
        .select_related("person__branch", "keeping_org")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(_("No such record, or you do not have access to it."))
    return found


def transferable_people_qs(*, user):
    """Members on the roll of the branches where the user may ask for a transfer (a form's choices)."""
    scope = scope_for(user, "transfer", ADD)
    rows = Person.objects.filter(active=True, party_status__in=("member", "probationary"))
    if not scope.everywhere:
        q_paths = Q(pk__in=[])
        for path in scope.paths:
            q_paths |= Q(branch__path__startswith=path)
        rows = rows.filter(q_paths)
    return rows.select_related("branch").order_by("branch__path", "name")


def person_by_employee_no(*, user, number: str) -> Person | None:
    """A member the user may transfer or record as floating, by employee number."""
    scope = scope_for(user, "transfer", ADD)
    rows = Person.objects.filter(employee_no=number).select_related("branch")
    if not scope.everywhere:
        q_paths = Q(pk__in=[])
        for path in scope.paths:
            q_paths |= Q(branch__path__startswith=path)
        rows = rows.filter(q_paths)
    return rows.first()


def company_branches(*, user):
    """The active orgs of the user's companies a member can belong to (a transfer's receiving branch, the org that
    keeps in touch): every company-wide branch, whoever asks, since a member may move anywhere in the company."""
    rows = PartyOrg.objects.filter(status=PartyOrg.Status.ACTIVE).exclude(kind=PartyOrg.Kind.GROUP)
    if not is_system(user):
        rows = rows.filter(tenancy.paths_q(tenancy.company_org_paths(user)))
    return rows.order_by("path")


def branch_by_code(*, user, code: str) -> PartyOrg | None:
    return company_branches(user=user).filter(code=code).first() if code else None
