"""Reads of party dues, each starting from `restrict(user, action)`: the branch's monthly sheet (expected, paid,
arrears, the >3-month flag and the six-month warning), the collection up the tree with the reconciliation state, the
bases of a dues year, what is not yet reconciled, and a member's own dues. A fixed number of queries each, however
many members."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.affairs.dues import months
from dangjian.affairs.dues.models import ArrearsReason, DuesBase, DuesPayment, Reconciliation
from dangjian.affairs.dues.rates import FEN, dues_year
from dangjian.core.errors import NotFound, NotPermitted
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import can_at, scope_for
from dangjian.org.models import PartyOrg, Person

ZERO = Decimal("0.00")


def fen(total) -> Decimal:
    """A database sum of amounts, to the fen (None: nothing paid)."""
    return ZERO if total is None else Decimal(str(total)).quantize(FEN, ROUND_HALF_UP)


# How far back the sheet looks for unpaid months (the flag is at more than 3, the warning at 6).
WINDOW = 24
FLAG_AFTER = 3
WARN_AT = 6
MEMBER_STATUSES = (Person.PartyStatus.PROBATIONARY, Person.PartyStatus.MEMBER)


def holds_subtree(user, resource: str = "dues", action: str = VIEW) -> bool:
    """Does the user hold the grant over some org (one's own record alone does not count)?"""
    scope = scope_for(user, resource, action)
    return bool(scope.everywhere or scope.paths)


def require_subtree(user, resource: str = "dues", action: str = VIEW) -> None:
    """A page of an org's dues needs the grant over some org (one's own record alone does not count): 403."""
    if not holds_subtree(user, resource, action):
        raise NotPermitted(_("You do not have permission to see this page."))


def visible_org(*, user, code: str | None, resource: str = "dues") -> PartyOrg:
    """The org asked for by code (default: the outermost the user sees); another company's or subtree's is NotFound."""
    scope = scope_for(user, resource, VIEW)
    if code:
        org = PartyOrg.objects.filter(code=code).first()
        if org is not None and can_at(user, resource, VIEW, org):
            return org
    elif scope.everywhere:
        org = PartyOrg.objects.filter(parent__isnull=True).order_by("path").first()
        if org is not None:
            return org
    elif scope.paths:
        return PartyOrg.objects.get(path=scope.paths[0])
    raise NotFound(_("No such organisation, or you do not have access to it."))


def branches(*, org: PartyOrg) -> list[PartyOrg]:
    """The branches of an org's subtree (the org itself if it is one), in tree order."""
    return list(
        PartyOrg.objects.filter(path__startswith=org.path, kind__in=PartyOrg.BRANCH_KINDS, status="active").order_by(
            "path"
        )
    )


def members_of(*, branch_paths: list[str]):
    """The party members (probationary and full, on the roll) of the branches under these paths."""
    q = Q(pk__in=[])
    for path in branch_paths:
        q |= Q(branch__path__startswith=path)
    return (
        Person.objects.filter(q, active=True, party_status__in=MEMBER_STATUSES)
        .select_related("branch")
        .order_by("branch__path", "employee_no")
    )


@dataclass
class SheetRow:
    """One member's line of a month's sheet."""

    person: Person
    base: DuesBase | None
    payment: DuesPayment | None
    unpaid: list[dt.date] = field(default_factory=list)
    arrears: Decimal = ZERO
    run: int = 0
    run_start: dt.date | None = None  # the first month of the current run of unpaid months
    reason: ArrearsReason | None = None

    @property
    def expected(self) -> Decimal | None:
        return self.base.monthly if self.base else None

    @property
    def flagged(self) -> bool:
        """More than three months unpaid (欠缴超过3个月)."""
        return len(self.unpaid) > FLAG_AFTER

    @property
    def warning(self) -> bool:
        """Six months in a row unpaid with no reason noted: the rule (党章第九条) treats such a member as having left
        the party. Shown to the branch, never acted on by the system."""
        return self.run >= WARN_AT and self.reason is None


def last_counted(month: dt.date, today: dt.date) -> dt.date:
    """The last month that counts towards arrears on `month`'s sheet: the month itself once it has ended, else the
    month before (this month's dues are due, not yet in arrears)."""
    return min(month, months.add(months.first(today), -1))


def sheet_rows(*, people: list[Person], month: dt.date, today: dt.date | None = None) -> list[SheetRow]:
    """Each person's base for the month, payment, unpaid months (in the last WINDOW up to the last counted month),
    arrears in 元, the current run of unpaid months and the reason noted for it. Two queries, three when someone
    has a run of unpaid months."""
    today = today or timezone.localdate()
    last = last_counted(month, today)
    start = months.add(last, -(WINDOW - 1))
    ids = [p.pk for p in people]
    years = {dues_year(m) for m in months.between(min(start, month), max(last, month))}
    bases = {(b.person_id, b.year): b for b in DuesBase.objects.filter(person_id__in=ids, year__in=years)}
    paid = {
        (p.person_id, p.month): p
        for p in DuesPayment.objects.filter(
            person_id__in=ids, month__gte=min(start, month), month__lte=max(last, month)
        )
    }
    window = months.between(start, last) if start <= last else []
    rows = []
    for person in people:
        row = SheetRow(
            person=person, base=bases.get((person.pk, dues_year(month))), payment=paid.get((person.pk, month))
        )
        for m in window:
            base = bases.get((person.pk, dues_year(m)))
            if base is not None and (person.pk, m) not in paid:
                row.unpaid.append(m)
                row.arrears += base.monthly
        run_start = None
        for m in reversed(window):
            if bases.get((person.pk, dues_year(m))) is None or (person.pk, m) in paid:
                break
            row.run += 1
            run_start = m
        row.run_start = run_start
        rows.append(row)
    # A reason explains a run of unpaid months: read only for the people who have one (none: no query).
    running = [row.person.pk for row in rows if row.run_start is not None]
    reasons: dict[int, ArrearsReason] = {}
    if running:
        noted = ArrearsReason.objects.filter(person_id__in=running, noted_on__gte=start).order_by("noted_on", "id")
        for reason in noted:
            reasons[reason.person_id] = reason  # the latest
    for row in rows:
        reason = reasons.get(row.person.pk)
        if row.run_start is not None and reason is not None and reason.noted_on >= row.run_start:
            row.reason = reason
    return rows


def sheet(*, user, org: PartyOrg, month: dt.date) -> dict:
    """A branch's sheet for a month: each member's line, the totals, and whether the month is reconciled. `org` is a
    branch the user sees (a general branch or committee shows its first branch; the others are offered)."""
    choices = branches(org=org)
    branch = org if org.is_branch else (choices[0] if choices else None)
    if branch is None:
        return {"branch": None, "branches": [], "rows": [], "totals": {}, "reconciliation": None}
    people = list(members_of(branch_paths=[branch.path]))
    rows = sheet_rows(people=people, month=month)
    totals = {
        "members": len(rows),
        "expected": sum((r.expected or ZERO for r in rows), ZERO),
        "paid": sum((r.payment.amount for r in rows if r.payment), ZERO),
        "extra": sum((r.payment.extra for r in rows if r.payment), ZERO),
        "unpaid": sum(1 for r in rows if r.base and not r.payment),
        "no_base": sum(1 for r in rows if r.base is None),
        "flagged": sum(1 for r in rows if r.flagged),
        "warnings": sum(1 for r in rows if r.warning),
        "arrears": sum((r.arrears for r in rows), ZERO),
    }
    reconciliation = (
        Reconciliation.objects.restrict(user, VIEW).filter(org=branch, month=month).select_related("reconciled_by")
    ).first()
    return {"branch": branch, "branches": choices, "rows": rows, "totals": totals, "reconciliation": reconciliation}


def month_totals(*, branch: PartyOrg, month: dt.date) -> dict:
    """What a branch's month adds up to, for closing it: members, expected, paid, extra and the month's arrears."""
    people = list(members_of(branch_paths=[branch.path]))
    ids = [p.pk for p in people]
    bases = dict(DuesBase.objects.filter(person_id__in=ids, year=dues_year(month)).values_list("person_id", "monthly"))
    payments = DuesPayment.objects.filter(branch=branch, month=month).aggregate(paid=Sum("amount"), extra=Sum("extra"))
    paid_people = set(DuesPayment.objects.filter(person_id__in=ids, month=month).values_list("person_id", flat=True))
    expected = sum(bases.values(), ZERO)
    arrears = sum((v for pk, v in bases.items() if pk not in paid_people), ZERO)
    return {
        "members": len(people),
        "expected": expected,
        # SQLite sums decimals as floats: read them back to the fen (PostgreSQL's sums are exact already).
        "paid": fen(payments["paid"]),
        "extra": fen(payments["extra"]),
        "arrears": arrears,
    }


def collection(*, user, org: PartyOrg, year: int) -> dict:
    """Collection up the tree (支部 → 总支 → 党委): for each org of the subtree (not party groups) and each month of
    the calendar year, what was expected of its current members, paid and given extra, summed over its branches;
    and for a branch, whether the month is reconciled. Five queries."""
    orgs = list(
        PartyOrg.objects.filter(path__startswith=org.path)
        .exclude(kind=PartyOrg.Kind.GROUP)
        .exclude(status="dissolved")
        .order_by("path")
    )
    year_months = [dt.date(year, m, 1) for m in range(1, 13)]
    paid: dict[tuple[str, dt.date], dict] = {}
    rows = (
        DuesPayment.objects.restrict(user, VIEW)
        .filter(branch__path__startswith=org.path, month__year=year)
        .values("branch__path", "month")
        .annotate(paid=Sum("amount"), extra=Sum("extra"), count=Count("id"))
    )
    for row in rows:
        paid[(row["branch__path"], row["month"])] = row
    people = list(members_of(branch_paths=[org.path]).values_list("pk", "branch__path"))
    where = dict(people)
    expected: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    for person_id, y, monthly in DuesBase.objects.filter(
        person_id__in=list(where), year__in=[year - 1, year]
    ).values_list("person_id", "year", "monthly"):
        expected[(where[person_id], y)] += monthly
    closed = set(
        Reconciliation.objects.restrict(user, VIEW)
        .filter(org__path__startswith=org.path, month__year=year)
        .values_list("org__path", "month")
    )
    table = []
    for node in orgs:
        depth = node.path.count("/") - org.path.count("/")
        cells = []
        for m in year_months:
            cell = {"month": m, "expected": ZERO, "paid": ZERO, "extra": ZERO, "count": 0}
            for (path, month), row in paid.items():
                if month == m and path.startswith(node.path):
                    cell["paid"] += fen(row["paid"])
                    cell["extra"] += fen(row["extra"])
                    cell["count"] += row["count"]
            for (path, y), amount in expected.items():
                if y == dues_year(m) and path.startswith(node.path):
                    cell["expected"] += amount
            if node.is_branch:
                cell["reconciled"] = (node.path, m) in closed
            cells.append(cell)
        total = {k: sum((c[k] for c in cells), ZERO) for k in ("expected", "paid", "extra")}
        table.append({"org": node, "depth": depth, "cells": cells, "total": total})
    return {"org": org, "year": year, "months": year_months, "table": table}


def unreconciled(*, user, month: dt.date, limit: int = 50) -> list[PartyOrg]:
    """The branches the user may close (the "dues" change grant) that have members and have not closed `month`."""
    scope = scope_for(user, "dues", "change")
    if not (scope.everywhere or scope.paths):
        return []
    q = Q() if scope.everywhere else Q(pk__in=[])
    for path in scope.paths:
        q |= Q(path__startswith=path)
    done = Reconciliation.objects.filter(month=month).values("org_id")
    with_members = Person.objects.filter(active=True, party_status__in=MEMBER_STATUSES).values("branch_id")
    return list(
        PartyOrg.objects.filter(q, kind__in=PartyOrg.BRANCH_KINDS, status="active", pk__in=with_members)
        .exclude(pk__in=done)
        .order_by("path")[:limit]
    )


def branch_arrears(*, user, today: dt.date | None = None) -> dict | None:
    """For a secretary (the "dues" change grant over branches): the members of those branches with more than three
    months unpaid and those at the six-month warning, on last month's sheet. None when the user closes no branch."""
    today = today or timezone.localdate()
    scope = scope_for(user, "dues", "change")
    if scope.everywhere or not scope.paths or not any(k in PartyOrg.BRANCH_KINDS for k in scope.kinds.values()):
        return None
    paths = [p for p in scope.paths if scope.kinds.get(p) in PartyOrg.BRANCH_KINDS]
    people = list(members_of(branch_paths=paths)[:500])
    month = months.add(months.first(today), -1)
    rows = sheet_rows(people=people, month=month, today=today)
    return {
        "month": month,
        "branch": people[0].branch if people else None,
        "flagged": [r for r in rows if r.flagged],
        "warnings": [r for r in rows if r.warning],
    }


def bases(*, user, org: PartyOrg, year: int):
    """The bases of a dues year of the org's members the user may see."""
    return (
        DuesBase.objects.restrict(user, VIEW)
        .filter(person__branch__path__startswith=org.path, year=year)
        .select_related("person", "person__branch")
        .order_by("person__branch__path", "person__employee_no")
    )


def bases_summary(*, org: PartyOrg, year: int) -> dict:
    """How many of the org's party members have a base for the year, how many were carried forward, how many lack
    one (for the July recalculation)."""
    ids = list(members_of(branch_paths=[org.path]).values_list("pk", flat=True))
    counts = dict(DuesBase.objects.filter(person_id__in=ids, year=year).values_list("source").annotate(n=Count("id")))
    have = sum(counts.values())
    return {"members": len(ids), "have": have, "carried": counts.get("carried", 0), "missing": len(ids) - have}


def mine(*, user) -> dict | None:
    """The signed-in member's own bases and payments (None without a person on the roll)."""
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return None
    person = Person.objects.filter(pk=person_id).select_related("branch").first()
    if person is None:
        return None
    today = timezone.localdate()
    (row,) = sheet_rows(people=[person], month=months.first(today), today=today)
    return {
        "person": person,
        "row": row,
        "bases": list(DuesBase.objects.restrict(user, VIEW).filter(person=person).order_by("-year")[:10]),
        "payments": list(DuesPayment.objects.restrict(user, VIEW).filter(person=person).order_by("-month")[:36]),
    }


def person_in_reach(*, user, employee_no: str, resource: str = "dues", action: str = VIEW) -> Person:
    """A person by employee number whose branch the user holds `resource` over (for `action`, or to view); anyone
    else is NotFound, so another company's numbers stay unknown."""
    person = Person.objects.filter(employee_no=(employee_no or "").strip()).select_related("branch").first()
    if person is None or not (
        can_at(user, resource, VIEW, person.branch) or can_at(user, resource, action, person.branch)
    ):
        raise NotFound(_("No member with this employee number that you may see."))
    return person


def payment_of(*, user, person: Person, month: dt.date) -> DuesPayment:
    found = DuesPayment.objects.restrict(user, VIEW).filter(person=person, month=month).select_related("branch").first()
    if found is None:
        raise NotFound(_("No payment of this member for this month."))
    return found
