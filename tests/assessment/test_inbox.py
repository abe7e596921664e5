"""The assessment's work notifications: a key task's close-out asks the reviewers (never the branch's own people) and
is closed by confirmation, return or cancellation; a returned one asks the owner again. A month's sheet asks the
branch's own secretary to self-assess, then the reviewers to score, each closed by the move that does it."""

import datetime as dt

from dangjian.assessment import services
from dangjian.core.models import Notification
from dangjian.core.notifications.selectors import inbox_count, inbox_list
from tests.assessment.conftest import JAN, key_task
from tests.assessment.test_services import line
from tests.factories import PersonFactory, account_with_role


def test_a_close_out_asks_the_reviewers_above_and_is_closed_by_whoever_confirms(
    company, secretary_a, reviewer, office, dual
):
    task = key_task(company["branch_a"], "K1", dt.date(2022, 3, 31))
    services.keytask_close(actor=secretary_a, task=task, evidence="制度汇编已印发", on=dt.date(2022, 3, 30))
    (item,) = inbox_list(user=reviewer)
    assert (item.kind, item.action, item.about, item.link) == (
        "assessment.keytask",
        True,
        task,
        f"/assessment/keytasks/{task.pk}/",
    )
    assert "K1" in item.subject and "制度汇编已印发" in item.text
    assert inbox_count(user=office) == 1
    # Not the branch's own secretary, nor someone who is also the branch's secretary (no self-review).
    assert inbox_count(user=secretary_a) == 0 and inbox_count(user=dual) == 0
    services.keytask_confirm(actor=office, task=task)
    assert inbox_count(user=reviewer) == 0 and inbox_count(user=office) == 0
    assert Notification.objects.filter(kind="assessment.keytask", done_at__isnull=False).count() == 2


def test_a_returned_close_out_asks_its_owner_until_they_submit_again(company, secretary_a, reviewer):
    owner = PersonFactory(branch=company["branch_a"], member=True, name="周干事")
    account = account_with_role("member", company["branch_a"], person=owner, username="owner")
    task = key_task(company["branch_a"], "K2", dt.date(2022, 3, 31))
    task.owner = owner
    task.save()
    services.keytask_close(actor=account, task=task, evidence="初稿")
    services.keytask_return(actor=reviewer, task=task, reason="缺签发文件")
    assert inbox_count(user=reviewer) == 0
    (item,) = inbox_list(user=account)
    assert (item.kind, item.about) == ("assessment.keytask_back", task) and "缺签发文件" in item.text
    assert inbox_count(user=secretary_a) == 0  # the owner has an account: only they are asked
    services.keytask_close(actor=secretary_a, task=task, evidence="终稿")
    assert inbox_count(user=account) == 0
    assert inbox_count(user=reviewer) == 1


def test_a_cancelled_task_asks_nobody_any_more(company, secretary_a, reviewer):
    task = key_task(company["branch_a"], "K3", dt.date(2022, 3, 31))
    services.keytask_close(actor=secretary_a, task=task, evidence="x")
    services.keytask_cancel(actor=reviewer, task=task, reason="调整")
    assert Notification.objects.filter(done_at__isnull=True).count() == 0


def test_a_month_asks_each_branch_secretary_then_the_reviewers(company, template, secretary_a, reviewer, office):
    sec_b = account_with_role("secretary", company["branch_b"], username="sec_b")
    period = services.period_open(actor=office, template=template, month=JAN)
    sheet_a = period.sheets.get(org=company["branch_a"])
    (item,) = inbox_list(user=secretary_a)
    assert (item.kind, item.about, item.link) == ("assessment.sheet_self", sheet_a, f"/assessment/sheets/{sheet_a.pk}/")
    assert inbox_count(user=sec_b) == 1
    # The secretary of the org above reviews; it does not fill in the branches' sheets.
    assert inbox_count(user=reviewer) == 0 and inbox_count(user=office) == 0
    services.line_self_save(actor=secretary_a, line=line(sheet_a, "A1"), score="9", evidence="1月支委会记录")
    services.line_self_save(actor=secretary_a, line=line(sheet_a, "B2"), score="4")
    services.sheet_transition(actor=secretary_a, sheet=sheet_a, action="submit")
    assert inbox_count(user=secretary_a) == 0
    (review,) = inbox_list(user=reviewer)
    assert (review.kind, review.about) == ("assessment.sheet_review", sheet_a)
    assert inbox_count(user=office) == 1
    services.sheet_transition(actor=reviewer, sheet=sheet_a, action="return", comment="A1 证据不全")
    assert inbox_count(user=reviewer) == 0 and inbox_count(user=office) == 0
    assert [n.about for n in inbox_list(user=secretary_a)] == [sheet_a]
    services.sheet_transition(actor=secretary_a, sheet=sheet_a, action="submit")
    services.sheet_transition(actor=office, sheet=sheet_a, action="review")
    assert inbox_count(user=reviewer) == 0 and inbox_count(user=secretary_a) == 0
    # What is left open is branch B's own sheet, for its secretary alone.
    assert list(Notification.objects.filter(done_at__isnull=True).values_list("recipient__username", "kind")) == [
        ("sec_b", "assessment.sheet_self")
    ]
