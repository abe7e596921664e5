"""A project's approval as work in people's inboxes: submitted → each approver (党群工作部 over the owner, the
secretary of the org directly above) has one "项目待审批" item linking to the project; whoever decides closes it for
all; the proposer and the responsible secretary hear the outcome (returned: an item to fix, closed on resubmission)."""

from django.urls import reverse

from dangjian.core.models import Notification
from dangjian.core.notifications.selectors import inbox_count, inbox_list, notification_list
from dangjian.projects.projects.notices import APPROVE, DECIDED, RETURNED
from dangjian.projects.projects.services import project_transition
from tests.factories import PersonFactory, account_with_role


def kinds(user):
    return sorted(n.kind for n in notification_list(user=user))


def test_submit_asks_each_approver_once_and_approval_closes_it_for_all(logins, make_project, orgs):
    chen = PersonFactory(branch=orgs["branch_c"], member=True, name="陈书记")
    secretary = account_with_role("secretary", orgs["branch_c"], person=chen, username="p_sec_c")
    project = make_project(secretary=chen)
    project_transition(actor=logins["sec_owner"], project=project, action="submit")

    link = reverse("projects:detail", kwargs={"pk": project.pk})
    asked = Notification.objects.filter(kind=APPROVE).order_by("recipient_id")
    # 党群工作部 over ROOT and the secretary of GB (directly above BC); not the root's secretary, not the submitter
    assert [n.recipient_id for n in asked] == sorted([logins["office"].pk, logins["sec_parent"].pk])
    assert {(n.action, n.link, n.object_id, n.subject) for n in asked} == {(True, link, project.pk, "项目待审批")}
    assert inbox_count(user=logins["office"]) == 1 and inbox_count(user=logins["sec_root"]) == 0
    assert project.code in inbox_list(user=logins["office"]).get().text

    project_transition(actor=logins["sec_parent"], project=project, action="approve")
    assert (inbox_count(user=logins["office"]), inbox_count(user=logins["sec_parent"])) == (0, 0)
    assert Notification.objects.filter(kind=APPROVE, done_at__isnull=True).count() == 0
    # the proposer (who submitted it) and the responsible secretary: a notice, not work
    told = Notification.objects.filter(kind=DECIDED).order_by("recipient_id")
    assert [n.recipient_id for n in told] == sorted([logins["sec_owner"].pk, secretary.pk])
    assert {(n.action, n.subject, n.link) for n in told} == {(False, "项目已批准", link)}
    assert inbox_count(user=logins["sec_owner"]) == 0


def test_returned_asks_the_proposer_to_fix_and_resubmission_closes_it(logins, make_project):
    project = make_project()
    project_transition(actor=logins["sec_owner"], project=project, action="submit")
    project_transition(actor=logins["office"], project=project, action="return", comment="目标值缺少基准")

    (fix,) = inbox_list(user=logins["sec_owner"])
    assert (fix.kind, fix.subject) == (RETURNED, "项目被退回：目标值缺少基准")
    assert "目标值缺少基准" in fix.text
    assert inbox_count(user=logins["office"]) == inbox_count(user=logins["sec_parent"]) == 0

    project_transition(actor=logins["sec_owner"], project=project, action="submit")
    assert inbox_count(user=logins["sec_owner"]) == 0
    fix.refresh_from_db()
    assert fix.state == Notification.State.DONE
    # asked again: a new item each for the approvers, the first round's stays done
    assert inbox_count(user=logins["office"]) == 1
    assert Notification.objects.filter(kind=APPROVE, recipient=logins["office"]).count() == 2

    project_transition(actor=logins["office"], project=project, action="reject", comment="与生产主题无关")
    assert inbox_count(user=logins["office"]) == inbox_count(user=logins["sec_parent"]) == 0
    assert kinds(logins["sec_owner"]) == [DECIDED, RETURNED]
    assert notification_list(user=logins["sec_owner"], kinds=[DECIDED]).get().subject == "项目未获批准"


def test_cancelling_a_submitted_project_closes_the_approvers_items(logins, make_project):
    project = make_project()
    project_transition(actor=logins["sec_owner"], project=project, action="submit")
    project_transition(actor=logins["sec_owner"], project=project, action="cancel", comment="合并到另一个项目")
    assert inbox_count(user=logins["office"]) == 0
    assert kinds(logins["office"]) == [APPROVE]
