"""The login page with every single sign-on way configured, on a 375 px phone: the three buttons and the form fit, and
a directory user (a real slapd) signs in through the form or reads why not. Screenshots: artifacts/screenshots/sso-*."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.accounts.sso.conftest import ldap_on, people, slapd_uri  # noqa: F401 (fixtures)

pytestmark = pytest.mark.xdist_group("sso-servers")

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def all_ways(ldap_on, transactional_db):  # noqa: F811
    ldap_on.WECOM_CORP_ID = "ww-test"
    ldap_on.DINGTALK_CLIENT_ID = "ding-test"
    ldap_on.OIDC_RP_CLIENT_ID = "oidc-test"
    return ldap_on


def test_sso_login_page_fits_a_phone_and_a_directory_user_signs_in(
    browser,
    live_server,
    all_ways,
    people,  # noqa: F811
    screenshot_dir,
):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + reverse("accounts:login"))
    for label in ("企业微信登录", "钉钉登录", "统一身份认证"):
        expect(page.get_by_role("link", name=label)).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "sso-login-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.fill("input[name=username]", "zhao")
    page.fill("input[name=password]", "zhao-pass-1")
    page.locator("[data-testid=login-submit]").click()
    expect(page.locator(".alert-danger")).to_contain_text("赵工 在本系统中还没有账号")
    page.screenshot(path=str(screenshot_dir / "sso-login-refused-phone.png"), full_page=True)

    page.fill("input[name=username]", "wang")
    page.fill("input[name=password]", "wang-pass-1")
    page.locator("[data-testid=login-submit]").click()
    page.wait_for_url(re.compile(r".*/$"))
    expect(page.locator("[data-testid=user-menu]")).to_contain_text("王工")
    context.close()
