"""Party dues in a real Chromium: on a 375 px phone the branch secretary opens last month's sheet, ticks a member with
a voluntary extra, records the payment and closes the month; on a desktop 党群工作部 sees the collection up the tree
with the branch's month closed, and the bases with the July recalculation. Screenshots: artifacts/screenshots/dues-*."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from dangjian.affairs.dues import services
from dangjian.affairs.dues.models import DuesPayment, Reconciliation
from dangjian.affairs.dues.rates import dues_year
from dangjian.core.services import SYSTEM
from tests.factories import TEST_PASSWORD, PersonFactory, account_with_role

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
LAST = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def login(page, base, username):
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


@pytest.mark.django_db(transaction=True)
def test_secretary_collects_on_a_phone_and_the_office_sees_it_handed_up(company, live_server, browser, screenshot_dir):
    a = company["person_a"]
    mate = PersonFactory(branch=company["branch_a"], member=True, name="周强")
    services.base_set(actor=SYSTEM, person=a, year=dues_year(LAST), base="5000.01")  # 75.00
    services.base_set(actor=SYSTEM, person=mate, year=dues_year(LAST), base="3000")  # 15.00
    account_with_role("secretary", company["branch_a"], username="d_sec")
    account_with_role("party_office", company["root"], username="d_office")
    base = live_server.url

    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    login(page, base, "d_sec")
    page.goto(f"{base}{reverse('dues:sheet')}?org=BA&month={LAST:%Y-%m}")
    page.get_by_role("checkbox", name="李明").check()
    page.fill(f"input[name=extra_{a.pk}]", "100")
    page.select_option("select[name=channel]", label="微信支付")
    page.get_by_test_id("collect").click()
    expect(page.get_by_test_id("total-paid")).to_have_text("75.00")
    expect(page.get_by_test_id(f"row-{a.employee_no}")).to_contain_text("微信支付")
    page.screenshot(path=str(screenshot_dir / "dues-sheet-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1  # no sideways scrolling of the page
    payment = DuesPayment.objects.get(person=a, month=LAST)
    assert (payment.amount, payment.extra, payment.channel) == (Decimal("75.00"), Decimal("100.00"), "wechat")
    page.get_by_test_id("reconcile").click()
    expect(page.get_by_test_id("dues-reconciled")).to_be_visible()
    closed = Reconciliation.objects.get(org=company["branch_a"], month=LAST)
    assert (closed.paid, closed.extra, closed.arrears) == (Decimal("75.00"), Decimal("100.00"), Decimal("15.00"))
    page.close()

    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    login(page, base, "d_office")
    page.goto(f"{base}{reverse('dues:collection')}?year={LAST.year}")
    table = page.get_by_test_id("dues-collection")
    expect(table.locator("tr", has_text="电解一车间党支部")).to_contain_text("✓")
    expect(table.locator("tr", has_text="公司党委")).to_contain_text("75.00")
    page.screenshot(path=str(screenshot_dir / "dues-collection-desktop.png"), full_page=True)
    page.goto(f"{base}{reverse('dues:bases')}?year={dues_year(LAST) + 1}")
    page.get_by_test_id("recalculate").click()
    expect(page.get_by_test_id("bases-summary")).to_contain_text("沿用上年 2")
    page.screenshot(path=str(screenshot_dir / "dues-bases-desktop.png"), full_page=True)
    page.close()
