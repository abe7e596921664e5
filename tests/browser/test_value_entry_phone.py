"""The daily entry on a 375 px phone: it says what 当班工时 means, warns before saving a day whose value per hour is
far outside the team's own range (12 hours where the crew reports ~100), asks for a confirmation after saving and
ranks the day only once confirmed; the sticky totals bar never covers the field being filled, the last one included.
Screenshots: artifacts/screenshots/value-entry-outlier-375*.png."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from dangjian.core.services import SYSTEM
from dangjian.value import services
from dangjian.value.models import AccountingUnit, DailyRecord, GroupItem, Item, ItemPrice, PeerGroup
from tests.browser.test_value import login
from tests.factories import UnitFactory, account_with_role

PHONE = {"width": 375, "height": 667}
ITEMS = [("AL", "原铝", "output", "15000")] + [(f"IN{n}", f"投入{n}", "input", "1") for n in range(7)]


@pytest.fixture
def crew(transactional_db, company):
    today = timezone.localdate()
    group = PeerGroup.objects.create(code="ELEC", name="电解横班", org=company["root"])
    for n, (code, name, kind, price) in enumerate(ITEMS):
        item = Item.objects.create(
            code=code, name=name, kind=kind, unit_of_measure="t", sort_order=n, org=company["root"]
        )
        ItemPrice.objects.create(item=item, effective_from=dt.date(2020, 1, 1), price=price)
        GroupItem.objects.create(group=group, item=item, sort_order=n)
    unit = UnitFactory(code="C1", name="电解一车间甲班", kind="shift_crew", parent=company["workshop"])
    team = AccountingUnit.objects.create(unit=unit, group=group, org=company["branch_a"])
    rows = [
        {
            "unit": "C1",
            "date": today - dt.timedelta(days=d),
            "shift": "A",
            "hours": "100",
            "items": [{"item": "AL", "quantity": str(14 + d % 3)}, {"item": "IN0", "quantity": "10"}],
        }
        for d in range(1, 15)
    ]
    services.records_write(actor=SYSTEM, rows=rows, source="api", sync=False)
    account_with_role("team_leader", company["branch_a"], username="banzhang")
    return {"team": team, "today": today}


def covered(page, selector: str) -> bool:
    """Whether the sticky totals bar overlaps the field on screen."""
    return page.evaluate(
        """(sel) => {
            const f = document.querySelector(sel).getBoundingClientRect();
            const b = document.querySelector('[data-testid=entry-total]').getBoundingClientRect();
            return f.bottom > b.top && f.top < b.bottom;
        }""",
        selector,
    )


def test_the_phone_entry_explains_hours_warns_on_an_outlier_and_keeps_fields_clear(
    crew, live_server, browser, screenshot_dir
):
    base = live_server.url
    phone = browser.new_page(viewport=PHONE)
    login(phone, base, "banzhang")
    phone.goto(base + reverse("value:entry") + f"?unit={crew['team'].pk}")
    expect(phone.get_by_test_id("hours-help")).to_be_visible()
    # Every field, the last one included, stands clear of the sticky totals bar once focused.
    for code in [code for code, *_rest in ITEMS]:
        phone.locator(f"#e-{code}").focus()
        assert not covered(phone, f"#e-{code}"), f"the totals bar covers {code}"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    # 12 hours for what the crew makes in ~100: the page warns before saving.
    phone.locator("#e-hours").fill("12")
    phone.locator("#e-AL").fill("15")
    expect(phone.locator("[data-outlier-note]")).to_be_visible()
    phone.locator(f"#e-{ITEMS[-1][0]}").focus()
    assert not covered(phone, f"#e-{ITEMS[-1][0]}")
    phone.screenshot(path=str(screenshot_dir / "value-entry-outlier-375.png"), full_page=False)
    phone.get_by_test_id("entry-form").locator("button[type=submit]").click()
    expect(phone.get_by_test_id("entry-outlier")).to_be_visible()
    record = DailyRecord.objects.get(unit=crew["team"], date=crew["today"])
    assert record.unconfirmed
    phone.screenshot(path=str(screenshot_dir / "value-entry-outlier-375-saved.png"), full_page=True)
    phone.get_by_test_id("entry-outlier").locator("button").click()
    expect(phone.locator(".alert-success")).to_be_visible()
    record.refresh_from_db()
    assert not record.unconfirmed


def test_the_setup_page_fits_a_phone(crew, company, live_server, browser, screenshot_dir):
    account_with_role("party_office", company["root"], username="dangqun")
    base = live_server.url
    phone = browser.new_page(viewport=PHONE)
    login(phone, base, "dangqun")
    phone.goto(base + reverse("value:setup"))
    expect(phone.get_by_test_id("setup-items")).to_contain_text("原铝")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=str(screenshot_dir / "value-setup-375.png"), full_page=True)
