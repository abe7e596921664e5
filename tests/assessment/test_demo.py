"""The assessment's demo: the 33-item template, 95 key tasks of four branches, a year of monthly periods (all but the
current one locked) whose ranking tells 电解三车间's climb, and a second run that changes nothing.

The demo company is built once for the module (without indicators and projects, which this part does not need),
inside a transaction rolled back at the end."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest

from dangjian.assessment import demo as assessment_demo
from dangjian.assessment.models import Item, KeyTask, Line, Period, Sheet, Template
from dangjian.core.models import AuditLog
from dangjian.demo.builder import DemoBuilder
from dangjian.demo.data import qineng
from tests.worlds import OuterTransaction

TODAY = dt.date(2026, 9, 14)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    def build():
        DemoBuilder(today=TODAY, password=qineng.DEFAULT_PASSWORD).build()
        out = StringIO()
        assessment_demo.seed(today=TODAY, stdout=out)
        return out.getvalue()

    outer = OuterTransaction(django_db_blocker)
    try:
        yield outer.open(build)
    finally:
        outer.close()


def test_template_of_5_classes_and_33_items(demo, db):
    templates = Template.objects.all()
    assert {t.year for t in templates} == {2025, 2026}  # the last 12 months span two years
    template = templates.get(year=2026)
    assert template.categories.count() == 5 and template.items.count() == 33
    monthly = Item.objects.filter(template=template, frequency="monthly")
    assert monthly.count() == 28 and sum(i.max_points for i in monthly) == 100
    assert set(Item.objects.exclude(source="").values_list("source", flat=True)) == {
        "meeting_compliance",
        "review_on_time",
        "keytask_on_time",
        "sla_rate",
        "points_activity",
    }


def test_95_key_tasks_of_four_branches(demo, db):
    tasks = KeyTask.objects.filter(year=2026)
    assert tasks.count() == 95
    assert sorted(Counter(tasks.values_list("owner_org__code", flat=True)).values()) == [23, 24, 24, 24]
    states = Counter(tasks.values_list("status", flat=True))
    assert states["closed"] > 40 and states["open"] > 20 and states["submitted"] and states["returned"]
    overdue = [t for t in tasks if t.overdue_on(TODAY)]
    assert overdue and any(t.completed_on and not t.on_time for t in tasks)
    assert not tasks.filter(completed_on__gt=TODAY).exists()


def test_a_year_of_periods_most_locked(demo, db):
    periods = list(Period.objects.order_by("month"))
    assert len(periods) == 12 and periods[0].month == dt.date(2025, 10, 1)
    assert [p.locked for p in periods] == [True] * 11 + [False]
    assert Sheet.objects.filter(period=periods[-1]).count() == Sheet.objects.filter(period=periods[0]).count() == 20
    assert Sheet.objects.filter(period__status="locked").exclude(status="locked").count() == 0
    assert (
        Line.objects.filter(sheet__period__status="locked").exclude(deduction=0).exclude(deduction_reason="").exists()
    )
    # The automatic items carry their working; the key-task item reads the potline branches' tasks.
    d02 = Line.objects.filter(sheet__org__code="QNDL-DJ4", item__code="D02", sheet__period__month=dt.date(2026, 7, 1))
    assert "电解四车间党支部" in d02.get().computation and "重点工作任务" in d02.get().computation


def test_the_story_ranks(demo, db):
    def rank(code, month):
        return Sheet.objects.get(org__code=code, period__month=month).rank

    first, last = dt.date(2025, 10, 1), dt.date(2026, 8, 1)
    assert rank("QNDL-DJ3", first) > 10
    assert sum(rank("QNDL-DJ3", dt.date(2026, m, 1)) for m in (6, 7, 8)) <= 12  # the top few by the summer
    assert rank("QNDL-JC", last) <= 3
    assert rank("QNDL-RK", last) >= 18


def test_a_second_run_changes_nothing(demo, db):
    audits = AuditLog.objects.count()
    out = StringIO()
    assessment_demo.seed(today=TODAY, stdout=out)
    assert "nothing to do" in out.getvalue() and AuditLog.objects.count() == audits
