"""Automatic entries for many facts at once (a backfill of records kept before the catalogue existed, a large import):
the same rules, caps, idempotency and audit rows as `auto_award`, written in a handful of set-based statements instead
of a dozen queries per fact."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.org.models import PartyOrg, Person
from dangjian.points.models import AppraisalInput, AutoLink, PointsEntry, PointsRule, Source
from dangjian.points.services.common import period_bounds, root_path
from dangjian.points.services.ledger import approve_within

ZERO = Decimal(0)


@dataclass(frozen=True)
class Fact:
    """A fact recorded elsewhere that a rule with this automatic `source` turns into points for `person`."""

    source: str
    source_obj: models.Model
    person: Person
    occurred_on: dt.date
    note: str = ""


@transaction.atomic
def auto_award_many(*, facts: list[Fact]) -> int:
    """`auto_award` for every fact, in date order (a cap cuts the later ones): one entry per (rule, source record,
    person) that has none standing, approved with the cap applied unless the rule needs approval, each with its
    AutoLink and audit row. Returns how many entries were written. Runs as SYSTEM."""
    facts = sorted((f for f in facts if f.person.is_party_member), key=lambda f: f.occurred_on)
    if not facts:
        return 0
    unknown = {f.source for f in facts} - set(Source.values)
    if unknown:
        raise ValueError(f"unknown points sources {sorted(unknown)!r}")
    companies = {c.path: c for c in PartyOrg.objects.filter(path__in={root_path(f.person.branch.path) for f in facts})}
    rules = defaultdict(list)
    for rule in PointsRule.objects.filter(
        company__in=companies.values(), source__in={f.source for f in facts}, active=True
    ).order_by("code", "-version"):
        rules[(rule.company_id, rule.source)].append(rule)
    chosen = []
    for fact in facts:
        company = companies[root_path(fact.person.branch.path)]
        rule = next((r for r in rules[(company.pk, fact.source)] if r.valid_on(fact.occurred_on)), None)
        if rule is not None:
            key = (company.pk, rule.code, fact.source_obj._meta.label_lower, str(fact.source_obj.pk), fact.person.pk)
            chosen.append((key, rule, fact))
    links = _links([key for key, _r, _f in chosen])
    used = _used(chosen)
    entries, seen = [], set()
    for key, rule, fact in chosen:
        link = links.get(key)
        if key in seen or (link is not None and link.entry_id is not None):
            continue
        seen.add(key)
        entry = PointsEntry(
            person=fact.person,
            rule=rule,
            points=rule.points,
            occurred_on=fact.occurred_on,
            reason=(fact.note or rule.name)[:300],
            automatic=True,
            source_type=key[2],
            source_id=key[3],
            created_by_name=SYSTEM.get_username(),
            created_at=timezone.now(),
        )
        if not rule.approval_required:
            bucket = (fact.person.pk, rule.company_id, rule.code, period_bounds(fact.occurred_on, rule.cap_period))
            room = None if rule.cap is None else max(rule.cap - abs(used[bucket]), ZERO)
            approve_within(entry, room=room, actor=SYSTEM)
            used[bucket] += entry.awarded
        entries.append((key, entry))
    PointsEntry.objects.bulk_create([e for _k, e in entries], batch_size=500)
    fresh, reused = [], []
    for key, entry in entries:
        link = links.get(key)
        if link is None:
            fresh.append(
                AutoLink(
                    company_id=key[0],
                    rule_code=key[1],
                    source_type=key[2],
                    source_id=key[3],
                    person_id=key[4],
                    entry=entry,
                )
            )
        else:
            link.entry = entry
            reused.append(link)
    AutoLink.objects.bulk_create(fresh, batch_size=500)
    AutoLink.objects.bulk_update(reused, ["entry"], batch_size=500)
    audit.record_many(actor=SYSTEM, action=AuditLog.Action.CREATE, objs=[e for _k, e in entries])
    _recompute_stars([e for _k, e in entries])
    return len(entries)


def _links(keys: list[tuple]) -> dict[tuple, AutoLink]:
    """The AutoLink rows standing for these keys, locked (one query per 500 source records)."""
    found = {}
    ids = sorted({k[3] for k in keys})
    types = {k[2] for k in keys}
    for start in range(0, len(ids), 500):
        rows = AutoLink.objects.select_for_update().filter(
            company_id__in={k[0] for k in keys}, source_type__in=types, source_id__in=ids[start : start + 500]
        )
        for link in rows:
            found[(link.company_id, link.rule_code, link.source_type, link.source_id, link.person_id)] = link
    return found


def _used(chosen: list) -> defaultdict:
    """Approved points already counted against each (person, company, rule code, cap period): one query."""
    used: defaultdict = defaultdict(Decimal)
    capped = [(rule, fact) for _k, rule, fact in chosen if rule.cap is not None]
    if not capped:
        return used
    starts = [period_bounds(f.occurred_on, r.cap_period)[0] for r, f in capped]
    ends = [period_bounds(f.occurred_on, r.cap_period)[1] for r, f in capped]
    periods = {(r.company_id, r.code): r.cap_period for r, _f in capped}
    rows = PointsEntry.objects.filter(
        person_id__in={f.person.pk for _r, f in capped},
        rule__code__in={r.code for r, _f in capped},
        rule__company_id__in={r.company_id for r, _f in capped},
        status=PointsEntry.Status.APPROVED,
        occurred_on__range=(min(starts), max(ends)),
    ).values_list("person_id", "rule__company_id", "rule__code", "occurred_on", "awarded")
    for person_id, company_id, code, day, awarded in rows:
        period = periods.get((company_id, code))
        if period is not None:
            used[(person_id, company_id, code, period_bounds(day, period))] += awarded or ZERO
    return used


def _recompute_stars(entries: list[PointsEntry]) -> None:
    """Stars of the people and years whose appraisal is in, once each, after commit."""
    wanted = {(e.person_id, e.occurred_on.year) for e in entries if e.status == PointsEntry.Status.APPROVED}
    if not wanted:
        return
    rated = set(
        AppraisalInput.objects.filter(
            person_id__in={p for p, _y in wanted}, year__in={y for _p, y in wanted}
        ).values_list("person_id", "year")
    )
    from dangjian.points.tasks import recompute_member_stars

    for person_id, year in sorted(wanted & rated):
        transaction.on_commit(lambda p=person_id, y=year: recompute_member_stars(p, y))
