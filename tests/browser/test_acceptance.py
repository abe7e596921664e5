"""The year-end acceptance in a real Chromium: a panel member scores every project on a 375 px phone, each cell
saved by htmx as they leave it (a value above 100 is refused by the browser before it is sent); 党群工作部 submits the
panel, sees the ranking and its chart, and gives an award with a certificate.

Screenshots go to artifacts/screenshots/acceptance-*.png for a person to look at.
"""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dangjian.projects.acceptance import services
from dangjian.projects.acceptance.models import Score
from tests.acceptance.conftest import goal_with_actual
from tests.factories import TEST_PASSWORD, PersonFactory, account_with_role
from tests.projects.factories import ProjectFactory

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}
D = Decimal


@pytest.fixture
def acceptance_data(transactional_db, company):
    office = account_with_role("party_office", company["root"], username="office")
    judges = []
    for username, name in (("judge1", "周领导"), ("judge2", "吴安环")):
        person = PersonFactory(branch=company["branch_b"], member=True, name=name)
        judges.append(account_with_role("panel_member", company["root"], person=person, username=username))
    projects = []
    for n, (title, owner, domain, actual) in enumerate(
        [
            ("党建+提高电流效率", "branch_a", "production", "92.6"),
            ("党建+本质安全", "branch_a", "safety_env", "92.35"),
            ("党建+节支创效", "branch_b", "cost", "92.5"),
        ]
    ):
        project = ProjectFactory(owner=company[owner], title=title, code=f"QN-2022-{n + 1:03d}", domain=domain)
        project.state = "inspected"
        project.save()
        goal_with_actual(project, company["workshop"], baseline="92.1", target="92.6", actual=actual)
        projects.append(project)
    panel = services.panel_create(actor=office, org=company["root"], year=2022, name="2022年度验收专项工作组")
    services.criteria_set(
        actor=office,
        panel=panel,
        attainment_weight=40,
        qualitative=[{"name": "党建融合", "weight": 30}, {"name": "示范带动", "weight": 30}],
    )
    services.panel_member_add(actor=office, panel=panel, user=judges[0], department="leadership")
    services.panel_member_add(actor=office, panel=panel, user=judges[1], department="safety_env")
    return {"office": office, "judges": judges, "projects": projects, "panel": panel}


def login(page, base, username):
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


def test_score_on_a_phone_submit_rank_and_award(acceptance_data, live_server, browser, screenshot_dir):
    data, base = acceptance_data, live_server.url
    panel = data["panel"]
    criteria = list(panel.criteria.filter(kind="qualitative"))

    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, base, "judge1")
    page.goto(base + reverse("acceptance:sheet", args=[panel.pk]))
    expect(page.locator("[data-testid=sheet-project]")).to_have_count(3)
    first = page.locator(f"[data-testid=cell-{data['projects'][0].pk}-{criteria[0].pk}]")
    # Above 100 the browser itself refuses the cell (htmx validates the form before sending): nothing is saved.
    first.locator("input[name=value]").fill("120")
    first.locator("input[name=value]").press("Tab")
    assert first.locator("input[name=value]").evaluate("el => !el.validity.valid")
    expect(first.locator("[data-testid=cell-saved]")).to_have_count(0)
    for n, project in enumerate(data["projects"]):
        for criterion in criteria:
            cell = page.locator(f"[data-testid=cell-{project.pk}-{criterion.pk}]")
            cell.locator("input[name=value]").fill(str(90 - 10 * n))
            cell.locator("input[name=value]").press("Tab")
            expect(cell.locator("[data-testid=cell-saved]")).to_be_visible()
    expect(page.locator("[data-testid=my-progress]")).to_have_text("6")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    page.screenshot(path=str(screenshot_dir / "acceptance-sheet-phone.png"), full_page=True)
    context.close()
    assert Score.objects.filter(member__user=data["judges"][0]).count() == 6

    for project in data["projects"]:
        for criterion in criteria:
            services.score_save(actor=data["judges"][1], panel=panel, project=project, criterion=criterion, value=80)

    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    login(page, base, "office")
    page.goto(base + reverse("acceptance:detail", args=[panel.pk]))
    expect(page.locator("[data-testid=progress]")).to_have_text("12 / 12")
    page.screenshot(path=str(screenshot_dir / "acceptance-panel-desktop.png"), full_page=True)
    page.locator("[data-testid=submit]").click()
    page.wait_for_url(re.compile(r".*/results/$"))
    expect(page.locator("[data-testid=result-row]")).to_have_count(3)
    expect(page.locator("#ranking-chart canvas")).to_have_count(1)
    # 40 × 100 % + 0.6 × mean(90, 80) = 91; the others 0.4 × 50 % + … and 0.4 × 80 % + …
    expect(page.locator("[data-testid=result-row]").first).to_contain_text("党建+提高电流效率")
    page.select_option(f"select[name=award-{data['projects'][0].pk}]", "first")
    page.locator("[data-testid=save-awards]").click()
    page.locator("[data-testid=lock]").click()
    expect(page.locator("[data-testid=certificate]")).to_have_count(1)
    page.screenshot(path=str(screenshot_dir / "acceptance-results-desktop.png"), full_page=True)
    response = page.request.get(base + page.locator("[data-testid=certificate]").get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    context.close()

    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, base, "office")
    page.goto(base + reverse("acceptance:results", args=[panel.pk]))
    expect(page.locator("#ranking-chart canvas")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    page.screenshot(path=str(screenshot_dir / "acceptance-results-phone.png"), full_page=True)
    context.close()
