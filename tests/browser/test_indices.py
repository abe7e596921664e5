"""The indices in a real Chromium: 党群工作部 sets this year's branch weights (a new version from January), recomputes
the year, opens a branch's index and its breakdown down to the project behind it; December's value of last year is
unchanged and still names version 1. On a 375 px phone the list, the breakdown and the distribution fit the screen,
and the member opens their own 先锋指数. Screenshots: artifacts/screenshots/indices-*."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dangjian.indices.models import IndexValue, Kind
from tests.factories import TEST_PASSWORD, account_with_role
from tests.indices.world import DEC, JAN, seed

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def login(page, base, username):
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 375 + 1


@pytest.mark.django_db(transaction=True)
def test_office_sets_weights_recomputes_and_opens_the_breakdown(company, live_server, browser, screenshot_dir):
    data = seed(company)
    account_with_role("party_office", company["root"], username="ix_office")
    account_with_role("member", company["branch_a"], person=company["person_a"], username="ix_member")
    december = IndexValue.objects.get(kind=Kind.BRANCH, month=DEC, org=company["branch_a"])
    base = live_server.url

    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    login(page, base, "ix_office")
    page.goto(base + reverse("indices:weights"))
    form = page.get_by_test_id("form-branch")
    for code, weight in {
        "project_goals": 80,
        "production": 0,
        "meetings": 0,
        "service_sla": 0,
        "assessment": 0,
    }.items():
        form.get_by_test_id(f"branch-w_{code}").fill(str(weight))
    form.get_by_test_id("branch-w_points").fill("20")
    form.get_by_test_id("branch-valid-from").fill(f"{JAN:%Y-%m}")
    form.get_by_test_id("save-branch").click()
    expect(page.locator(".alert-success, .alert-info").first).to_contain_text("第 2 版已保存")
    expect(page.get_by_test_id("version-branch-2")).to_contain_text("现行")
    page.screenshot(path=str(screenshot_dir / "indices-weights-desktop.png"), full_page=True)

    page.goto(f"{base}{reverse('indices:list')}?kind=branch&month={JAN:%Y-%m}")
    page.get_by_test_id("recompute-year").click()
    expect(page.locator(".alert-success, .alert-info").first).to_contain_text("正在后台计算")
    table = page.get_by_test_id("index-table")
    # January: the goal reached (100) × 80 + half of BA's members earned points (50) × 20 = 90.0.
    expect(table.locator("tr", has_text="电解一车间党支部")).to_contain_text("90.0")
    page.screenshot(path=str(screenshot_dir / "indices-list-desktop.png"), full_page=True)
    table.locator("tr", has_text="电解一车间党支部").get_by_role("link").click()
    expect(page.get_by_test_id("index-value")).to_have_text("90.0")
    expect(page.get_by_test_id("index-version")).to_contain_text("权重第 2 版")
    expect(page.get_by_test_id("part-project_goals")).to_contain_text("80")
    page.screenshot(path=str(screenshot_dir / "indices-breakdown-desktop.png"), full_page=True)
    page.get_by_test_id("records-project_goals").get_by_role("link", name="IDX-001 党建+降低电耗").click()
    page.wait_for_url(re.compile(rf".*/projects/{data['project'].pk}/$"))
    expect(page.locator("h1")).to_contain_text("党建+降低电耗")

    # Last year's December: unchanged, computed with version 1.
    page.goto(f"{base}{reverse('indices:list')}?kind=branch&month={DEC:%Y-%m}")
    expect(page.get_by_test_id("index-table").locator("tr", has_text="电解一车间党支部")).to_contain_text("50.0")
    after = IndexValue.objects.get(pk=december.pk)
    assert (after.value, after.version_id, after.components) == (
        Decimal("50.0"),
        december.version_id,
        december.components,
    )
    page.close()

    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    login(page, base, "ix_office")
    page.goto(f"{base}{reverse('indices:list')}?kind=member&month={JAN:%Y-%m}")
    expect(page.get_by_test_id("index-table")).to_contain_text("李明")
    assert fits(page)
    page.screenshot(path=str(screenshot_dir / "indices-list-375.png"), full_page=True)
    page.goto(f"{base}{reverse('indices:distribution')}?kind=member&month={JAN:%Y-%m}")
    expect(page.get_by_test_id("histogram").locator("canvas")).to_be_visible()
    expect(page.get_by_test_id("jumpy")).to_be_visible()
    assert fits(page)
    page.screenshot(path=str(screenshot_dir / "indices-distribution-375.png"), full_page=True)
    page.close()

    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    login(page, base, "ix_member")
    page.goto(base + reverse("indices:mine"))
    page.get_by_test_id("mine").get_by_role("link", name=f"{JAN:%Y-%m}").click()
    expect(page.get_by_test_id("index-value")).to_have_text("100.0")
    expect(page.get_by_test_id("records-member_points")).to_contain_text("+10")
    assert fits(page)
    page.screenshot(path=str(screenshot_dir / "indices-mine-375.png"), full_page=True)
    page.close()
