"""auto_award_many: the same rules, caps and idempotency as auto_award, for many facts at once."""

import datetime as dt
from decimal import Decimal

from dangjian.core.models import AuditLog
from dangjian.points import services
from dangjian.points.models import PointsEntry
from tests.factories import PartyOrgFactory


def _facts(person, sources, year=2025):
    """One fact per source record (orgs stand in for meetings), dated through the year."""
    return [
        services.Fact("meeting_attendance", org, person, dt.date(year, 1, 1) + dt.timedelta(days=7 * n), f"第{n}次")
        for n, org in enumerate(sources)
    ]


def test_bulk_awards_apply_the_cap_once_and_are_idempotent(company, rules):
    person = company["person_a"]
    sources = [PartyOrgFactory(parent=company["root"]) for _ in range(35)]
    first = services.auto_award(
        source="meeting_attendance", source_obj=sources[0], person=person, occurred_on=dt.date(2025, 1, 1)
    )
    assert first is not None
    audits = AuditLog.objects.filter(object_type="points.pointsentry").count()
    written = services.auto_award_many(facts=_facts(person, sources))
    assert written == 34  # the first fact already stands
    entries = PointsEntry.objects.filter(person=person, automatic=True)
    assert entries.count() == 35
    assert sum(e.awarded for e in entries) == Decimal(30)  # ORG_LIFE: +1, capped at 30 a year
    assert entries.filter(awarded=0).count() == 5  # the latest five are cut, with a note
    assert all("30" in e.decision_note for e in entries.filter(awarded=0))  # the note names the cap
    assert AuditLog.objects.filter(object_type="points.pointsentry").count() == audits + 34
    assert services.auto_award_many(facts=_facts(person, sources)) == 0
    # a single auto_award on a fact the bulk wrote is a no-op as well
    assert (
        services.auto_award(
            source="meeting_attendance", source_obj=sources[10], person=person, occurred_on=dt.date(2025, 3, 12)
        )
        is None
    )


def test_bulk_skips_non_members_and_facts_without_a_rule(company, rules):
    from tests.factories import PersonFactory

    employee = PersonFactory(branch=company["branch_a"])
    facts = _facts(employee, [company["branch_a"]]) + [
        services.Fact("meeting_attendance", company["branch_b"], company["person_a"], dt.date(2019, 6, 1))
    ]
    assert services.auto_award_many(facts=facts) == 0  # a group member, and a day before the catalogue's rules
