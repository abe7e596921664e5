"""Dues in arrears: the branch secretary (never the member) is asked to follow up a member more than three months
behind, once per counted month; the member gets a reminder of their own months only; paying enough closes it,
whoever records the payments."""

import pytest

from dangjian.affairs.dues import months, tasks
from dangjian.affairs.dues.inbox import arrears_notify
from dangjian.core.errors import NotPermitted
from dangjian.core.models import AuditLog, Notification
from dangjian.core.notifications.selectors import inbox_count, inbox_list
from tests.affairs.dues.test_dues import LAST, THIS, TODAY, _pay, branch_a  # noqa: F401 (a fixture)


def test_the_secretary_is_asked_about_the_member_in_arrears_and_the_member_reminded(
    company,
    branch_a,  # noqa: F811
    secretary_a,
    member_a,
    office,
):
    a = branch_a["a"]
    assert arrears_notify(today=TODAY) == 2  # the secretary's action and 李明's own reminder; 周强 is 2 months behind
    (item,) = inbox_list(user=secretary_a)
    assert (item.kind, item.action, item.about) == ("dues.arrears", True, a)
    assert item.link == f"/dues/?month={LAST:%Y-%m}&org=BA"
    assert "李明" in item.text and "7" in item.text and "525.00" in item.text
    assert inbox_count(user=office) == 0 and inbox_count(user=member_a) == 0  # not the office, not the member
    (reminder,) = Notification.objects.filter(recipient=member_a)
    assert (reminder.kind, reminder.action, reminder.link) == ("dues.reminder", False, "/dues/mine/")
    assert "525.00" in reminder.text and "周强" not in reminder.text and "李明" not in reminder.text
    # Daily runs in the same month add nothing.
    assert arrears_notify(today=TODAY) == 0
    assert AuditLog.objects.filter(object_type="core.notification").count() == 1


def test_paying_enough_closes_it_and_paying_too_little_does_not(company, branch_a, secretary_a):  # noqa: F811
    a = branch_a["a"]
    arrears_notify(today=TODAY)
    _pay(company["branch_a"], [a], months.add(THIS, -7))  # 6 months left: still more than three
    assert inbox_count(user=secretary_a) == 1
    for n in (6, 5, 4):
        _pay(company["branch_a"], [a], months.add(THIS, -n))  # 3 left: no longer flagged
    assert inbox_count(user=secretary_a) == 0
    assert Notification.objects.get(kind="dues.arrears").state == Notification.State.DONE
    assert arrears_notify(today=TODAY) == 0


def test_a_secretary_in_arrears_is_followed_up_by_the_office_above(company, branch_a, office):  # noqa: F811
    from tests.factories import account_with_role

    secretary = account_with_role("secretary", company["branch_a"], person=branch_a["a"], username="sec_self")
    arrears_notify(today=TODAY)
    assert inbox_count(user=secretary) == 0
    assert [n.about for n in inbox_list(user=office)] == [branch_a["a"]]


def test_only_the_system_sends_and_the_daily_task_runs_it(company, branch_a, secretary_a, office):  # noqa: F811
    with pytest.raises(NotPermitted):
        arrears_notify(actor=office)
    assert tasks.dues_arrears_notify.call_local() == 1
    assert tasks.dues_arrears_notify.call_local() == 0
