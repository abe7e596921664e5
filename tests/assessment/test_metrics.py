"""The metric registry and this app's two metrics, computed from fixture data."""

import datetime as dt
from decimal import Decimal as D
from zoneinfo import ZoneInfo

from dangjian.assessment import metrics
from dangjian.assessment.builtin_metrics import keytasks_on_time, reviews_on_time
from dangjian.assessment.models import KeyTask
from dangjian.projects.projects.models import State
from dangjian.projects.reviews.models import ProjectReview
from tests.assessment.conftest import key_task
from tests.projects.factories import ProjectFactory

TZ = ZoneInfo("Asia/Shanghai")


def _review(project, month, submitted_on, status="submitted"):
    return ProjectReview.objects.create(
        project=project,
        month=month,
        narrative="ok",
        status=status,
        submitted_at=dt.datetime.combine(submitted_on, dt.time(10), tzinfo=TZ) if submitted_on else None,
    )


def test_reviews_on_time(company):
    a = company["branch_a"]
    p1 = ProjectFactory(owner=a, code="P1", state=State.IN_PROGRESS)
    p2 = ProjectFactory(owner=a, code="P2", state=State.ACCEPTED, starts_on=dt.date(2022, 2, 1))
    ProjectFactory(owner=a, code="P3", state=State.CANCELLED)  # owes nothing
    ProjectFactory(owner=company["branch_b"], code="P4", state=State.IN_PROGRESS)  # not branch A's
    _review(p1, dt.date(2022, 1, 1), dt.date(2022, 2, 5))  # the 5th day after January: on time
    _review(p1, dt.date(2022, 2, 1), dt.date(2022, 3, 6))  # the 6th: late
    _review(p2, dt.date(2022, 2, 1), dt.date(2022, 3, 1))
    jan = reviews_on_time(a, dt.date(2022, 1, 1), dt.date(2022, 1, 31), today=dt.date(2022, 6, 1))
    assert jan.value == D("1") and "1 of 1" in jan.explanation
    feb = reviews_on_time(a, dt.date(2022, 2, 1), dt.date(2022, 2, 28), today=dt.date(2022, 6, 1))
    assert feb.value == D("0.5") and "1 of 2" in feb.explanation and "P1" in feb.explanation
    q1 = reviews_on_time(a, dt.date(2022, 1, 1), dt.date(2022, 3, 31), today=dt.date(2022, 6, 1))
    # P1: Jan on time, Feb late, Mar missing; P2: Feb on time, Mar missing → 2 of 5
    assert q1.value == D("0.4")
    # March before its deadline has passed: nothing missing yet, nothing due.
    early = reviews_on_time(a, dt.date(2022, 3, 1), dt.date(2022, 3, 31), today=dt.date(2022, 4, 3))
    assert early.value is None and "No monthly review was due" in early.explanation


def test_keytasks_on_time(company):
    a = company["branch_a"]
    key_task(a, "K1", dt.date(2022, 4, 30), dt.date(2022, 4, 30))
    key_task(a, "K2", dt.date(2022, 4, 30), dt.date(2022, 5, 1))
    key_task(a, "K3", dt.date(2022, 4, 15))
    key_task(a, "K4", dt.date(2022, 5, 1), dt.date(2022, 4, 20))  # due in May
    april = keytasks_on_time(a, dt.date(2022, 4, 1), dt.date(2022, 4, 30), today=dt.date(2022, 6, 1))
    assert april.value == D("0.3333") and "K2" in april.explanation and "K3" in april.explanation
    # Seen on April 20 (K1 and K2 not due yet, still open then): only K3 counts, and it is overdue.
    KeyTask.objects.filter(code__in=["K1", "K2"]).update(completed_on=None)
    mid = keytasks_on_time(a, dt.date(2022, 4, 1), dt.date(2022, 4, 30), today=dt.date(2022, 4, 20))
    assert mid.value == D("0") and "0 of 1" in mid.explanation


def test_registry(company):
    assert metrics.get(metrics.KEYTASK_ON_TIME) is not None
    assert metrics.compute("meeting_compliance", company["root"], dt.date(2022, 1, 1), dt.date(2022, 1, 31)) is None
    metrics.register("demo_metric", "演示", lambda org, start, end: metrics.MetricResult(D("0.9"), "x"))
    try:
        assert metrics.compute("demo_metric", company["root"], dt.date(2022, 1, 1), dt.date(2022, 1, 31)).value == D(
            "0.9"
        )
        assert ("demo_metric", "演示") in metrics.choices()
    finally:
        metrics.unregister("demo_metric")
        metrics.KNOWN.pop("demo_metric")
