"""Transfers in a real Chromium on a 375 px phone: BA's secretary asks to move 李明 to BB, 党群工作部 approves it from
the home page's list, BA's secretary sends the letter (its number shown, the PDF opens), BB's secretary confirms the
arrival — and 李明 is in BB. Screenshots go to artifacts/screenshots/transfers-*.png."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dangjian.org.models import Person
from tests.factories import TEST_PASSWORD, account_with_role

PHONE = {"width": 375, "height": 812}


def login(page, base, username):
    page.context.clear_cookies()
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


@pytest.mark.django_db(transaction=True)
def test_a_transfer_from_request_to_arrival_on_a_phone(company, live_server, browser, screenshot_dir):
    account_with_role("secretary", company["branch_a"], username="t_sec_a")
    account_with_role("secretary", company["branch_b"], username="t_sec_b")
    account_with_role("party_office", company["root"], username="t_office")
    base = live_server.url
    page = browser.new_page(viewport=PHONE, locale="zh-CN")

    login(page, base, "t_sec_a")
    page.goto(base + reverse("transfers:list"))
    page.get_by_test_id("new-internal").click()
    page.select_option("select[name=person]", index=1)
    page.select_option("select[name=to_org]", label="发电党支部")
    page.fill("input[name=reason]", "调任发电分公司")
    page.screenshot(path=str(screenshot_dir / "transfers-request-phone.png"), full_page=True)
    page.get_by_test_id("transfer-form").get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("transfer-status")).to_have_text("已申请")
    detail = page.url

    login(page, base, "t_office")
    expect(page.get_by_test_id("home-transfers")).to_contain_text("待审批")
    page.get_by_test_id("home-transfers").get_by_role("link", name="李明").click()
    page.get_by_role("button", name="批准", exact=True).click()
    expect(page.get_by_test_id("transfer-status")).to_have_text("已批准")

    login(page, base, "t_sec_a")
    page.goto(detail)
    page.get_by_role("button", name="开具介绍信").click()
    expect(page.get_by_test_id("transfer-status")).to_have_text("已开介绍信")
    expect(page.get_by_test_id("letter-no")).to_have_text(re.compile(r"ROOT-\d{4}-0001"))
    letter = page.request.get(base + page.get_by_test_id("letter").get_attribute("href"))
    assert letter.status == 200 and letter.body()[:4] == b"%PDF"
    assert Person.objects.get(pk=company["person_a"].pk).branch == company["branch_a"]

    login(page, base, "t_sec_b")
    expect(page.get_by_test_id("home-transfers")).to_contain_text("待确认报到")
    page.goto(detail)
    page.get_by_role("button", name="确认党员已报到").click()
    expect(page.get_by_test_id("transfer-status")).to_have_text("已确认")
    expect(page.get_by_test_id("transfer-steps").locator("li")).to_have_count(4)
    page.screenshot(path=str(screenshot_dir / "transfers-confirmed-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert Person.objects.get(pk=company["person_a"].pk).branch == company["branch_b"]
    page.close()
