"""One employee concern's whole journey in a real Chromium: an employee on a 375 px phone raises it anonymously with
a photo; the branch secretary accepts it, assigns it to themself and resolves it — without ever seeing who sent it;
the employee rates it on the phone; it shows on the board of resolved matters.

Screenshots (phone and desktop) go to artifacts/screenshots/service-*.png for a person to look at.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dangjian.core.services import SYSTEM
from dangjian.org.services import seat_assign
from dangjian.service.models import ServiceRequest
from tests.factories import TEST_PASSWORD, PersonFactory, account_with_role

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200


@pytest.fixture
def cast(transactional_db, company):
    branch_a = company["branch_a"]
    secretary = PersonFactory(branch=branch_a, member=True, name="赵书记")
    account_with_role("secretary", branch_a, person=secretary, username="secretary")
    seat_assign(actor=SYSTEM, org=branch_a, person=secretary, role="secretary", since=dt.date(2020, 1, 1))
    worker = PersonFactory(branch=branch_a, name="钱师傅")
    account_with_role("employee", branch_a, person=worker, username="worker")
    account_with_role("party_office", company["root"], username="office")
    return {"secretary": secretary, "worker": worker}


def login(browser, base, username, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))
    return page


def test_an_anonymous_concern_from_a_phone_to_the_board(browser, live_server, cast, screenshot_dir, tmp_path):
    base = live_server.url
    phone = login(browser, base, "worker", PHONE)
    phone.goto(base + reverse("service:mine"))
    phone.click("[data-testid=new-request]")
    phone.select_option("select[name=category]", "environment")
    phone.fill("input[name=title]", "更衣室屋顶漏水")
    phone.fill("textarea[name=description]", "下雨天更衣室屋顶漏水，衣柜受潮。")
    phone.check("input[name=anonymous]")
    phone.check("input[name=public]")
    photo = tmp_path / "漏水.jpg"
    photo.write_bytes(JPEG)
    phone.set_input_files("input[name=attachments]", str(photo))
    phone.screenshot(path=str(screenshot_dir / "service-submit-phone.png"), full_page=True)
    phone.click("[data-testid=send]")
    expect(phone.locator("[data-testid=private-link]")).to_be_visible()
    request = ServiceRequest.objects.get()
    assert request.anonymous and request.attachments.count() == 1
    phone.screenshot(path=str(screenshot_dir / "service-request-phone.png"), full_page=True)
    wide = phone.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 376)"
        ".map(e => e.tagName + '.' + e.className).slice(0, 8)"
    )
    # no horizontal scrolling at 375 px
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], wide

    desk = login(browser, base, "secretary", DESKTOP)
    desk.goto(base + reverse("service:queue"))
    expect(desk.locator("[data-testid=queue]")).to_contain_text("更衣室屋顶漏水")
    desk.screenshot(path=str(screenshot_dir / "service-queue-desktop.png"), full_page=True)
    desk.click("[data-testid=queue] >> text=更衣室屋顶漏水")
    expect(desk.locator("[data-testid=submitter]")).to_have_text("匿名")
    assert "钱师傅" not in desk.content()
    desk.select_option("select[name=handler]", str(cast["secretary"].pk))
    desk.click("[data-testid=step-accept]")
    desk.wait_for_load_state()
    desk.screenshot(path=str(screenshot_dir / "service-accepted-desktop.png"), full_page=True)
    desk.fill("textarea[name=comment]", "已更换屋面防水卷材。")
    desk.click("[data-testid=step-resolve]")
    expect(desk.locator("[data-testid=resolution]")).to_contain_text("防水卷材")
    assert "钱师傅" not in desk.content()
    desk.screenshot(path=str(screenshot_dir / "service-resolved-desktop.png"), full_page=True)

    phone.goto(base + reverse("service:track", args=[request.token]))
    phone.select_option("select[name=rating]", "5")
    phone.click("[data-testid=step-rate]")
    expect(phone.locator("[data-testid=rating]")).to_have_text("★★★★★")
    phone.goto(base + reverse("service:board"))
    expect(phone.locator("[data-testid=board]")).to_contain_text("更衣室屋顶漏水")
    expect(phone.locator("[data-testid=board]")).to_contain_text("匿名反映")
    phone.screenshot(path=str(screenshot_dir / "service-board-phone.png"), full_page=True)

    office = login(browser, base, "office", DESKTOP)
    office.goto(base + reverse("service:dashboard"))
    expect(office.locator("[data-testid=satisfaction]")).to_have_text("5.00")
    office.wait_for_timeout(1500)
    office.screenshot(path=str(screenshot_dir / "service-dashboard-desktop.png"), full_page=True)
