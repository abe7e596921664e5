"""The compliance engine: for each org and rule, which periods were due, which were met (on time or late) and which
are missing. Decisions, each tested in tests/meetings/test_compliance.py:

- A rule applies to an org when the org's kind is in the rule's kinds and, for rules with a minimum (支委会), the org
  has at least that many full members on its roll today and a committee seat filled.
- A period is due when the org existed for at least half of its days (founded / dissolved mid-period; see
  periods.existed_enough). Periods the org did not exist for enough are neither expected nor missing.
- Only periods that have ENDED (before `today`) are counted as expected; the running period is "open" and shows in
  the calendar, but is neither expected nor missing yet.
- A meeting counts for the period its `counts_for` falls in. A meeting held after that period ended (补开) makes the
  period met but late: it counts for the period it was due in, not the one it was held in, and the matrix shows it
  amber.
- A period needs `times` meetings; extra meetings in one period do not make up for another, so held ≤ expected.

Everything is computed from three batched queries for any number of orgs (see `load_facts`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from dangjian.core.models.tree import common_root
from dangjian.meetings import periods
from dangjian.meetings.models import Meeting, MeetingRule
from dangjian.meetings.rules import company_id, rules_for
from dangjian.org import tenancy
from dangjian.org.models import CommitteeSeat, PartyOrg, Person


@dataclass(slots=True)
class PeriodState:
    """One due-or-not period of one rule for one org."""

    span: periods.Span
    state: str  # "met", "late", "missing", "open", "not_due"
    held: int = 0

    @property
    def label(self) -> str:
        return self.span.label


@dataclass
class RuleResult:
    """One rule for one org over a window: expected and held meetings (ended, due periods only), and the missing
    periods' labels."""

    rule: MeetingRule
    states: list[PeriodState] = field(default_factory=list)

    @property
    def meeting_type(self) -> str:
        return self.rule.meeting_type

    @property
    def period(self) -> str:
        return self.rule.period

    # Counted by `evaluate` as it adds the states: meetings expected and held over the due periods that are over
    # (held ≤ expected: extra meetings in one period do not make up for another), and the missing periods' labels.
    expected: int = 0
    held: int = 0
    missing: list[str] = field(default_factory=list)


@dataclass
class Facts:
    """What the engine needs about a set of orgs, loaded once: full members and committee per org, and the
    meetings (org, type, counts-for day, held day) of the window."""

    full_members: Counter
    has_committee: set[int]
    meetings: dict[tuple[int, str], list[tuple[dt.date, dt.date]]]
    rules: dict[int, list[MeetingRule]]
    # {company id: its go-live date}: nothing is due before the company started to use the system.
    go_live: dict[int, dt.date] = field(default_factory=dict)


# Past this many orgs the facts are read under the orgs' common root (one short indexed condition) rather than with a
# parameter per org, and the rows of other orgs under that root are left out here.
MANY_ORGS = 100


def _of_orgs(queryset, orgs: list[PartyOrg], *fields: str):
    """`queryset` limited to rows whose org foreign key (any of `fields`) is one of `orgs` — for many orgs, a superset
    (every org under their common root) that the caller narrows by id."""
    condition = Q()
    if len(orgs) <= MANY_ORGS:
        ids = [o.pk for o in orgs]
        for name in fields:
            condition |= Q(**{f"{name}_id__in": ids})
    else:
        root = common_root(o.path for o in orgs)
        for name in fields:
            condition |= Q(**{f"{name}__path__startswith": root})
    return queryset.filter(condition).order_by()  # facts, read in any order: no sort of the models' default ordering


def load_facts(orgs: list[PartyOrg], start: dt.date, end: dt.date) -> Facts:
    """Four queries whatever the number of orgs: rules, full members (by branch and by group), seats, meetings."""
    ids = {o.pk for o in orgs}
    rules = rules_for({company_id(o) for o in orgs}) if orgs else {}
    members = _of_orgs(
        Person.objects.filter(active=True, party_status=Person.PartyStatus.MEMBER), orgs, "branch", "group"
    )
    full = Counter()
    for branch_id, group_id in members.values_list("branch_id", "group_id"):
        full[branch_id] += 1
        if group_id:
            full[group_id] += 1
    today = timezone.localdate()
    seats = (
        _of_orgs(CommitteeSeat.objects.all(), orgs, "org")
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .values_list("org_id", flat=True)
        .distinct()
    )
    meetings: dict[tuple[int, str], list[tuple[dt.date, dt.date]]] = defaultdict(list)
    rows = _of_orgs(Meeting.objects.filter(counts_for__gte=start, counts_for__lte=end), orgs, "org").values_list(
        "org_id", "meeting_type", "counts_for", "held_on"
    )
    for org_id, kind, counts_for, held_on in rows:
        if org_id in ids:
            meetings[(org_id, kind)].append((counts_for, held_on))
    go_live = tenancy.go_live_dates(orgs) if rules else {}
    return Facts(full, set(seats) & ids, meetings, rules, go_live)


