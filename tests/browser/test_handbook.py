"""The handbook in a real Chromium: on a phone (375 px) a secretary opens a 党员大会 record and sees its procedure,
the steps its data proves ticked (attendance, minutes, actions) and the missing ones listed, and ticks a step by
hand; the office loads the standard templates on an empty install and publishes a new version (the meeting keeps
version 1); the secretary reads their duty list with the records that prove it. Screenshots go to
artifacts/screenshots/handbook-*.png."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dangjian.core.services import SYSTEM
from dangjian.handbook import services
from dangjian.meetings import services as meetings
from dangjian.org.models import CommitteeSeat
from tests.factories import TEST_PASSWORD, PersonFactory, account_with_role

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def branch(transactional_db, company):
    branch = company["branch_a"]
    secretary = PersonFactory(branch=branch, member=True, name="张书记")
    people = [company["person_a"], secretary] + [PersonFactory(branch=branch, member=True) for _ in range(3)]
    CommitteeSeat.objects.create(org=branch, person=secretary, role="secretary", since=dt.date(2020, 1, 1))
    account_with_role("secretary", branch, person=secretary, username="hb_sec_browser")
    account_with_role("party_office", company["root"], username="hb_office_browser")
    year = dt.date.today().year
    meeting = meetings.meeting_record(
        actor=SYSTEM,
        org=branch,
        meeting_type="general_assembly",
        held_on=dt.date(year, 1, 20),
        topic="讨论接收预备党员",
        agenda="学习；表决",
        minutes="<p>书记通报支部工作。</p>",
        host=secretary,
        recorder=people[2],
        attendance=[meetings.Mark(p, "present") for p in people],
        follow_ups=[meetings.ActionIn("落实发展党员材料", people[0], dt.date(year, 2, 20))],
    )
    meetings.meeting_record(
        actor=SYSTEM,
        org=branch,
        meeting_type="lecture",
        held_on=dt.date(year, 1, 24),
        topic="书记讲党课",
        lecturer=secretary,
        attendance=[meetings.Mark(p, "present") for p in people],
    )
    duty_list = services.duty_list_save(
        actor=SYSTEM, org=branch, kind="secretary", holder=secretary, year=year, title=f"{year}年张书记抓党建责任清单"
    )
    services.duty_item_save(
        actor=SYSTEM, duty_list=duty_list, text="每年至少为党员讲一次党课", proof="lectures_given", target=1
    )
    services.duty_item_save(
        actor=SYSTEM, duty_list=duty_list, text="主持召开支委会、党员大会", proof="meetings_hosted", target=6
    )
    services.duty_item_save(actor=SYSTEM, duty_list=duty_list, text="推进本支部党建+X项目")
    return {"branch": branch, "meeting": meeting, "duty_list": duty_list, "root": company["root"]}


def login(page, base: str, username: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


def no_overflow(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"{page.url} overflows: {width}px"


def test_handbook_journey(branch, live_server, browser, screenshot_dir):
    base = live_server.url
    errors = []

    # The office loads the standard templates on an empty install.
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, base, "hb_office_browser")
    page.goto(base + reverse("handbook:procedures"))
    expect(page.get_by_test_id("standard-offer")).to_be_visible()
    page.get_by_test_id("load-standard").click()
    expect(page.get_by_test_id("procedures")).to_contain_text("支部党员大会标准化指导书")
    page.screenshot(path=str(screenshot_dir / "handbook-procedures-desktop.png"), full_page=True)
    context.close()

    # On a phone, the secretary opens the meeting record: proved steps ticked, the missing listed; ticks one by hand.
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, base, "hb_sec_browser")
    page.goto(base + reverse("meetings:detail", args=[branch["meeting"].pk]))
    checklist = page.get_by_test_id("handbook-checklist")
    expect(checklist).to_contain_text("支部党员大会标准化指导书")
    expect(checklist).to_contain_text("第1版")
    signed = checklist.get_by_test_id("step").filter(has_text="签到，报告应到、实到人数")
    expect(signed).to_have_attribute("data-done", "1")
    expect(signed).to_contain_text("数据已核验")
    expect(checklist.get_by_test_id("missing")).to_contain_text("落实会议决定，按期销号")
    no_overflow(page)
    page.screenshot(path=str(screenshot_dir / "handbook-meeting-phone.png"), full_page=True)
    manual = checklist.get_by_test_id("step").filter(has_text="支委会报告工作，党员审议")
    expect(manual).to_have_attribute("data-done", "0")
    manual.get_by_test_id("tick").click()
    expect(
        page.get_by_test_id("handbook-checklist").get_by_test_id("step").filter(has_text="支委会报告工作")
    ).to_have_attribute("data-done", "1")
    page.screenshot(path=str(screenshot_dir / "handbook-meeting-ticked-phone.png"), full_page=True)

    # The secretary's duty list: the lecture proves one duty, with a link to the record.
    page.goto(base + reverse("handbook:duties"))
    page.get_by_text(f"{dt.date.today().year}年张书记抓党建责任清单").click()
    lecture = page.get_by_test_id("duty").filter(has_text="每年至少为党员讲一次党课")
    expect(lecture).to_have_attribute("data-done", "1")
    expect(lecture.get_by_test_id("evidence")).to_contain_text("书记讲党课")
    expect(page.get_by_test_id("duty-progress")).to_contain_text("1/3")
    no_overflow(page)
    page.screenshot(path=str(screenshot_dir / "handbook-duties-phone.png"), full_page=True)
    context.close()

    # The office publishes a new version; the meeting record keeps version 1.
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, base, "hb_office_browser")
    page.goto(base + reverse("handbook:procedures"))
    page.get_by_text("支部党员大会标准化指导书").click()
    page.get_by_test_id("publish").click()
    steps = page.locator("textarea[name=steps]")
    steps.fill(steps.input_value() + "\n会后 | 会议决议报上级党组织备案 | 书记")
    page.fill("input[name=note]", "新增：决议报备")
    page.screenshot(path=str(screenshot_dir / "handbook-publish-desktop.png"), full_page=True)
    page.get_by_role("button", name="发布").click()
    expect(page.get_by_test_id("version")).to_contain_text("第2版")
    expect(page.get_by_test_id("steps").last).to_contain_text("会议决议报上级党组织备案")
    page.goto(base + reverse("meetings:detail", args=[branch["meeting"].pk]))
    expect(page.get_by_test_id("handbook-checklist")).to_contain_text("第1版")
    context.close()
    assert errors == []
