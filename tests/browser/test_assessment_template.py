"""党群工作部 edits the 双百分 template on a 375 px phone in a real Chromium, in Chinese: adds a category and an item
with the form, moves the item up, retires it, and copies the template to the next year; no page scrolls sideways.

Screenshots go to artifacts/screenshots/assessment-template-*.png for a person to look at.
"""

import re

import pytest
from django.urls import reverse

from dangjian.assessment.models import Item, Template
from tests.assessment.conftest import build_template
from tests.factories import TEST_PASSWORD, account_with_role

PHONE = {"width": 375, "height": 812}
WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def data(transactional_db, company):
    office = account_with_role("party_office", company["root"], username="office")
    return {"office": office, "t": build_template(company)}


def test_office_edits_the_template_on_a_phone(data, live_server, browser, screenshot_dir):
    template = data["t"]
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))

    page.goto(live_server.url + reverse("assessment:template", args=[template.pk]))
    assert page.evaluate(WIDTH) <= PHONE["width"]
    page.fill("#new-category", "队伍建设")
    page.locator("[data-testid=category-add] button[type=submit]").click()
    page.wait_for_load_state()
    card = page.locator("[data-testid=category]", has_text="队伍建设")
    card.get_by_role("link", name="添加考核项").click()
    page.wait_for_load_state()
    assert page.evaluate(WIDTH) <= PHONE["width"]
    page.screenshot(path=str(screenshot_dir / "assessment-template-item-form-phone.png"), full_page=True)
    page.fill("input[name=code]", "C1")
    page.fill("input[name=title]", "党员培训学时达标")
    page.fill("input[name=max_points]", "5")
    page.locator("[data-testid=item-form] button[type=submit]").click()
    page.wait_for_load_state()
    assert Item.objects.filter(template=template, code="C1", category__name="队伍建设").exists()

    page.screenshot(path=str(screenshot_dir / "assessment-template-phone.png"), full_page=True)
    assert page.evaluate(WIDTH) <= PHONE["width"]
    a2 = page.locator("[data-testid=item]", has_text="A2")
    a2.get_by_role("button", name="上移").click()
    page.wait_for_load_state()
    items = Item.objects.filter(template=template, category__name="组织建设").order_by("order")
    assert list(items.values_list("code", flat=True)) == ["A2", "A1"]
    page.locator("[data-testid=item]", has_text="C1").locator("[data-testid=item-retire]").click()
    page.wait_for_load_state()
    assert Item.objects.get(template=template, code="C1").active is False
    assert page.locator("[data-testid=item]", has_text="C1").locator(".badge", has_text="已停用").is_visible()

    page.locator("[data-testid=template-copy] button[type=submit]").click()
    page.wait_for_load_state()
    copy = Template.objects.get(year=2023)
    assert page.url.endswith(reverse("assessment:template", args=[copy.pk]))
    assert "C1" not in list(copy.items.values_list("code", flat=True))
    page.goto(live_server.url + reverse("assessment:template_create"))
    assert page.evaluate(WIDTH) <= PHONE["width"]
    page.screenshot(path=str(screenshot_dir / "assessment-template-new-phone.png"), full_page=True)
    context.close()
