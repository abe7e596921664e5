"""A new company sets itself up in a real Chromium, from the documented bootstrap only (no seeder): the office
changes its one-time password, reads the set-up centre, adds a workshop and a branch covering it, seats the branch
secretary; the system administrator makes accounts for people and gets the printable password sheet.

Screenshots (desktop 1366×900 and phone 375×812) go to artifacts/screenshots/ for a person to look at.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dangjian.accounts import services as accounts
from dangjian.accounts.bootstrap import company_init
from dangjian.core.permissions import Role
from dangjian.core.services import SYSTEM
from dangjian.org.models import CommitteeSeat, PartyOrg, Unit
from tests.factories import PersonFactory

FIRST = "Dj-first-Time-2026"
CHOSEN = "Dangjian@2026-office"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def empty_company(transactional_db):
    company = company_init(
        org_code="QN",
        org_name="旗能电铝党委",
        unit_code="QNU",
        unit_name="旗能电铝",
        office_username="office",
        password=FIRST,
    )
    admin = accounts.account_create(actor=SYSTEM, username="sysadmin", password=CHOSEN)
    accounts.role_assign(actor=SYSTEM, user=admin, role=Role.SYSTEM_ADMIN)
    return company


def sign_in(page, base, username, password):
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("form:has(input[name=password]) button[type=submit]").click()


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_office_sets_up_a_new_company(empty_company, live_server, browser, screenshot_dir, label, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, "office", FIRST)
    # The one-time password of init_company is changed at the first sign-in.
    page.wait_for_url(re.compile(r".*/accounts/password/.*"))
    page.fill("input[name=old_password]", FIRST)
    page.fill("input[name=new_password1]", CHOSEN)
    page.fill("input[name=new_password2]", CHOSEN)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(base + reverse("setup"))
    expect(page.locator("h1")).to_contain_text("基础设置")
    expect(page.locator("[data-testid=setup-org]")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / f"setup-empty-{label}.png"), full_page=True)

    # A workshop under the company unit, then a branch under the committee covering it.
    page.goto(base + reverse("org:unit_create"))
    page.select_option("select[name=parent]", label="旗能电铝")
    page.fill("input[name=code]", "W1")
    page.fill("input[name=name]", "电解一车间")
    page.select_option("select[name=kind]", "workshop")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/org/units/$"))
    workshop = Unit.objects.get(code="W1")

    page.goto(base + reverse("org:create"))
    page.select_option("select[name=parent]", label="旗能电铝党委")
    page.fill("input[name=code]", "B1")
    page.fill("input[name=name]", "电解一车间党支部")
    page.select_option("select[name=kind]", "branch")
    page.select_option("select[name=units]", [str(workshop.pk)])
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/org/\d+/$"))
    branch = PartyOrg.objects.get(code="B1")
    assert list(branch.units.all()) == [workshop]

    # The branch's people come from the people import in real life; here one person, then the secretary's seat.
    secretary = PersonFactory(branch=branch, member=True, name="赵建国")
    page.locator("[data-testid=seats-link]").click()
    page.select_option("select[name=person]", str(secretary.pk))
    page.select_option("select[name=role]", "secretary")
    page.locator("[data-testid=seat-save]").click()
    expect(page.locator("[data-testid=seat-table]")).to_contain_text("赵建国")
    assert CommitteeSeat.objects.filter(org=branch, person=secretary).exists()
    page.screenshot(path=str(screenshot_dir / f"setup-seats-{label}.png"), full_page=True)

    page.goto(base + reverse("setup"))
    expect(page.locator("[data-testid=setup-progress]")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / f"setup-progress-{label}.png"), full_page=True)
    context.close()


def test_sysadmin_prints_one_time_passwords(empty_company, live_server, browser, screenshot_dir):
    branch = PartyOrg.objects.create(code="B1", name="电解一车间党支部", kind="branch", parent=empty_company.org)
    people = [PersonFactory(branch=branch, member=True, name=n) for n in ("赵建国", "钱芳", "孙强")]
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, "sysadmin", CHOSEN)
    page.wait_for_load_state()
    page.goto(base + reverse("accounts:bulk_create"))
    page.fill("textarea[name=employee_nos]", "\n".join(p.employee_no for p in people))
    page.locator("[data-testid=bulk-create]").click()
    sheet = page.locator("[data-testid=password-sheet]")
    expect(sheet).to_contain_text("钱芳")
    assert page.locator("[data-testid=sheet-password]").count() == 3
    page.screenshot(path=str(screenshot_dir / "setup-password-sheet-phone.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(screenshot_dir / "setup-password-sheet-print.png"), full_page=True)
    context.close()
