"""The metrics read from the other capabilities: each is registered, computed from their records through their
selectors, and explains its number; team accounting supplies the production score."""

import datetime as dt
from decimal import Decimal

from dangjian.assessment import metrics, production
from dangjian.core.services import SYSTEM
from dangjian.meetings import services as meetings
from dangjian.points import services as points
from dangjian.service.models import ServiceRequest, State
from tests.factories import PersonFactory

JAN, FEB_END = dt.date(2025, 1, 1), dt.date(2025, 2, 28)


def test_the_linked_metrics_are_registered():
    codes = {m.code for m in metrics.registered()}
    assert {metrics.MEETING_COMPLIANCE, metrics.SLA_RATE, metrics.POINTS_ACTIVITY} <= codes


def test_meeting_compliance_counts_the_meetings_held(company):
    branch = company["branch_a"]
    for _ in range(2):
        PersonFactory(branch=branch, member=True)
    meetings.meeting_record(
        actor=SYSTEM, org=branch, meeting_type="themed_day", held_on=dt.date(2025, 1, 20), topic="学习"
    )
    result = metrics.get(metrics.MEETING_COMPLIANCE).compute(branch, JAN, FEB_END)
    # January: one themed day held of the monthly rules due; February: none held. The rate is below 1 and above 0.
    assert Decimal(0) < result.value < Decimal(1)
    assert branch.name in result.explanation


def test_sla_rate_reads_the_concerns_handled(company):
    handler = PersonFactory(branch=company["branch_a"], member=True)
    submitter = PersonFactory(branch=company["branch_a"])
    common = dict(category="welfare", description="…", submitter=submitter, handling_org=company["branch_a"])
    for title, resolved in (("按时", dt.date(2025, 1, 10)), ("超期", dt.date(2025, 2, 20))):
        ServiceRequest.objects.create(
            title=title,
            handler=handler,
            state=State.CLOSED,
            submitted_on=dt.date(2025, 1, 2),
            accept_due=dt.date(2025, 1, 6),
            resolve_due=dt.date(2025, 1, 31),
            accepted_on=dt.date(2025, 1, 3),
            resolved_on=resolved,
            resolution="已办",
            **common,
        )
    result = metrics.get(metrics.SLA_RATE).compute(company["branch_a"], JAN, FEB_END)
    assert result.value == Decimal("0.5")
    assert "50.0%" in result.explanation


def test_points_activity_reads_the_ledger(company):
    points.defaults_install(actor=SYSTEM, company=company["root"], valid_from=dt.date(2020, 1, 1))
    rule = points.rule_create(
        actor=SYSTEM,
        company=company["root"],
        code="MERIT",
        name="岗位建功",
        category="merit",
        points=Decimal(5),
        valid_from=dt.date(2020, 1, 1),
        approval_required=False,
    )
    PersonFactory(branch=company["branch_a"], member=True)  # a second member, without points
    points.entry_create(
        actor=SYSTEM, person=company["person_a"], rule=rule, occurred_on=dt.date(2025, 1, 15), reason="攻关"
    )
    result = metrics.get(metrics.POINTS_ACTIVITY).compute(company["branch_a"], JAN, FEB_END)
    assert result.value == Decimal("0.5")


def test_the_production_score_comes_from_team_accounting():
    from dangjian.value.selectors import production_scores

    assert production._provider is production_scores
