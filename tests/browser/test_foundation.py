"""A secretary's first visit, in a real Chromium: log in, browse the tree and the people, switch language.

Screenshots (desktop 1366×900 and phone 375×812) go to artifacts/screenshots/ for a person to look at.
"""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

PASSWORD = "Dangjian@2026"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def demo(transactional_db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    # the company and its logins only (what `make run` serves first): this journey is the tree and people
    call_command("seed_demo", verbosity=0, stage="first", quiet=True)


def login(page, base: str, username: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_secretary_browses_tree_and_people_in_chinese_then_english(
    demo, live_server, browser, screenshot_dir, label, viewport
):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    base = live_server.url
    login(page, base, "secretary")

    # Home in Chinese by default: the secretary's own branch, counts and the party-status chart.
    expect(page.locator("body")).to_contain_text("电解三车间党支部")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.wait_for_timeout(600)  # ECharts animates in
    page.screenshot(path=str(screenshot_dir / f"foundation-home-{label}.png"), full_page=True)

    # The tree shows the secretary's subtree only: their branch and its party groups, not other branches.
    page.goto(base + reverse("org:tree"))
    tree = page.locator("[data-testid=tree-node]")
    expect(tree.first).to_be_visible()
    expect(page.locator("body")).to_contain_text("党小组")
    assert "电解一车间党支部" not in page.locator("main").inner_text()
    page.screenshot(path=str(screenshot_dir / f"foundation-tree-{label}.png"), full_page=True)

    # People: search narrows the list through htmx; phones are masked.
    page.goto(base + reverse("org:people"))
    table = page.locator("[data-testid=people]")
    expect(table).to_be_visible()
    first_name = table.locator("tbody tr").first.locator("td").nth(1).inner_text().strip()
    assert re.search(r"1\d\d\*{4}\d{4}", table.inner_text()), "phones must be masked in the list"
    page.fill("input[name=q]", first_name)
    expect(page.locator("[data-testid=people-count]")).to_contain_text(re.compile(r"\d"))
    rows = table.locator("tbody tr")
    # htmx swaps the rows in when the answer comes: wait for a list that holds only matches (not a fixed pause)
    expect(rows.filter(has_not_text=first_name)).to_have_count(0)
    assert rows.count() >= 1
    page.screenshot(path=str(screenshot_dir / f"foundation-people-{label}.png"), full_page=True)

    # Open a person: status history is there.
    rows.first.locator("a").first.click()
    expect(page.locator("body")).to_contain_text(first_name)
    page.screenshot(path=str(screenshot_dir / f"foundation-person-{label}.png"), full_page=True)

    # Switch to English and back: the button is in the navbar on every page.
    if label == "phone":
        page.locator(".navbar-toggler").click()
    page.locator("[data-testid=lang-en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("nav.dj-navbar")).to_contain_text("People")
    page.screenshot(path=str(screenshot_dir / f"foundation-person-en-{label}.png"), full_page=True)
    page.locator("[data-testid=lang-zh-hans]").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    # The page fits the viewport: no horizontal scroll on the body at phone width.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"page is {overflow}px wider than the {label} viewport"
    context.close()
