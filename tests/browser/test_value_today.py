"""The team leader's 今日填报 on a 375 px phone: the home page's button opens yesterday's entry form of their own crew
while its record is missing; saving it closes the "record missing" work notification, and the button then opens
today's form. Screenshots: artifacts/screenshots/value-today-375*.png."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dangjian.core.models import Notification
from dangjian.value.inbox import missing_records_notify
from dangjian.value.models import AccountingUnit, DailyRecord, GroupItem, Item, ItemPrice, PeerGroup
from tests.browser.test_value import login
from tests.factories import PersonFactory, UnitFactory, account_with_role

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def crew(transactional_db, company):
    group = PeerGroup.objects.create(code="ELEC", name="电解横班", org=company["root"])
    item = Item.objects.create(code="AL", name="原铝", kind="output", unit_of_measure="t", org=company["root"])
    ItemPrice.objects.create(item=item, effective_from=dt.date(2020, 1, 1), price="15000")
    GroupItem.objects.create(group=group, item=item, sort_order=0)
    unit = UnitFactory(code="C1", name="电解一车间甲班", kind="shift_crew", parent=company["workshop"])
    team = AccountingUnit.objects.create(unit=unit, group=group, org=company["branch_a"])
    person = PersonFactory(branch=company["branch_a"], unit=unit, name="赵班长")
    account_with_role("team_leader", company["branch_a"], person=person, username="banzhang")
    return team


def test_team_leader_taps_today_s_entry_and_the_inbox_item_is_done(
    crew, live_server, browser, screenshot_dir, settings
):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    settings.VALUE_MISSING_HOUR = 0  # whatever the hour the test runs at
    missing_records_notify()
    assert Notification.objects.filter(kind="value.missing", done_at__isnull=True).count() == 1
    phone = browser.new_page(viewport=PHONE, locale="zh-CN")
    login(phone, live_server.url, "banzhang")
    button = phone.get_by_test_id("value-today")
    expect(button).to_have_text("今日填报")
    phone.screenshot(path=screenshot_dir / "value-today-375-home.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    button.click()
    phone.wait_for_url(f"**/value/entry/?unit={crew.pk}&date={yesterday.isoformat()}")
    phone.fill("input[name=hours]", "96")
    phone.fill("input[name=AL]", "12")
    phone.screenshot(path=screenshot_dir / "value-today-375-entry.png", full_page=True)
    phone.get_by_test_id("entry-form").locator("button[type=submit]").click()
    phone.wait_for_load_state()
    assert DailyRecord.objects.filter(unit=crew, date=yesterday).count() == 1
    assert Notification.objects.get(kind="value.missing").done_at is not None
    phone.goto(live_server.url + "/")
    expect(phone.get_by_test_id("value-today")).to_have_attribute(
        "href", f"/value/entry/?unit={crew.pk}&date={timezone.localdate().isoformat()}"
    )
    phone.screenshot(path=screenshot_dir / "value-today-375-after.png", full_page=True)
    phone.close()
