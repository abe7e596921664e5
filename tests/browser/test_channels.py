"""Notification channels in a real Chromium: on a 375 px phone a member opens 我的通知渠道 from the account menu and
chooses the daily digest for WeCom; on a desktop 党群工作部 reads the delivery log filtered to failed messages.
Screenshots: artifacts/screenshots/channels-*."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dangjian.channels.models import ChannelAddress, ChannelPreference, Delivery
from dangjian.core.models import Notification
from tests.factories import TEST_PASSWORD, account_with_role

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def login(page, base, username):
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


@pytest.mark.django_db(transaction=True)
def test_a_member_chooses_a_digest_on_a_phone_and_the_office_reads_the_log(
    company, live_server, browser, screenshot_dir
):
    member = account_with_role(
        "member", company["branch_a"], person=company["person_a"], username="c_member", email="liming@example.com"
    )
    ChannelAddress.objects.create(account=member, channel="wecom", address="liming")
    ChannelAddress.objects.create(account=member, channel="sms", address="13800138000")
    account_with_role("party_office", company["root"], username="c_office")
    notification = Notification.objects.create(recipient=member, kind="meetings.due", subject="会议提醒", text="t")
    Delivery.objects.create(
        notification=notification,
        channel="wecom",
        recipient=member,
        org=company["branch_a"],
        state="failed",
        attempts=6,
        last_error="WeCom message/send: -1 system busy",
    )
    base = live_server.url

    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    login(page, base, "c_member")
    page.locator(".navbar-toggler").click()
    # The collapsed menu opens with a transition; a click on the account menu while it runs is lost.
    expect(page.locator(".navbar-collapse.show")).to_be_visible()
    page.wait_for_function("!document.querySelector('.navbar-collapse.collapsing')")
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("channel-preferences-link").click()
    expect(page.get_by_test_id("channel-sms")).to_contain_text("138****8000")
    page.select_option("select[name=wecom]", "digest")
    page.select_option("select[name=sms]", "off")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("通知渠道已保存")
    page.screenshot(path=str(screenshot_dir / "channels-preferences-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    assert dict(ChannelPreference.objects.filter(account=member).values_list("channel", "mode")) == {
        "email": "immediate",
        "wecom": "digest",
        "dingtalk": "immediate",
        "sms": "off",
    }
    page.close()

    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    login(page, base, "c_office")
    page.goto(base + reverse("channels:deliveries"))
    page.select_option("select[name=state]", "failed")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_test_id("deliveries").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("deliveries")).to_contain_text("失败")
    page.get_by_test_id("deliveries").locator("tbody a").first.click()
    expect(page.get_by_test_id("delivery")).to_contain_text("system busy")
    page.screenshot(path=str(screenshot_dir / "channels-delivery-desktop.png"), full_page=True)
    page.close()
