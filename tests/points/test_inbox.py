"""The ledger's work notifications: a claim and an appeal ask who decides them (one action each, one link), are closed
by whoever decides, and the member is told the outcome — about their own points only."""

import pytest

from dangjian.core.models import Notification
from dangjian.core.notifications.selectors import inbox_count, inbox_list
from dangjian.points import inbox, services
from tests.factories import account_with_role
from tests.points.conftest import DAY


def _claim(member, person, rule):
    return services.entry_create(actor=member, person=person, rule=rule, occurred_on=DAY, reason="技改攻关")


def test_a_claim_asks_the_branch_secretary_and_is_closed_by_whoever_decides(
    company, merit_rule, member_a, secretary_a, office
):
    entry = _claim(member_a, company["person_a"], merit_rule)
    (item,) = inbox_list(user=secretary_a)
    assert (item.kind, item.action, item.about, item.link) == (
        "points.entry",
        True,
        entry,
        f"/points/queue/#entry-{entry.pk}",
    )
    assert "李明" in item.text and "技改攻关" in item.text
    # The nearest decider only: the office above the branch is not asked while the branch has its secretary.
    assert inbox_count(user=office) == 0
    assert Notification.objects.filter(kind="points.entry").count() == 1
    # Idempotent: asking again sends nothing new.
    assert inbox.entry_waiting(entry) == 0

    services.entry_approve(actor=office, entry=entry)  # someone else decided: the secretary's item is done
    assert inbox_count(user=secretary_a) == 0
    item.refresh_from_db()
    assert item.state == Notification.State.DONE
    (notice,) = Notification.objects.filter(recipient=member_a)
    assert (notice.kind, notice.action, notice.link) == ("points.outcome", False, "/points/")
    assert "5" in notice.text and "王芳" not in notice.text


def test_without_a_branch_secretary_the_office_decides_and_never_the_member(company, merit_rule, member_a, office):
    entry = _claim(member_a, company["person_a"], merit_rule)
    assert [n.about for n in inbox_list(user=office)] == [entry]
    assert inbox_count(user=member_a) == 0
    services.entry_reject(actor=office, entry=entry, note="无佐证")
    assert inbox_count(user=office) == 0
    (notice,) = Notification.objects.filter(recipient=member_a, kind="points.outcome")
    assert "无佐证" in notice.text


def test_a_secretary_claiming_points_is_not_asked_to_decide_them(company, merit_rule, office):
    secretary = account_with_role("secretary", company["branch_a"], person=company["person_a"], username="sec_self")
    entry = _claim(secretary, company["person_a"], merit_rule)
    assert inbox_count(user=secretary) == 0
    assert [n.about for n in inbox_list(user=office)] == [entry]


def test_an_entry_approved_at_once_asks_nobody(company, merit_rule, secretary_a, office):
    rule = services.rule_new_version(
        actor=office, rule=merit_rule, valid_from=DAY.replace(day=1), approval_required=False
    )
    entry = services.entry_create(
        actor=secretary_a, person=company["person_a"], rule=rule, occurred_on=DAY, reason="技改攻关"
    )
    assert entry.status == "approved"
    assert Notification.objects.filter(kind__startswith="points.").count() == 0


@pytest.mark.parametrize("uphold", [True, False])
def test_an_appeal_asks_who_decides_it_and_the_member_hears_the_decision(
    company, merit_rule, member_a, secretary_a, office, uphold
):
    entry = services.entry_reject(
        actor=secretary_a, entry=_claim(member_a, company["person_a"], merit_rule), note="无佐证"
    )
    appeal = services.appeal_create(actor=member_a, entry=entry, reason="有班组记录")
    (item,) = inbox_list(user=secretary_a, kinds=["points.appeal"])
    assert (item.about, item.link) == (appeal, f"/points/queue/#appeal-{appeal.pk}")
    services.appeal_decide(actor=office, appeal=appeal, uphold=uphold, decision="补充材料属实")
    assert inbox_count(user=secretary_a) == 0
    notice = Notification.objects.get(recipient=member_a, key=f"points.outcome:appeal:{appeal.pk}")
    assert ("申诉已被支持" in notice.text) is uphold and ("申诉已被驳回" in notice.text) is not uphold
    assert "补充材料属实" in notice.text and notice.action is False
