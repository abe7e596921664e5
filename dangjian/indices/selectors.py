"""Reads of the indices. Every read starts from `IndexValue.objects.restrict(user, VIEW)`: 党群工作部 and leaders see
their subtree, a secretary the branch and its members, a member their own member index only; another company's or
subtree's value is NotFound. Pages only read stored rows — nothing is computed on a GET."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from dangjian.core import months
from dangjian.core.errors import NotFound, NotPermitted
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import can_at, scope_for
from dangjian.indices import components
from dangjian.indices.models import IndexValue, Kind, WeightVersion
from dangjian.org.models import PartyOrg

# Stability: an index is flagged jumpy when members of the list move on average by more than JUMPY_MEAN_CHANGE
# points a month, or more than JUMPY_SHARE of the ranks move by more than RANK_MOVE places.
RANK_MOVE = 3
JUMPY_MEAN_CHANGE = Decimal(10)
JUMPY_SHARE = Decimal("0.3")
BUCKETS = 10


def holds_subtree(user, resource: str = "index", action: str = VIEW) -> bool:
    """Does the user hold the grant over some org (one's own record alone does not count)?"""
    scope = scope_for(user, resource, action)
    return bool(scope.everywhere or scope.paths)


def require_subtree(user, resource: str = "index", action: str = VIEW) -> None:
    if not holds_subtree(user, resource, action):
        raise NotPermitted(_("You do not have permission to see this page."))


def visible_org(*, user, code: str | None, resource: str = "index") -> PartyOrg:
    """The org asked for by code (default: the outermost the user sees); another company's or subtree's is NotFound."""
    scope = scope_for(user, resource, VIEW)
    if code:
        org = PartyOrg.objects.filter(code=code).first()
        if org is not None and can_at(user, resource, VIEW, org):
            return org
    elif scope.paths:
        return PartyOrg.objects.get(path=scope.paths[0])
    raise NotFound(_("No such organisation, or you do not have access to it."))


def company_of(org: PartyOrg) -> PartyOrg:
    return org if org.parent_id is None else PartyOrg.objects.get(pk=int(org.path.strip("/").split("/")[0]))


def parse_kind(text: str | None) -> str:
    return text if text in Kind.values else Kind.BRANCH


def latest_month(*, user, org: PartyOrg, kind: str) -> dt.date | None:
    """The latest month with a computed value the user sees under `org` (one query)."""
    return (
        IndexValue.objects.restrict(user, VIEW)
        .filter(kind=kind, org__path__startswith=org.path)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )


def values_list(*, user, org: PartyOrg, kind: str, month: dt.date):
    """The month's values under `org`, by rank (unranked last), with the previous month's value beside each (as
    `previous`). Two queries however many rows."""
    rows = list(
        IndexValue.objects.restrict(user, VIEW)
        .filter(kind=kind, month=month, org__path__startswith=org.path)
        .select_related("org", "person", "version")
        .order_by("rank", "org__path", "person__employee_no")
    )
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0))
    before = dict(
        IndexValue.objects.restrict(user, VIEW)
        .filter(kind=kind, month=months.add_months(month, -1), org__path__startswith=org.path)
        .values_list("person_id" if kind == Kind.MEMBER else "org_id", "value")
    )
    for row in rows:
        row.previous = before.get(row.person_id if kind == Kind.MEMBER else row.org_id)
        row.change = None if row.previous is None or row.value is None else row.value - row.previous
    return rows


def value_detail(*, user, pk: int) -> IndexValue:
    value = (
        IndexValue.objects.restrict(user, VIEW)
        .filter(pk=pk)
        .select_related("org", "person", "version", "company")
        .first()
    )
    if value is None:
        raise NotFound(_("No such index value, or you do not have access to it."))
    return value


@dataclass
class Part:
    code: str
    label: str
    how: str
    unit: str
    weight: int
    share: Decimal | None  # the weight's share among the components with data (what it counted for)
    raw: Decimal | None
    normalised: Decimal | None
    contribution: Decimal | None
    explanation: str
    records: list


def breakdown(value: IndexValue) -> list[Part]:
    """The stored components written out in the reader's language: weight, raw, normalised, what each contributed
    and the records behind it."""
    present = sum(p["weight"] for p in value.components if p["weight"] and p["normalised"] is not None)
    parts = []
    for p in value.components:
        component = components.get(p["code"])
        normalised = None if p["normalised"] is None else Decimal(p["normalised"])
        counted = bool(p["weight"]) and normalised is not None and present
        share = components.pct(Decimal(p["weight"]) * 100 / present) if counted else None
        parts.append(
            Part(
                code=p["code"],
                label=str(component.label) if component else p["code"],
                how=str(component.how) if component else "",
                unit=component.unit if component else "",
                weight=p["weight"],
                share=share,
                raw=None if p["raw"] is None else Decimal(p["raw"]),
                normalised=normalised,
                contribution=components.pct(normalised * Decimal(p["weight"]) / present) if counted else None,
                explanation=component.explain(p["facts"]) if component else "",
                records=[{**r, "label": _(r["label"])} for r in p["records"]],
            )
        )
    return parts


