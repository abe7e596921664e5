"""The leaders' cockpit in a real Chromium: the leader follows the home page's link to the cockpit, clicks a number and
lands on the project list showing the same count; the wall screen at 1920×1080 refreshes its parts without reloading
the page; 党群工作部 loads the default thresholds, moves one, and a cell of the colour map changes colour; the cockpit
on a 375 px phone. Screenshots: artifacts/screenshots/cockpit-*."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from dangjian.projects.projects.models import Domain, State
from dangjian.service.models import ServiceRequest
from dangjian.service.models import State as RequestState
from tests.factories import TEST_PASSWORD, PersonFactory, account_with_role
from tests.projects.factories import ProjectFactory

PHONE = {"width": 375, "height": 812}
WALL = {"width": 1920, "height": 1080}
DESKTOP = {"width": 1280, "height": 900}
TODAY = timezone.localdate()


def login(page, base, username):
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


def _world(company):
    a, b = company["branch_a"], company["branch_b"]
    for n, (owner, state, domain) in enumerate(
        [
            (a, State.IN_PROGRESS, Domain.PRODUCTION),
            (a, State.IN_PROGRESS, Domain.SAFETY_ENV),
            (a, State.PROPOSED, Domain.COST),
            (b, State.IN_PROGRESS, Domain.COST),
        ]
    ):
        ProjectFactory(owner=owner, state=state, domain=domain, code=f"BR-{n}", year=TODAY.year)
    # BA's one concern due so far is still open past its deadline: 0 % on time
    ServiceRequest.objects.create(
        category="welfare",
        title="澡堂热水不足",
        description="夜班下班后澡堂没有热水。",
        submitter=PersonFactory(branch=a, name="孙员工"),
        handling_org=a,
        state=RequestState.ACCEPTED,
        submitted_on=TODAY - dt.timedelta(days=30),
        accept_due=TODAY - dt.timedelta(days=27),
        resolve_due=TODAY - dt.timedelta(days=3),
        accepted_on=TODAY - dt.timedelta(days=29),
    )
    account_with_role("leader", company["root"], username="k_leader")
    account_with_role("party_office", company["root"], username="k_office")


@pytest.mark.django_db(transaction=True)
def test_leader_office_wall_and_phone(company, live_server, browser, screenshot_dir):
    _world(company)
    base = live_server.url

    # the leader: home → cockpit → a number → the list with the same count
    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    login(page, base, "k_leader")
    page.get_by_test_id("home-cockpit-link").click()
    expect(page.get_by_test_id("cockpit-heading")).to_contain_text("驾驶舱")
    number = page.get_by_test_id("state-in_progress")
    expect(number).to_have_text("3")
    page.screenshot(path=str(screenshot_dir / "cockpit-desktop.png"), full_page=True)
    number.click()
    page.wait_for_url(re.compile(r".*/projects/\?.*state=in_progress"))
    expect(page.get_by_test_id("project-count")).to_contain_text("3")
    page.close()

    # the wall screen at 1920×1080: a part refreshes while the page stays the same page
    page = browser.new_page(viewport=WALL, locale="zh-CN")
    login(page, base, "k_leader")
    page.goto(f"{base}{reverse('cockpit:wall')}?refresh=2")
    expect(page.get_by_test_id("wall-heading")).to_contain_text("领导驾驶舱")
    page.evaluate("window.__notReloaded = true")
    before = page.get_by_test_id("part-projects").get_attribute("data-updated")
    with page.expect_response(lambda r: "/cockpit/part/" in r.url and "name=projects" in r.url, timeout=10_000):
        pass
    page.wait_for_function(
        "old => document.querySelector('[data-testid=part-projects]').dataset.updated !== old", arg=before
    )
    assert page.evaluate("window.__notReloaded") is True
    expect(page.get_by_test_id("part-projects").get_by_test_id("projects-total")).to_have_text("4")
    page.screenshot(path=str(screenshot_dir / "cockpit-wall-1920.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
    page.close()

    # 党群工作部: the map is grey until the defaults are loaded; moving a threshold changes a cell's colour
    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    login(page, base, "k_office")
    page.goto(base + reverse("cockpit:map"))
    cell = page.get_by_test_id("cell-BA-concerns")
    expect(cell).to_have_attribute("data-grade", "grey")
    expect(page.get_by_test_id("no-thresholds")).to_be_visible()
    page.get_by_test_id("thresholds-link").click()
    page.get_by_test_id("load-defaults").click()
    page.goto(base + reverse("cockpit:map"))
    expect(cell).to_have_attribute("data-grade", "red")
    page.goto(base + reverse("cockpit:thresholds"))
    form = page.get_by_test_id("threshold-concerns")
    form.locator("input[name=green_from]").fill("50")
    form.locator("input[name=yellow_from]").fill("10")
    form.locator("input[name=orange_from]").fill("0")
    page.get_by_test_id("save-concerns").click()
    page.goto(base + reverse("cockpit:map"))
    expect(cell).to_have_attribute("data-grade", "orange")
    page.screenshot(path=str(screenshot_dir / "cockpit-map-desktop.png"), full_page=True)
    cell.click()
    page.wait_for_url(re.compile(r".*/service/dashboard/"))
    page.close()

    # the cockpit on a phone: one column, no sideways scrolling
    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    login(page, base, "k_leader")
    page.goto(base + reverse("cockpit:page"))
    expect(page.get_by_test_id("projects-total")).to_have_text("4")
    page.screenshot(path=str(screenshot_dir / "cockpit-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    page.goto(base + reverse("cockpit:map"))
    page.screenshot(path=str(screenshot_dir / "cockpit-map-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    page.close()
