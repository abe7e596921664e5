"""The notifications page on a phone: a meeting reminder shows on the home page and on the one notifications page, and
"mark read" (htmx) updates its row in place. Screenshots: artifacts/screenshots/notifications-*.png."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dangjian.core.models import Notification
from dangjian.core.notifications.services import notify
from dangjian.meetings.services.reminders import KIND, SUBJECT, TEXT
from tests.factories import TEST_PASSWORD, account_with_role

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def secretary(transactional_db, company):
    user = account_with_role("secretary", company["branch_a"], username="n_sec")
    notify(
        recipients=[user],
        kind=KIND,
        subject=SUBJECT,
        text=TEXT,
        params={"org": company["branch_a"].name, "type": "主题党日", "period": "2026-06", "end": "2026-06-30"},
        link=reverse("meetings:calendar", kwargs={"pk": company["branch_a"].pk}),
        about=company["branch_a"],
        key=f"{KIND}:{company['branch_a'].pk}:themed_day:2026-06",
    )
    return user


def test_reminder_on_home_and_marked_read_on_the_notifications_page(browser, live_server, secretary, screenshot_dir):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", "n_sec")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("[data-testid=login-submit]").click()
    page.wait_for_url(re.compile(r".*/$"))
    expect(page.locator("[data-testid=home-meeting-reminders]")).to_contain_text("尚未召开")
    page.screenshot(path=str(screenshot_dir / "notifications-home.png"), full_page=True)

    page.goto(live_server.url + reverse("core:notifications"))
    notification = Notification.objects.get(recipient=secretary)
    row = page.locator(f"#notification-row-{notification.pk}")
    expect(row).to_contain_text("2026-06")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(screenshot_dir / "notifications-list.png"), full_page=True)
    url = page.url
    page.locator(f"[data-testid=read-{notification.pk}]").click()
    expect(page.locator(f"[data-testid=read-{notification.pk}]")).to_have_count(0)
    expect(page.locator(f"#notification-row-{notification.pk}")).to_contain_text("已读")
    assert page.url == url  # swapped in place, no reload
    page.screenshot(path=str(screenshot_dir / "notifications-read.png"), full_page=True)
    notification.refresh_from_db()
    assert notification.read_at is not None

    page.goto(live_server.url + reverse("home"))
    expect(page.locator("[data-testid=home-meeting-reminders]")).to_have_count(0)
    context.close()
