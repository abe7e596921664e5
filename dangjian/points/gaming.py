"""Gaming checks (刷分 signs) for 党群工作部, each with the entries that show it:

- just under the cap: a person's total for a capped rule lands within 10 % below the cap (not cut) in ≥ 2 periods;
- bursts before a deadline: ≥ 5 claims in the last 3 days of a quarter making up ≥ 60 % of the person's quarter;
- one approver: ≥ 5 manual entries of a person decided, ≥ 80 % of them by the same approver;
- recurring reversals: ≥ 3 reversing entries for a person in the year.

Each check is one grouped query over the org subtree and year, then a second for the evidence rows of the flags.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from dangjian.org.models import PartyOrg
from dangjian.points.models import PointsEntry
from dangjian.points.services.common import period_bounds

NEAR_CAP = Decimal("0.9")
EVIDENCE_ROWS = 12


@dataclass
class Flag:
    check: str
    label: str
    person_id: int
    person: str
    detail: str
    entries: list[PointsEntry] = field(default_factory=list)


def _base(org: PartyOrg, year: int):
    return PointsEntry.objects.filter(person__branch__path__startswith=org.path, occurred_on__year=year)


def near_cap(org: PartyOrg, year: int) -> list[Flag]:
    rows = (
        _base(org, year)
        .filter(status="approved", rule__cap__isnull=False, automatic=False)
        .values("person_id", "person__name", "rule__code", "rule__cap", "rule__cap_period", "occurred_on")
        .annotate(total=Sum("awarded"))
    )
    totals: dict[tuple, Decimal] = defaultdict(Decimal)
    meta = {}
    for r in rows:
        start, _end = period_bounds(r["occurred_on"], r["rule__cap_period"])
        key = (r["person_id"], r["rule__code"], start)
        totals[key] += r["total"]
        meta[key] = r
    hits: dict[tuple, list] = defaultdict(list)
    for key, total in totals.items():
        cap = meta[key]["rule__cap"]
        if cap * NEAR_CAP <= abs(total) < cap:
            hits[(key[0], key[1])].append((key[2], total, cap))
    flags = []
    for (person_id, code), periods in hits.items():
        if len(periods) < 2:
            continue
        detail = "；".join(f"{p:%Y-%m} {t}/{c}" for p, t, c in sorted(periods))
        flags.append(
            Flag("near_cap", _("Just under the cap"), person_id, meta_name(meta, person_id), f"{code}: {detail}")
        )
    return flags


def meta_name(meta: dict, person_id: int) -> str:
    return next(m["person__name"] for k, m in meta.items() if k[0] == person_id)


def bursts(org: PartyOrg, year: int) -> list[Flag]:
    rows = (
        _base(org, year)
        .filter(automatic=False, reverses__isnull=True)
        .values("person_id", "person__name", "occurred_on", "created_at")
    )
    per: dict[tuple, list] = defaultdict(list)
    for r in rows:
        start, end = period_bounds(r["created_at"].date(), "quarter")
        late = (end - r["created_at"].date()).days < 3
        per[(r["person_id"], r["person__name"], start)].append(late)
    flags = []
    for (person_id, name, start), lates in per.items():
        late = sum(lates)
        if late >= 5 and late / len(lates) >= 0.6:
            flags.append(
                Flag(
                    "burst",
                    _("Burst before a deadline"),
                    person_id,
                    name,
                    _("%(late)s of %(all)s claims in the last 3 days of the quarter from %(start)s")
                    % {"late": late, "all": len(lates), "start": start},
                )
            )
    return flags


def one_approver(org: PartyOrg, year: int) -> list[Flag]:
    rows = (
        _base(org, year)
        .filter(automatic=False, reverses__isnull=True, decided_by__isnull=False)
        .values("person_id", "person__name", "decided_by_id", "decided_by_name")
        .annotate(n=Count("id"))
    )
    per: dict[int, list] = defaultdict(list)
    for r in rows:
        per[r["person_id"]].append(r)
    flags = []
    for person_id, groups in per.items():
        total = sum(g["n"] for g in groups)
        top = max(groups, key=lambda g: g["n"])
        if total >= 5 and top["n"] / total >= 0.8:
            flags.append(
                Flag(
                    "one_approver",
                    _("One approver decides most entries"),
                    person_id,
                    top["person__name"],
                    _("%(n)s of %(all)s decided by %(who)s")
                    % {"n": top["n"], "all": total, "who": top["decided_by_name"]},
                )
            )
    return flags


def recurring_reversals(org: PartyOrg, year: int) -> list[Flag]:
    rows = _base(org, year).filter(reverses__isnull=False).values("person_id", "person__name").annotate(n=Count("id"))
    return [
        Flag(
            "reversals",
            _("Recurring reversals"),
            r["person_id"],
            r["person__name"],
            _("%(n)s reversing entries in the year") % {"n": r["n"]},
        )
        for r in rows
        if r["n"] >= 3
    ]


def gaming_flags(*, org: PartyOrg, year: int) -> list[Flag]:
    """Every flag for the subtree and year, each with the flagged person's latest entries (up to EVIDENCE_ROWS)."""
    flags = near_cap(org, year) + bursts(org, year) + one_approver(org, year) + recurring_reversals(org, year)
    people = {f.person_id for f in flags}
    evidence: dict[int, list[PointsEntry]] = defaultdict(list)
    if people:
        rows = _base(org, year).filter(person_id__in=people).select_related("rule").order_by("-created_at", "-id")
        for entry in rows[: EVIDENCE_ROWS * 50]:
            if len(evidence[entry.person_id]) < EVIDENCE_ROWS:
                evidence[entry.person_id].append(entry)
    for f in flags:
        f.entries = evidence[f.person_id]
    return sorted(flags, key=lambda f: (f.check, f.person))