def applies(rule: MeetingRule, org: PartyOrg, facts: Facts) -> bool:
    if org.kind not in rule.org_kinds:
        return False
    if rule.min_full_members:
        return facts.full_members[org.pk] >= rule.min_full_members and org.pk in facts.has_committee
    return True


def evaluate(
    org: PartyOrg, rule: MeetingRule, facts: Facts, start: dt.date, end: dt.date, today: dt.date
) -> RuleResult:
    """The rule's periods that end inside [start, end] for `org`, each with its state."""
    result = RuleResult(rule)
    kind, times, states = rule.period, rule.times, result.states
    # The meetings' held days, bucketed by the period they count for (one pass, not one per period).
    buckets: dict[dt.date, list[dt.date]] = {}
    for counts_for, held_on in facts.meetings.get((org.pk, rule.meeting_type), ()):
        buckets.setdefault(periods.containing(kind, counts_for).start, []).append(held_on)
    # Counted from the later of the org's founding and the company's go-live date (tenancy.go_live), never before.
    since = max(filter(None, (org.founded_on, facts.go_live.get(company_id(org)))), default=None)
    dissolved = org.dissolved_on
    for span in periods.between(kind, start, end):
        whole = (since is None or since <= span.start) and (dissolved is None or dissolved >= span.end)
        if not whole and not periods.existed_enough(span, since, dissolved):
            states.append(PeriodState(span, "not_due"))
            continue
        inside = buckets.get(span.start)
        count = len(inside) if inside else 0
        if span.end >= today:
            states.append(PeriodState(span, "open", count))
            continue
        if count >= times and sum(1 for h in inside or () if h <= span.end) >= times:
            states.append(PeriodState(span, "met", count))
        elif count >= times:
            states.append(PeriodState(span, "late", count))
        else:
            states.append(PeriodState(span, "missing", count))
            result.missing.append(span.label)
        result.expected += times
        result.held += min(count, times)
    return result


def compliance(
    orgs: list[PartyOrg], start: dt.date, end: dt.date, today: dt.date, facts: Facts | None = None
) -> dict[int, list[RuleResult]]:
    """{org id: a result per applicable rule} over the periods ending in [start, end]."""
    facts = facts or load_facts(orgs, start, end)
    out: dict[int, list[RuleResult]] = {}
    for org in orgs:
        rules = facts.rules.get(company_id(org), [])
        out[org.pk] = [evaluate(org, r, facts, start, end, today) for r in rules if applies(r, org, facts)]
    return out


def org_year(org: PartyOrg, year: int, today: dt.date) -> list[RuleResult]:
    """The org's own rules over one year."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return compliance([org], start, end, today)[org.pk]


def rate(results: list[RuleResult]) -> Decimal | None:
    """held ÷ expected over the results (0–1, four places), or None when nothing was expected."""
    expected = sum(r.expected for r in results)
    if not expected:
        return None
    return (Decimal(sum(r.held for r in results)) / Decimal(expected)).quantize(Decimal("0.0001"))


# --- the matrix: org × month -----------------------------------------------------------------------------------------

LEVELS = ("green", "amber", "red", "open", "none")


def month_level(results: list[RuleResult], month: int) -> str:
    """The cell of one org in one month: over the periods of every rule that END in that month — none due: "none";
    not over yet: "open"; all met on time: "green"; all met but some late, or some missing: "amber"; all missing:
    "red"."""
    return level([s for r in results for s in r.states if s.span.end.month == month and s.state != "not_due"])


def level(states: list[PeriodState]) -> str:
    """The red/amber/green level of the due periods `states` (see month_level)."""
    return level_of_counts(
        len(states),
        sum(1 for s in states if s.state == "open"),
        sum(1 for s in states if s.state == "missing"),
        sum(1 for s in states if s.state == "late"),
    )


def level_of_counts(due: int, open_: int, missing: int, late: int) -> str:
    """The level from how many due periods there are, and how many of them are open, missing and late."""
    if not due:
        return "none"
    if open_:
        return "open"
    if missing == due:
        return "red"
    if missing or late:
        return "amber"
    return "green"


def matrix(orgs: list[PartyOrg], year: int, today: dt.date) -> list[dict]:
    """One row per org that has rules: {org, cells: [12 levels], rate, missing} for the year."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    by_org = compliance(orgs, start, end, today)
    rows = []
    slot = {"open": 1, "missing": 2, "late": 3}
    for org in orgs:
        results = by_org[org.pk]
        if not results:
            continue
        counts = [[0, 0, 0, 0] for _ in range(13)]  # per month: due, open, missing, late
        for result in results:
            for state in result.states:
                if state.state == "not_due":
                    continue
                cell = counts[state.span.end.month]
                cell[0] += 1
                if state.state in slot:
                    cell[slot[state.state]] += 1
        rows.append(
            {
                "org": org,
                "cells": [level_of_counts(*counts[m]) for m in range(1, 13)],
                "rate": rate(results),
                "missing": sum(len(r.missing) for r in results),
            }
        )
    return rows
