"""The work inbox in a real Chromium: a secretary submits a project on a 375 px phone; 党群工作部 finds it at the top
of its home page (待办) at desktop width, opens it with the item's one click and approves it; the item leaves the
office's inbox (its count drops to the empty state) and the secretary's home page shows the approval notice — which
also reaches the secretary's WeCom (企业微信) as an application message, checked by the vendor's local fake.
Screenshots: artifacts/screenshots/inbox-*.png."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dangjian.channels.models import ChannelAddress
from dangjian.core.models import Notification
from dangjian.core.services import SYSTEM
from dangjian.org.services import seat_assign
from dangjian.projects.projects.models import Project
from tests.channels.conftest import SITE, fake_servers, vendors  # noqa: F401 (the WeCom fake, as fixtures)
from tests.factories import TEST_PASSWORD, PersonFactory, account_with_role
from tests.projects.factories import GoalFactory, ProjectFactory

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}
TITLE = "党建+安全：电解槽作业零违章"


@pytest.fixture
def journey(transactional_db, company):
    branch_a = company["branch_a"]
    person = PersonFactory(branch=branch_a, member=True, name="赵书记")
    secretary = account_with_role("secretary", branch_a, person=person, username="secretary")
    # The secretary is reached on WeCom (企业微信) as userid "zhaoshuji"; no channel preference: at once.
    ChannelAddress.objects.create(account=secretary, channel="wecom", address="zhaoshuji")
    seat_assign(actor=SYSTEM, org=branch_a, person=person, role="secretary", since=dt.date(2020, 1, 1))
    account_with_role("party_office", company["root"], username="office")
    project = ProjectFactory(owner=branch_a, title=TITLE, code="QN-2026-031", secretary=person)
    GoalFactory(project=project, indicator_name="作业违章次数", baseline=3, target=0, direction="lower")
    return project


def sign_in(browser, base, username, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))
    return context, page


def fits(page, viewport) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1


def test_submit_find_in_the_inbox_approve_and_hear_back(journey, vendors, live_server, browser, screenshot_dir):  # noqa: F811
    base, project = live_server.url, journey
    vendors.wecom.known_users = {"zhaoshuji"}

    # The secretary, on a phone: nothing waits yet; submits the project from its page.
    secretary, phone = sign_in(browser, base, "secretary", PHONE)
    expect(phone.locator("[data-testid=inbox-empty]")).to_be_visible()
    phone.goto(base + reverse("projects:detail", args=[project.pk]))
    phone.locator("[data-testid=action-submit]").click()
    phone.wait_for_url(re.compile(rf".*/projects/{project.pk}/$"))
    expect(phone.locator(".alert-success")).to_be_visible()
    fits(phone, PHONE)
    phone.screenshot(path=str(screenshot_dir / "inbox-1-submitted-phone.png"), full_page=True)

    # 党群工作部, at a desk: the project waits at the top of the home page, one click from the approval.
    office_context, desk = sign_in(browser, base, "office", DESKTOP)
    inbox = desk.locator("[data-testid=inbox]")
    expect(inbox.locator("[data-testid=inbox-count]")).to_have_text("1")
    item = inbox.locator("[data-testid=inbox-item]")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("项目待审批")
    expect(item).to_contain_text(TITLE)
    desk.screenshot(path=str(screenshot_dir / "inbox-2-office-home-desktop.png"), full_page=True)
    item.get_by_role("link", name="去审批").click()
    desk.wait_for_url(re.compile(rf".*/projects/{project.pk}/$"))
    desk.fill("[data-testid=transition-form] textarea[name=comment]", "目标明确，措施可行，同意立项。")
    desk.locator("[data-testid=action-approve]").click()
    desk.wait_for_url(re.compile(rf".*/projects/{project.pk}/$"))
    expect(desk.locator(".alert-success")).to_be_visible()
    project.refresh_from_db()
    assert project.state == "approved"

    # The item has left the office's inbox, on the home page and on the inbox tab alike.
    desk.goto(base + reverse("home"))
    expect(desk.locator("[data-testid=inbox] [data-testid=inbox-count]")).to_have_text("0")
    expect(desk.locator("[data-testid=inbox-empty]")).to_be_visible()
    desk.goto(base + reverse("core:notifications") + "?tab=inbox")
    expect(desk.locator("[data-testid=inbox-empty]")).to_be_visible()
    desk.goto(base + reverse("core:notifications") + "?tab=all")
    expect(desk.locator("[data-testid=state-done]")).to_have_count(1)
    desk.screenshot(path=str(screenshot_dir / "inbox-3-office-done-desktop.png"), full_page=True)

    # The secretary hears back on the home page, and the notice links to the project.
    phone.goto(base + reverse("home"))
    news = phone.locator("[data-testid=inbox-news] [data-testid=news-item]")
    expect(news).to_have_count(1)
    expect(news).to_contain_text("项目已批准")
    expect(news).to_contain_text(TITLE)
    fits(phone, PHONE)
    phone.screenshot(path=str(screenshot_dir / "inbox-4-secretary-notice-phone.png"), full_page=True)
    news.get_by_role("link").click()
    phone.wait_for_url(re.compile(rf".*/projects/{project.pk}/$"))
    notice = Notification.objects.get(kind="projects.decided")
    assert (notice.recipient.username, notice.action) == ("secretary", False)

    # The same notice reached the secretary's WeCom: one application message to their userid, with the title and
    # the link to the project (the fake checked the token it issued, the agent id and the card's limits).
    (message,) = [r["payload"] for r in vendors.wecom.sent() if r["payload"]["touser"] == "zhaoshuji"]
    assert message["msgtype"] == "textcard" and message["agentid"] == vendors.wecom.AGENT_ID
    assert message["textcard"]["title"] == notice.subject and "项目已批准" in notice.subject
    assert TITLE in message["textcard"]["description"]
    assert message["textcard"]["url"] == SITE + reverse("projects:detail", args=[project.pk])
    assert Project.objects.get(pk=project.pk).state == "approved"
    secretary.close()
    office_context.close()
