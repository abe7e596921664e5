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


def test_duties_done_scores_from_the_responsibility_lists(company):
    """履责清单完成率: done ÷ items of the year's lists in the branch; a branch without a list is not applicable and
    an assessment item reading it fills its line from the data."""
    from django.utils import translation

    from dangjian.assessment import services as assessment
    from dangjian.assessment.models import Line
    from dangjian.handbook.models import DutyItem, DutyKind, DutyList

    branch = company["branch_a"]
    duties = DutyList.objects.create(
        org=branch, kind=DutyKind.SECRETARY, holder=company["person_a"], year=2025, title="书记抓党建责任清单"
    )
    for n, done_on in enumerate((dt.date(2025, 1, 20), None, None, dt.date(2025, 2, 3))):
        DutyItem.objects.create(duty_list=duties, position=n, text=f"责任{n}", done_on=done_on)
    DutyList.objects.create(org=branch, kind=DutyKind.COMPANY, year=2024, title="去年的清单")  # another year
    assert metrics.DUTIES_DONE in {m.code for m in metrics.registered()}
    with translation.override("en"):
        result = metrics.get(metrics.DUTIES_DONE).compute(branch, JAN, FEB_END)
        none = metrics.get(metrics.DUTIES_DONE).compute(company["branch_b"], JAN, FEB_END)
    assert result.value == Decimal("0.5") and "2 of the 4 items" in result.explanation
    assert none.value is None and "not applicable" in none.explanation
    # an assessment item reads it
    template = assessment.template_create(actor=SYSTEM, org=company["root"], year=2025, name="2025年考核细则")
    assessment.item_upsert(
        actor=SYSTEM,
        template=template,
        category_name="组织建设",
        code="D1",
        title="履责清单完成率",
        max_points=Decimal(10),
        source=metrics.DUTIES_DONE,
        zero_at=Decimal(0),
        full_at=Decimal(1),
    )
    period = assessment.period_open(actor=SYSTEM, template=template, month=dt.date(2025, 2, 1))
    lines = {line.sheet.org_id: line for line in Line.objects.filter(sheet__period=period).select_related("sheet")}
    assert (lines[branch.pk].automatic, lines[branch.pk].rate, lines[branch.pk].auto_points) == (
        True,
        Decimal("0.5"),
        Decimal(5),
    )
    from dangjian.core.i18n import in_site_language

    with in_site_language():  # the sheet's sentences are written in the site's language
        said = metrics.get(metrics.DUTIES_DONE).compute(company["branch_b"], JAN, FEB_END).explanation
    assert lines[company["branch_b"].pk].rate is None and lines[company["branch_b"].pk].computation.startswith(said)
