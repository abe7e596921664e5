"""Key tasks: overdue across month ends, the monthly completion ranking, and the 销号 close-out."""

import datetime as dt

import pytest

from dangjian.assessment import keytask_stats, services
from dangjian.assessment.models import KeyTask
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from tests.assessment.conftest import key_task
from tests.factories import account_with_role


def test_due_dates_clamp_to_the_month_end():
    assert keytask_stats.due_in(2022, 4, 31) == dt.date(2022, 4, 30)
    assert keytask_stats.due_in(2022, 4) == dt.date(2022, 4, 30)
    assert keytask_stats.due_in(2022, 2, 30) == dt.date(2022, 2, 28)
    assert keytask_stats.due_in(2024, 2) == dt.date(2024, 2, 29)
    assert keytask_stats.due_in(2022, 1, 31) == dt.date(2022, 1, 31)


def test_overdue_across_month_ends():
    jan31 = KeyTask(due_on=dt.date(2022, 1, 31))
    assert not jan31.overdue_on(dt.date(2022, 1, 31))  # due today: not yet
    assert jan31.overdue_on(dt.date(2022, 2, 1))
    apr = KeyTask(due_on=keytask_stats.due_in(2022, 4, 31))  # "the 31st" of April is the 30th
    assert not apr.overdue_on(dt.date(2022, 4, 30))
    assert apr.overdue_on(dt.date(2022, 5, 1))
    feb = KeyTask(due_on=keytask_stats.due_in(2022, 2, 31))
    assert feb.overdue_on(dt.date(2022, 3, 1)) and not feb.overdue_on(dt.date(2022, 2, 28))
    done_late = KeyTask(due_on=dt.date(2022, 1, 31), completed_on=dt.date(2022, 2, 3))
    assert done_late.overdue_on(dt.date(2022, 2, 2))  # still open on the 2nd
    assert not done_late.overdue_on(dt.date(2022, 2, 3))  # done (late) on the 3rd
    assert done_late.on_time is False


def test_monthly_completion_ranking_by_hand():
    T = KeyTask
    tasks = [
        # branch 1: 2 due by the end of April, both on time → 100 %
        T(code="a", due_on=dt.date(2022, 3, 31), completed_on=dt.date(2022, 3, 30), owner_org_id=1),
        T(code="b", due_on=dt.date(2022, 4, 30), completed_on=dt.date(2022, 4, 30), owner_org_id=1),
        # branch 2: due April 30, done May 1 → done late, not by April's end: overdue in April → 50 %
        T(code="c", due_on=dt.date(2022, 4, 30), completed_on=dt.date(2022, 5, 1), owner_org_id=2),
        T(code="d", due_on=dt.date(2022, 4, 1), completed_on=dt.date(2022, 4, 1), owner_org_id=2),
        T(code="e", due_on=dt.date(2022, 5, 1), owner_org_id=2),  # due in May: not April's
        # branch 3: 1 of 2 on time → 50 % (ties with branch 2)
        T(code="f", due_on=dt.date(2022, 4, 10), completed_on=dt.date(2022, 4, 9), owner_org_id=3),
        T(code="g", due_on=dt.date(2022, 4, 11), completed_on=dt.date(2022, 4, 12), owner_org_id=3),
        # branch 4: 0 of 1
        T(code="h", due_on=dt.date(2022, 4, 29), owner_org_id=4),
    ]
    table = keytask_stats.completion(tasks, dt.date(2022, 4, 1), lambda t: t.owner_org_id)
    assert {k: (v.due, v.on_time, v.overdue, str(v.rate), v.rank) for k, v in table.items()} == {
        1: (2, 2, 0, "100.0", 1),
        2: (2, 1, 1, "50.0", 2),
        3: (2, 1, 0, "50.0", 2),
        4: (1, 0, 1, "0.0", 4),
    }


@pytest.fixture
def task(company):
    return key_task(company["branch_a"], "KT-1", dt.date(2022, 3, 31))


def test_close_out_confirm_and_return(company, task, secretary_a, office):
    with pytest.raises(InvalidInput):
        services.keytask_close(actor=secretary_a, task=task, evidence=" ")
    with pytest.raises(NotPermitted):  # branch B's secretary is not the owner
        services.keytask_close(actor=account_with_role("secretary", company["branch_b"]), task=task, evidence="x")
    services.keytask_close(actor=secretary_a, task=task, evidence="制度汇编已印发", on=dt.date(2022, 3, 30))
    with pytest.raises(NotPermitted):  # the owner does not confirm their own close-out
        services.keytask_confirm(actor=secretary_a, task=task)
    with pytest.raises(InvalidInput):
        services.keytask_return(actor=office, task=task, reason="")
    services.keytask_return(actor=office, task=task, reason="缺少印发文件")
    task.refresh_from_db()
    assert task.status == KeyTask.Status.RETURNED
    services.keytask_close(actor=secretary_a, task=task, evidence="印发文件见档案盒3", on=dt.date(2022, 4, 2))
    services.keytask_confirm(actor=office, task=task)
    task.refresh_from_db()
    assert task.status == KeyTask.Status.CLOSED and task.completed_on == dt.date(2022, 4, 2)
    assert task.on_time is False  # resubmitted after the due date
    with pytest.raises(Conflict):
        services.keytask_close(actor=secretary_a, task=task, evidence="again")


def test_the_owner_person_may_close_their_task(company, task, member_a):
    task.owner = company["person_a"]
    task.save()
    services.keytask_close(actor=member_a, task=task, evidence="已完成")
    assert KeyTask.objects.get(pk=task.pk).status == KeyTask.Status.SUBMITTED


def test_reviewer_refused_on_own_branch(company, task, dual, secretary_a):
    services.keytask_close(actor=secretary_a, task=task, evidence="已完成")
    with pytest.raises(NotPermitted):
        services.keytask_confirm(actor=dual, task=task)


def test_upsert_checks_scope(company, secretary_a):
    with pytest.raises(NotPermitted):
        services.keytask_upsert(
            actor=secretary_a,
            code="X1",
            title="t",
            category="party",
            owner_org=company["branch_b"],
            due_on=dt.date(2022, 5, 31),
            deliverable="d",
        )
    task, action = services.keytask_upsert(
        actor=secretary_a,
        code="X1",
        title="t",
        category="party",
        owner_org=company["branch_a"],
        due_on=dt.date(2022, 5, 31),
        deliverable="d",
    )
    assert action == "create" and task.year == 2022
