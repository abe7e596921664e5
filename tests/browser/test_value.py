"""A team leader's day in value accounting in a real Chromium: on a 375 px phone the leader opens the daily entry,
finds yesterday's figures prefilled, changes one quantity and sees the totals change before saving; the saved day
shows on the ranking board (kiosk at wall size) with the crews ranked and a tie sharing its rank; the team page
draws its trend charts and benchmark gaps. Screenshots: artifacts/screenshots/value-*.png."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from dangjian.core.services import SYSTEM
from dangjian.value import services
from dangjian.value.models import AccountingUnit, DailyRecord, GroupItem, Item, ItemPrice, PeerGroup
from tests.factories import TEST_PASSWORD, UnitFactory, account_with_role

WALL = {"width": 1920, "height": 1080}
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def crews(transactional_db, company):
    today = timezone.localdate()
    group = PeerGroup.objects.create(code="ELEC", name="电解横班", org=company["root"])
    specs = [
        ("AL", "原铝", "output", "t", "15000"),
        ("KWH", "电", "input", "kWh", "0.35"),
        ("AO", "氧化铝", "input", "t", "2800"),
    ]
    for n, (code, name, kind, uom, price) in enumerate(specs):
        item = Item.objects.create(code=code, name=name, kind=kind, unit_of_measure=uom, sort_order=n)
        ItemPrice.objects.create(item=item, effective_from=dt.date(2020, 1, 1), price=price)
        GroupItem.objects.create(group=group, item=item, sort_order=n)
    units = []
    for n, crew in enumerate("甲乙丙丁"):
        unit = UnitFactory(code=f"C{n}", name=f"电解一车间{crew}班", kind="shift_crew", parent=company["workshop"])
        units.append(AccountingUnit.objects.create(unit=unit, group=group, org=company["branch_a"]))
    rows = []
    for d in range(1, 40):
        day = today - dt.timedelta(days=d)
        for n, u in enumerate(units):
            al = 12 + n * 0.2 + (d % 5) * 0.1 + (40 - d) * 0.02
            rows.append(
                {
                    "unit": u.unit.code,
                    "date": day,
                    "shift": "A",
                    "hours": "96",
                    "items": [
                        {"item": "AL", "quantity": f"{al:.2f}"},
                        {"item": "KWH", "quantity": "170000"},
                        {"item": "AO", "quantity": "23.5"},
                    ],
                }
            )
    services.records_write(actor=SYSTEM, rows=rows, source="api", sync=False)
    # today: 丙 and 丁 tie
    today_rows = [
        {
            "unit": units[2].unit.code,
            "date": today,
            "shift": "A",
            "hours": "96",
            "items": [{"item": "AL", "quantity": "13"}],
        },
        {
            "unit": units[3].unit.code,
            "date": today,
            "shift": "A",
            "hours": "96",
            "items": [{"item": "AL", "quantity": "13"}],
        },
        {
            "unit": units[1].unit.code,
            "date": today,
            "shift": "A",
            "hours": "96",
            "items": [{"item": "AL", "quantity": "12"}],
        },
    ]
    # Output without its inputs is far above the crews' usual value per hour: confirmed, so that it is ranked.
    services.records_write(actor=SYSTEM, rows=today_rows, source="api", sync=False, confirm=True)
    leader = account_with_role("team_leader", company["branch_a"], username="banzhang")
    return {"units": units, "leader": leader, "today": today}


def login(page, base: str, username: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


def test_team_leader_enters_the_day_and_sees_the_ranking(crews, live_server, browser, screenshot_dir):
    base = live_server.url
    phone = browser.new_page(viewport=PHONE)
    login(phone, base, "banzhang")
    jia = crews["units"][0]
    phone.goto(base + reverse("value:entry") + f"?unit={jia.pk}")
    form = phone.get_by_test_id("entry-form")
    expect(form).to_be_visible()
    al = phone.locator("#e-AL")
    assert al.input_value().startswith("12.")  # yesterday's quantity prefilled
    expect(phone.get_by_test_id("entry-total")).not_to_contain_text("—")
    before = phone.locator("[data-total-value]").inner_text()
    al.fill("14")
    expect(phone.locator("[data-total-value]")).not_to_have_text(before)
    # 14 × 15000 − 170000 × 0.35 − 23.5 × 2800 = 210000 − 59500 − 65800 = 84700
    expect(phone.locator("[data-total-value]")).to_contain_text("84,700.00")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=str(screenshot_dir / "value-entry-375.png"), full_page=True)
    form.locator("button[type=submit]").click()
    expect(phone.locator(".alert-success")).to_be_visible()
    assert DailyRecord.objects.get(unit=jia, date=crews["today"]).value == 84700

    wall = browser.new_page(viewport=WALL)
    login(wall, base, "banzhang")
    wall.goto(base + reverse("value:board"))
    expect(wall.get_by_test_id("board-heading")).to_contain_text(crews["today"].isoformat())
    table = wall.get_by_test_id("board-group").locator("tbody tr")
    expect(table).to_have_count(4)
    ranks = [table.nth(i).locator("td").first.inner_text() for i in range(4)]
    # 丙 and 丁 tie at 195000 / 96 h, 乙 180000 / 96 h, 甲 84700 / 96 h: 1, 1, 3, 4
    assert ranks == ["1", "1", "3", "4"]
    wall.screenshot(path=str(screenshot_dir / "value-board-wall.png"), full_page=True)
    phone.goto(base + reverse("value:board"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=str(screenshot_dir / "value-board-375.png"), full_page=True)

    wall.goto(base + reverse("value:team", args=[jia.pk]))
    expect(wall.get_by_test_id("chart-daily").locator("canvas")).to_have_count(1)
    expect(wall.get_by_test_id("benchmarks")).to_contain_text("Value per hour")
    wall.screenshot(path=str(screenshot_dir / "value-team-desktop.png"), full_page=True)
    phone.goto(base + reverse("value:team", args=[jia.pk]))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=str(screenshot_dir / "value-team-375.png"), full_page=True)
