"""Automatic entries: the one door through which other capabilities turn a recorded fact into points (最多报一次).

`auto_award` is idempotent per (rule, source record, person): an AutoLink row, locked while it is read, says which
entry stands for the fact, so saving the same attendance twice gives points once. `auto_withdraw` writes the
reversing entry when the fact no longer holds (present → absent), and frees the link so the fact recorded again
gives points again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.org.models import Person
from dangjian.points import inbox
from dangjian.points.models import AutoLink, PointsEntry, PointsRule, Source
from dangjian.points.services.common import company_of, person_company
from dangjian.points.services.ledger import _decide, _reverse, _stars_changed


def _source_key(source_obj: models.Model) -> tuple[str, str]:
    return source_obj._meta.label_lower, str(source_obj.pk)


def _rule(company, source: str, day: dt.date) -> PointsRule | None:
    for rule in PointsRule.objects.filter(company=company, source=source, active=True).order_by("code", "-version"):
        if rule.valid_on(day):
            return rule
    return None


def _link(*, company, rule_code: str, source_type: str, source_id: str, person: Person) -> AutoLink:
    key = dict(company=company, rule_code=rule_code, source_type=source_type, source_id=source_id, person=person)
    try:
        with transaction.atomic():
            AutoLink.objects.get_or_create(**key)
    except IntegrityError:  # created by a concurrent call between our read and write: it exists now
        pass
    return AutoLink.objects.select_for_update().get(**key)


def sources_in_force(*, org, on: dt.date) -> set[str]:
    """The automatic sources some active rule of `org`'s company awards on `on`: lets a caller with many facts (a
    meeting's whole attendance) skip the ones no rule turns into points, in two queries instead of two per fact."""
    company = company_of(org)
    rules = PointsRule.objects.filter(company=company, active=True, valid_from__lte=on).exclude(source="")
    return {r.source for r in rules.filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on))}


@transaction.atomic
def auto_award(
    *,
    source: str,
    source_obj: models.Model,
    person: Person,
    occurred_on: dt.date,
    note: str = "",
    points: Decimal | None = None,
) -> PointsEntry | None:
    """Write the automatic entry for a fact recorded elsewhere: the company's active rule whose automatic source is
    `source` (a Source code) valid on `occurred_on`. Idempotent per (rule, source record, person): a second call
    writes nothing and returns None, as it does when no rule applies or the person is not a party member.
    `points` may replace the rule's points (a 揭榜挂帅 reward); the cap still applies. Runs as SYSTEM, audited."""
    if source not in Source.values:
        raise ValueError(f"unknown points source {source!r}")
    if not person.is_party_member:
        return None
    company = person_company(person)
    rule = _rule(company, source, occurred_on)
    if rule is None:
        return None
    source_type, source_id = _source_key(source_obj)
    link = _link(company=company, rule_code=rule.code, source_type=source_type, source_id=source_id, person=person)
    if link.entry_id is not None:
        return None
    Person.objects.select_for_update().filter(pk=person.pk).first()
    entry = PointsEntry(
        person=person,
        rule=rule,
        points=points if points is not None else rule.points,
        occurred_on=occurred_on,
        reason=(note or rule.name)[:300],
        automatic=True,
        source_type=source_type,
        source_id=source_id,
        created_by_name=SYSTEM.get_username(),
        created_at=timezone.now(),
    )
    if not rule.approval_required:
        _decide(entry, actor=SYSTEM)
    entry.save()
    link.entry = entry
    link.save(update_fields=["entry"])
    audit.record(actor=SYSTEM, action=AuditLog.Action.CREATE, obj=entry, after=audit.snapshot(entry))
    inbox.entry_waiting(entry)
    _stars_changed(entry)
    return entry


@transaction.atomic
def auto_withdraw(*, source: str, source_obj: models.Model, person: Person) -> PointsEntry | None:
    """If an automatic entry stands for this source record and person, cancel it: an approved one gets its
    reversing entry (returned), a pending one is rejected (returned). None when nothing stands."""
    if source not in Source.values:
        raise ValueError(f"unknown points source {source!r}")
    source_type, source_id = _source_key(source_obj)
    company = person_company(person)
    codes = PointsRule.objects.filter(company=company, source=source).values_list("code", flat=True).distinct()
    links = AutoLink.objects.select_for_update().filter(
        company=company,
        rule_code__in=list(codes),
        source_type=source_type,
        source_id=source_id,
        person=person,
        entry__isnull=False,
    )
    result = None
    for link in links:
        Person.objects.select_for_update().filter(pk=person.pk).first()
        entry = PointsEntry.objects.select_for_update().select_related("rule").get(pk=link.entry_id)
        already = PointsEntry.objects.filter(reverses=entry).exists()  # a reviewer corrected it (e.g. an appeal)
        if entry.status == PointsEntry.Status.APPROVED and not already:
            result = _reverse(entry, actor=SYSTEM, reason=_("Withdrawn: %(reason)s") % {"reason": entry.reason})
        elif entry.status == PointsEntry.Status.PENDING:
            before = audit.snapshot(entry)
            entry.status, entry.decided_by_name = PointsEntry.Status.REJECTED, SYSTEM.get_username()
            entry.decided_at, entry.decision_note = timezone.now(), _("Withdrawn: the source record changed.")
            entry.save(update_fields=["status", "decided_by_name", "decided_at", "decision_note"])
            audit.record(
                actor=SYSTEM, action=AuditLog.Action.UPDATE, obj=entry, before=before, after=audit.snapshot(entry)
            )
            inbox.entry_decided(entry)
            result = entry
        link.entry = None
        link.save(update_fields=["entry"])
    return result
