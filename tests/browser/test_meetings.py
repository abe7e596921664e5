"""A secretary records a 党员大会 in a real Chromium at desktop and 375 px: choose the org and type, mark the roster
(one on leave with a reason), tick the procedure, add a follow-up action, save; the record shows the quorum; the
calendar and the 党群工作部 matrix show the quarter met. Screenshots go to artifacts/screenshots/meetings-*.png."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dangjian.meetings.models import Meeting
from dangjian.org.models import CommitteeSeat
from tests.factories import TEST_PASSWORD, PersonFactory, account_with_role

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def branch(transactional_db, company):
    branch = company["branch_a"]
    people = [company["person_a"]] + [PersonFactory(branch=branch, member=True, name=f"党员{i}") for i in range(6)]
    CommitteeSeat.objects.create(org=branch, person=people[0], role="secretary", since=dt.date(2020, 1, 1))
    account_with_role("secretary", branch, person=people[0], username="sec_browser")
    account_with_role("party_office", company["root"], username="office_browser")
    return {"branch": branch, "people": people}


def login(page, base: str, username: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_record_a_meeting_and_see_compliance(branch, live_server, browser, screenshot_dir, label, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    base = live_server.url
    login(page, base, "sec_browser")
    page.goto(base + reverse("meetings:list"))
    page.get_by_test_id("record-meeting").click()
    page.select_option("select[name=org]", "BA")
    page.select_option("select[name=meeting_type]", "general_assembly")
    page.get_by_role("button", name="下一步").click()
    form = page.get_by_test_id("meeting-form")
    expect(form).to_be_visible()
    year = dt.date.today().year - 1
    page.fill("input[name=held_on]", f"{year}-03-20")
    page.fill("input[name=topic]", "讨论接收预备党员")
    page.fill("textarea[name=minutes]", "书记通报支部工作。\n党员逐一发言。")
    away = branch["people"][6]
    page.select_option(f"select[name=att_{away.pk}]", "leave")
    page.fill(f"input[name=reason_{away.pk}]", "出差")
    page.check("input[name=vote_held]")
    page.check("input[name=check_prepared]")
    page.fill("input[name=action_0_text]", "落实发展党员材料")
    page.select_option("select[name=action_0_owner]", str(branch["people"][1].pk))
    page.fill("input[name=action_0_due]", f"{year}-04-20")
    page.screenshot(path=str(screenshot_dir / f"meetings-form-{label}.png"), full_page=True)
    page.get_by_test_id("save-meeting").click()
    expect(page.get_by_test_id("quorum")).to_contain_text("6")
    expect(page.get_by_test_id("counts")).to_contain_text("6")
    expect(page.get_by_test_id("minutes")).to_contain_text("党员逐一发言")
    page.screenshot(path=str(screenshot_dir / f"meetings-record-{label}.png"), full_page=True)
    meeting = Meeting.objects.get()
    assert meeting.vote_held and meeting.attendance.filter(status="leave", reason="出差").count() == 1
    page.goto(base + reverse("meetings:calendar", args=[branch["branch"].pk]) + f"?year={year}")
    expect(page.get_by_test_id("rule-general_assembly")).to_contain_text(f"{year}-Q1")
    page.screenshot(path=str(screenshot_dir / f"meetings-calendar-{label}.png"), full_page=True)
    context.close()

    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    login(page, base, "office_browser")
    page.goto(base + reverse("meetings:matrix") + f"?year={year}")
    expect(page.get_by_test_id("matrix")).to_contain_text("电解一车间党支部")
    page.screenshot(path=str(screenshot_dir / f"meetings-matrix-{label}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"] + 1, f"the page scrolls sideways at {label}: {width}px"
    context.close()
    assert errors == []
