"""Employees' concerns as work in people's inboxes: every step asks the one who must act next (one item per
recipient, request and step), links to the request, and is closed by the step that does the work, whoever takes it;
a closed request leaves nothing open; the home page's count equals the inbox page's list."""

import datetime as dt

import pytest
from django.urls import reverse

from dangjian.core.models import Notification
from dangjian.core.notifications.selectors import inbox_list
from dangjian.core.services import SYSTEM
from dangjian.service import notices
from dangjian.service.services import escalate_breaches, request_submit, request_transition
from tests.factories import account_with_role

pytestmark = pytest.mark.django_db


def submit(actor, **kwargs):
    fields = {"category": "welfare", "title": "更衣室漏水", "description": "更衣室屋顶漏水。"}
    return request_submit(actor=actor, **{**fields, **kwargs})


def inbox(user):
    return [(n.kind, n.object_id) for n in inbox_list(user=user)]


def step(actor, request, action, **kwargs):
    return request_transition(actor=actor, request=request, action=action, **kwargs)


def test_each_step_asks_the_next_one_and_the_work_closes_it(company, logins, people):
    request = submit(logins["submitter"])
    link = reverse("service:detail", kwargs={"pk": request.pk})
    assert inbox(logins["sec_a"]) == inbox(logins["office"]) == [("service.submitted", request.pk)]
    assert inbox_list(user=logins["sec_a"]).get().link == link

    # the office accepts it: closed for the secretary too; the handler is asked to resolve it
    step(logins["office"], request, "accept", handler=people["handler"])
    assert inbox(logins["sec_a"]) == inbox(logins["office"]) == []
    assert inbox(logins["handler"]) == [("service.accepted", request.pk)]
    assert inbox(logins["leader"]) == []  # a leader is told only what is assigned or escalated to them

    # the secretary resolves it for the handler: the handler's item is done all the same
    step(logins["sec_a"], request, "resolve", comment="已修好")
    assert inbox(logins["handler"]) == []
    assert inbox(logins["submitter"]) == [("service.resolved", request.pk)]

    step(logins["submitter"], request, "reopen", comment="还在漏")
    assert inbox(logins["submitter"]) == []
    assert inbox(logins["handler"]) == [("service.reopened", request.pk)]
    step(logins["handler"], request, "resolve", comment="屋顶重做防水")
    assert inbox(logins["handler"]) == []
    assert inbox(logins["submitter"]) == [("service.resolved", request.pk)]  # the second answer: asked again
    step(logins["submitter"], request, "rate", rating=5)
    step(logins["sec_a"], request, "close")
    assert Notification.objects.filter(object_id=request.pk, action=True, done_at__isnull=True).count() == 0
    # one item per recipient and step: accepted once, resolved twice (before and after the reopening)
    assert sorted(Notification.objects.filter(recipient=logins["submitter"]).values_list("kind", flat=True)) == [
        "service.resolved",
        "service.resolved",
    ]


def test_escalation_asks_the_superior_and_a_closed_request_closes_everything(company, logins, people):
    root_leader = account_with_role("secretary", company["root"], username="s_root_sec")
    request = submit(logins["submitter"])
    assert escalate_breaches(actor=SYSTEM, today=request.accept_due + dt.timedelta(days=1)) == 1
    # escalated to ROOT: its secretary and 党群工作部 are asked (they were told it arrived, as managers above BA)
    both = [("service.escalated", request.pk), ("service.submitted", request.pk)]
    assert inbox(root_leader) == inbox(logins["office"]) == both
    assert inbox(logins["sec_a"]) == [("service.submitted", request.pk)]
    # replaying the escalation sends nothing again (one per recipient, request and step)
    request.refresh_from_db()
    assert notices.notify(request, "escalated") == 0
    step(logins["sec_a"], request, "accept", handler=people["handler"])
    assert inbox(root_leader) == [("service.escalated", request.pk)]  # accepted late: followed until resolved
    step(logins["handler"], request, "resolve", comment="已修好")
    assert inbox(root_leader) == inbox(logins["office"]) == inbox(logins["sec_a"]) == []


def test_the_home_count_equals_the_inbox_page(client, company, logins, people, django_assert_max_num_queries):
    for n in range(8):
        submit(logins["submitter"], title=f"诉求{n}")
    done = submit(logins["submitter"], title="已受理的诉求")
    step(logins["sec_a"], done, "accept", handler=people["handler"])
    client.force_login(logins["sec_a"])
    client.get(reverse("home"))
    with django_assert_max_num_queries(25):
        home = client.get(reverse("home")).content.decode()
    assert 'data-testid="inbox-count">8<' in home
    assert home.count('data-testid="inbox-item"') == 6  # the newest six; the rest one click away
    page = client.get(reverse("core:notifications") + "?tab=inbox").content.decode()
    assert 'data-testid="inbox-count">8<' in page
    assert page.count('id="notification-row-') == 8 and "已受理的诉求" not in page
    assert "去受理" in page and "去受理" in home