def history(*, user, value: IndexValue, n: int = 12) -> list[IndexValue]:
    """The subject's values of the last `n` months up to the value's month (one query)."""
    subject = {"person": value.person} if value.person_id else {"org": value.org, "person__isnull": True}
    return list(
        IndexValue.objects.restrict(user, VIEW)
        .filter(kind=value.kind, month__gt=months.add_months(value.month, -n), month__lte=value.month, **subject)
        .only("pk", "month", "value", "rank")
        .order_by("month")
    )


def own_values(*, user) -> list[IndexValue]:
    """A member's own member index, month by month (latest first)."""
    if not getattr(user, "person_id", None):
        return []
    return list(
        IndexValue.objects.restrict(user, VIEW)
        .filter(kind=Kind.MEMBER, person_id=user.person_id)
        .select_related("version")
        .order_by("-month")[:24]
    )


# --- weights -------------------------------------------------------------------------------------------------------
def weights_company(*, user, code: str | None = None) -> PartyOrg:
    """The company whose weights the user reads (their company's root org)."""
    org = visible_org(user=user, code=code, resource="index_weights")
    return company_of(org)


def weight_versions(*, user, company: PartyOrg) -> list[WeightVersion]:
    """The company's versions, each with `used` (a value was computed with it: it stays for good)."""
    return list(
        WeightVersion.objects.restrict(user, VIEW)
        .filter(company=company)
        .annotate(used=Exists(IndexValue.objects.filter(version=OuterRef("pk"))))
        .select_related("created_by")
        .order_by("kind", "-valid_from", "-number")
    )


def version_get(*, user, pk: int, action: str = VIEW) -> WeightVersion:
    version = WeightVersion.objects.restrict(user, VIEW).filter(pk=pk).select_related("company").first()
    if version is None:
        raise NotFound(_("No such weight version, or you do not have access to it."))
    return version


def version_rows(version: WeightVersion) -> list[tuple[str, str, int]]:
    return [
        (code, str(components.get(code).label) if components.get(code) else code, weight)
        for code, weight in version.weights.items()
    ]


def version_count(*, company: PartyOrg) -> int:
    return WeightVersion.objects.filter(company=company).count()


# --- distribution and stability ------------------------------------------------------------------------------------
@dataclass
class Stability:
    months: int
    pairs: int
    mean_change: Decimal | None
    moved_share: Decimal | None
    jumpy: bool
    movers: list  # (name, from rank, to rank) of the last month's biggest moves


def histogram(values: list[Decimal]) -> list[dict]:
    """Counts in ten buckets 0–10, 10–20 … 90–100 (100 falls in the last)."""
    counts = [0] * BUCKETS
    for v in values:
        counts[min(int(v // 10), BUCKETS - 1)] += 1
    return [{"label": f"{10 * i}–{10 * i + 10}", "count": c} for i, c in enumerate(counts)]


def distribution(*, user, org: PartyOrg, kind: str, month: dt.date, n: int = 12) -> dict:
    """The month's histogram and the stability of the last `n` months: the mean absolute month-to-month change of a
    subject's value and the share of rank moves larger than RANK_MOVE places, over consecutive months where both
    values exist. One query."""
    rows = list(
        IndexValue.objects.restrict(user, VIEW)
        .filter(kind=kind, org__path__startswith=org.path, month__gt=months.add_months(month, -n), month__lte=month)
        .order_by("month")
        .values_list("month", "org_id", "person_id", "org__name", "person__name", "value", "rank")
    )
    series: dict[int, dict] = {}
    names: dict[int, str] = {}
    for m, org_id, person_id, org_name, person_name, value, rank in rows:
        key = person_id if kind == Kind.MEMBER else org_id
        names[key] = person_name if kind == Kind.MEMBER else org_name
        series.setdefault(key, {})[m] = (value, rank)
    current = [s[month][0] for s in series.values() if month in s and s[month][0] is not None]
    changes, moves = [], []
    movers = []
    previous = months.add_months(month, -1)
    for key, by_month in series.items():
        for m, (value, rank) in by_month.items():
            before = by_month.get(months.add_months(m, -1))
            if before is None:
                continue
            if value is not None and before[0] is not None:
                changes.append(abs(value - before[0]))
            if rank is not None and before[1] is not None:
                moves.append(abs(rank - before[1]))
                if m == month and abs(rank - before[1]) > RANK_MOVE:
                    movers.append((names[key], before[1], rank))
    mean_change = components.pct(sum(changes) / len(changes)) if changes else None
    moved = [m for m in moves if m > RANK_MOVE]
    share = (Decimal(len(moved)) / len(moves)).quantize(Decimal("0.01")) if moves else None
    jumpy = (mean_change is not None and mean_change > JUMPY_MEAN_CHANGE) or (share is not None and share > JUMPY_SHARE)
    months_seen = len({r[0] for r in rows})
    del previous
    return {
        "buckets": histogram(current),
        "count": len(current),
        "mean": components.pct(sum(current) / len(current)) if current else None,
        "stability": Stability(
            months_seen, len(changes), mean_change, share, jumpy, sorted(movers, key=lambda x: -abs(x[2] - x[1]))[:10]
        ),
    }
