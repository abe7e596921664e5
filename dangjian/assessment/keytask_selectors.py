"""Reads of the key-task list: the board of an org (scoped by the owner org), one task, the monthly completion
ranking of branches, and the overdue tasks a user owns (home page)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from dangjian.assessment import keytask_stats
from dangjian.assessment.models import KeyTask
from dangjian.core.counting import first_and_total
from dangjian.core.errors import NotFound
from dangjian.core.permissions import VIEW
from dangjian.org.models import PartyOrg, Person

TASKS_MAX = 1000  # a year's list (seed 004: 95) with room to spare


def keytask_list(*, user, org: PartyOrg | None = None, year: int | None = None, status: str = ""):
    qs = KeyTask.objects.restrict(user, VIEW).select_related("owner_org", "owner")
    if org is not None:
        qs = qs.filter(owner_org__path__startswith=org.path)
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("due_on", "code")


def keytask_get(*, user, pk: int) -> KeyTask:
    found = KeyTask.objects.restrict(user, VIEW).select_related("owner_org", "owner", "closed_by").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such key task, or you do not have access to it."))
    return found


def branch_of(task: KeyTask, branches: dict[str, PartyOrg]) -> int:
    """The branch a task counts for: its owner org, or the branch above a party group that owns it."""
    path = task.owner_org.path
    for branch_path, branch in branches.items():
        if path.startswith(branch_path):
            return branch.pk
    return task.owner_org_id


def completion_ranking(*, user, month: dt.date) -> list[tuple[PartyOrg, keytask_stats.Completion]]:
    """The visible branches' completion at the end of `month` (two queries); cancelled tasks do not count."""
    tasks = list(keytask_list(user=user, year=month.year).exclude(status=KeyTask.Status.CANCELLED)[:TASKS_MAX])
    branches = {
        o.path: o
        for o in PartyOrg.objects.filter(
            pk__in={t.owner_org_id for t in tasks} | _parents(tasks), kind__in=PartyOrg.BRANCH_KINDS
        )
    }
    table = keytask_stats.completion(tasks, month, lambda t: branch_of(t, branches))
    orgs = {o.pk: o for o in branches.values()} | {t.owner_org_id: t.owner_org for t in tasks}
    rows = [(orgs[k], v) for k, v in table.items()]
    return sorted(rows, key=lambda r: (r[1].rank is None, r[1].rank or 0, r[0].path))


def _parents(tasks) -> set[int]:
    return {int(t.owner_org.path.strip("/").split("/")[-2]) for t in tasks if t.owner_org.path.count("/") > 2}


def overdue_for(*, user, today: dt.date, limit: int = 8) -> tuple[list[KeyTask], int]:
    """Open key tasks past due that the user answers for: owned by their person, or by an org they run (where they
    hold the "keytask" change grant). At most `limit`, with the total (one query)."""
    from dangjian.core.scoping import scope_for

    scope = scope_for(user, "keytask", "change")
    q = Q(owner_id=user.person_id) if getattr(user, "person_id", None) else Q(pk__in=[])
    if scope.everywhere:
        q = Q()
    for path in scope.paths:
        q |= Q(owner_org__path__startswith=path)
    qs = (
        KeyTask.objects.restrict(user, VIEW)
        .filter(q, due_on__lt=today)
        .exclude(status__in=KeyTask.SETTLED)
        .select_related("owner_org")
        .order_by("due_on", "code")
    )
    return first_and_total(qs, limit)


def org_by_code(*, user, code: str) -> PartyOrg | None:
    """The org with this code if the user sees it."""
    return PartyOrg.objects.restrict(user, VIEW).filter(code=code).first()


def branch_choices(*, user) -> QuerySet[PartyOrg]:
    """The branches and committees the user sees, for the board's org picker (bounded)."""
    return PartyOrg.objects.restrict(user, VIEW).filter(kind__in=PartyOrg.BRANCH_KINDS).order_by("path")[:200]


def person_by_employee_no(*, user, number: str) -> Person | None:
    """The person with this employee number if the user sees them (a task's owner)."""
    return Person.objects.restrict(user, VIEW).select_related("branch").filter(employee_no=number).first()
