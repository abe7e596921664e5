"""Pages that overflowed a 375 px phone (#16 item 13): the project list cut its titles and hid the 阶段 column off
screen; `.row` stuck out by 4 px on the password and key-task pages. Screenshots: artifacts/screenshots/phone-*.png."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD, account_with_role
from tests.projects.factories import ProjectFactory

PHONE = {"width": 375, "height": 812}
WIDE = (
    "[...document.querySelectorAll('body *')].filter(e => e.offsetWidth > window.innerWidth)"
    ".map(e => e.tagName + '.' + e.className + ':' + e.offsetWidth).slice(0, 12)"
)
OVERFLOW = (
    "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)"
    ".map(e => e.tagName + '.' + e.className).slice(0, 8)"
)


@pytest.fixture
def office(transactional_db, company):
    for n in range(3):
        ProjectFactory(owner=company["branch_a"], title=f"党建+电解槽稳定运行与降低吨铝直流电耗攻坚项目第{n}期")
    return account_with_role("party_office", company["root"], username="office")


def test_phone_pages_do_not_overflow_and_the_project_state_shows(browser, live_server, office, screenshot_dir):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("[data-testid=login-submit]").click()
    page.wait_for_url(re.compile(r".*/$"))
    for name in ("projects:list", "accounts:password_change", "assessment:keytasks"):
        page.goto(live_server.url + reverse(name))
        page.screenshot(path=str(screenshot_dir / f"phone-{name.replace(':', '-')}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (name, page.evaluate(OVERFLOW))
        if name == "projects:list":
            state = page.locator("[data-testid=projects] tbody tr").first.locator("td .badge").first
            expect(state).to_be_visible()
            box = state.bounding_box()
            assert box["x"] + box["width"] <= PHONE["width"]
            title = page.locator("[data-testid=projects] tbody tr td.dj-title a").first
            assert title.bounding_box()["x"] + title.bounding_box()["width"] <= PHONE["width"]
    context.close()


def test_a_post_register_with_its_change_buttons_fits_a_phone(browser, live_server, office, company, screenshot_dir):
    """The crawl found /posts/zones/ 691 px too wide at 375 px once each row had a 修改 button."""
    import datetime as dt

    from dangjian.core.services import SYSTEM
    from dangjian.posts import services
    from tests.factories import PersonFactory

    people = [PersonFactory(branch=company["branch_a"], name=f"党员{n}") for n in range(6)]
    for n in range(3):
        services.post_save(
            actor=SYSTEM,
            kind="zones",
            org=company["branch_a"],
            name=f"电解槽稳定运行党员责任区第{n}区（九号至十六号槽）",
            starts_on=dt.date(2026, 1, 1),
            area="电解三车间二工区九号至十六号槽及其周边的阳极更换作业区域",
            goals="槽电压平稳，效应系数降到0.02次/槽日以下，电流效率提高0.5个百分点",
            leader=people[0],
            members=people[1:],
        )
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("[data-testid=login-submit]").click()
    page.wait_for_url(re.compile(r".*/$"))
    page.goto(live_server.url + reverse("posts:register", args=["zones"]) + f"?org={company['branch_a'].code}")
    page.screenshot(path=str(screenshot_dir / "phone-posts-zones.png"), full_page=True)
    expect(page.locator("[data-testid=register] tbody tr")).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.evaluate(WIDE)
    context.close()
