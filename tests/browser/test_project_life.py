"""One 党建+X project's whole life in a real Chromium, by three roles: the branch secretary proposes it with a goal,
adds a task and submits; 党群工作部 approves; the secretary starts it and writes the month's review; 党群工作部
records the on-site check; the panel member scores it on the scoring sheet; 党群工作部 submits the panel, accepts the
project and rates it.

Screenshots of every step at desktop width, and the finished project on a 375 px phone, go to
artifacts/screenshots/project-life-*.png for a person to look at.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from dangjian.core.services import SYSTEM
from dangjian.org.services import seat_assign
from dangjian.projects.acceptance import services as acceptance
from dangjian.projects.projects.models import Project
from tests.factories import TEST_PASSWORD, PersonFactory, account_with_role

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}
TITLE = "党建+提效：换极作业时间压缩"


@pytest.fixture
def life(transactional_db, company):
    """The three roles over the small company, and the year's acceptance panel with its criteria and member."""
    root, branch_a = company["root"], company["branch_a"]
    secretary_person = PersonFactory(branch=branch_a, member=True, name="赵书记")
    account_with_role("secretary", branch_a, person=secretary_person, username="secretary")
    # Holding the branch's secretary seat makes them the project's responsible secretary (第一责任人) by default.
    seat_assign(actor=SYSTEM, org=branch_a, person=secretary_person, role="secretary", since=dt.date(2020, 1, 1))
    office = account_with_role("party_office", root, username="office")
    judge = PersonFactory(branch=company["branch_b"], member=True, name="吴安环")
    judge = account_with_role("panel_member", root, person=judge, username="judge")
    today = timezone.localdate()
    year = today.year
    panel = acceptance.panel_create(actor=office, org=root, year=year, name=f"{year}年度“党建+X”项目验收专项工作组")
    acceptance.criteria_set(
        actor=office,
        panel=panel,
        attainment_weight=40,
        qualitative=[{"name": "党建融合", "weight": 30}, {"name": "示范带动", "weight": 30}],
    )
    acceptance.panel_member_add(actor=office, panel=panel, user=judge, department="safety_env")
    # The project starts this month and runs a year: this month's review is the one due, so it reads on track.
    starts = today.replace(day=1)
    ends = starts.replace(year=year + 1) - dt.timedelta(days=1)
    return {"company": company, "panel": panel, "year": year, "starts": starts, "ends": ends}


class Role:
    """A logged-in browser tab for one account."""

    def __init__(self, browser, base: str, username: str, viewport=DESKTOP):
        self.context = browser.new_context(viewport=viewport, locale="zh-CN")
        self.page = self.context.new_page()
        self.base = base
        page = self.page
        page.goto(base + reverse("accounts:login"))
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.locator("form:has(input[name=password]) button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/$"))

    def go(self, url: str):
        self.page.goto(self.base + url)
        return self.page

    def step(self, project: Project, action: str, comment: str = "") -> None:
        """Take a lifecycle step from the project page's buttons."""
        page = self.go(reverse("projects:detail", args=[project.pk]))
        if comment:
            page.fill("[data-testid=transition-form] textarea[name=comment]", comment)
        page.locator(f"[data-testid=action-{action}]").click()
        page.wait_for_url(re.compile(rf".*/projects/{project.pk}/$"))
        expect(page.locator(".alert-success")).to_be_visible()


def shot(page, screenshot_dir, name: str) -> None:
    page.screenshot(path=str(screenshot_dir / f"project-life-{name}.png"), full_page=True)


def test_one_projects_whole_life_by_three_roles(life, live_server, browser, screenshot_dir):
    base, year, panel = live_server.url, life["year"], life["panel"]
    branch_a = life["company"]["branch_a"]

    # 立项: the secretary proposes the project with its goal, then adds a task on the plan page, and submits.
    secretary = Role(browser, base, "secretary")
    page = secretary.go(reverse("projects:create"))
    page.select_option("select[name=owner]", str(branch_a.pk))
    page.fill("input[name=title]", TITLE)
    page.select_option("select[name=domain]", "production")
    page.fill("input[name=year]", str(year))
    page.fill("input[name=starts_on]", life["starts"].isoformat())
    page.fill("input[name=ends_on]", life["ends"].isoformat())
    page.fill("textarea[name=problem]", "换极作业组织松散、等待时间长，影响电流效率和能耗。")
    page.fill("input[name=goals-0-indicator_name]", "单组换极作业时间")
    page.fill("input[name=goals-0-unit_of_measure]", "min")
    page.fill("input[name=goals-0-baseline]", "14")
    page.fill("input[name=goals-0-target]", "12")
    page.fill("input[name=goals-0-benchmark]", "11.5")
    page.select_option("select[name=goals-0-direction]", "lower")
    shot(page, screenshot_dir, "1-propose-desktop")
    page.locator("[data-testid=project-form] button[type=submit]:not([name=then])").click()
    page.wait_for_url(re.compile(r".*/projects/\d+/edit/$"))
    project = Project.objects.get(title=TITLE)
    assert project.state == "proposed" and project.goals.count() == 1
    page.select_option("select[name=members]", str(life["company"]["person_a"].pk))
    page.fill("input[name=tasks-0-title]", "编制换极标准化作业指导书")
    page.fill("input[name=tasks-0-due_on]", (life["ends"] - dt.timedelta(days=30)).isoformat())
    page.locator("[data-testid=project-form] button[type=submit]:not([name=then])").click()
    page.wait_for_url(re.compile(rf".*/projects/{project.pk}/$"))
    expect(page.locator("[data-testid=tasks]")).to_contain_text("编制换极标准化作业指导书")
    expect(page.locator("main")).to_contain_text("李明")
    secretary.step(project, "submit")
    shot(secretary.page, screenshot_dir, "2-submitted-desktop")

    # 报批: 党群工作部 approves with a comment.
    office = Role(browser, base, "office")
    office.step(project, "approve", "目标明确，措施可行，同意立项。")
    expect(office.page.locator("[data-testid=history]")).to_contain_text("同意立项")
    shot(office.page, screenshot_dir, "3-approved-desktop")

    # 实施: the secretary starts it and writes this month's review (the goal's actual value and how it went).
    secretary.step(project, "start", "项目启动，党员攻坚小组进入现场。")
    page = secretary.page
    page.locator("[data-testid=write-this-month]").click()
    page.wait_for_url(re.compile(r".*/reviews/project/\d+/\d+/\d+/$"))
    goal = project.goals.get()
    page.fill(f"input[name=goal_{goal.pk}]", "12.2")
    page.fill("input[name=held_at]", "主题党日")
    page.fill("textarea[name=narrative]", "党员攻坚小组优化换极作业组织，换极时间明显缩短。")
    shot(page, screenshot_dir, "4-review-desktop")
    page.locator("[data-testid=submit-review]").click()
    page.wait_for_url(re.compile(rf".*/projects/{project.pk}/.*"))
    assert project.reviews.get().status == "submitted"
    secretary.go(reverse("projects:detail", args=[project.pk]))
    expect(secretary.page.locator("[data-testid=reviews] [data-testid=rag]").first).to_have_attribute(
        "data-rag", "green"
    )
    shot(secretary.page, screenshot_dir, "5-in-progress-desktop")

    # 检查: 党群工作部 records the on-site check; the findings are required and kept in the history.
    office.step(project, "inspect", "现场检查：措施落实到位，台账资料齐全。")
    shot(office.page, screenshot_dir, "6-inspected-desktop")

    # 验收: the panel member scores the project on the sheet, cell by cell (saved as they leave it).
    judge = Role(browser, base, "judge")
    page = judge.go(reverse("acceptance:sheet", args=[panel.pk]))
    expect(page.locator("[data-testid=sheet-project]")).to_have_count(1)
    for criterion, value in zip(panel.criteria.filter(kind="qualitative").order_by("order"), ("92", "88"), strict=True):
        cell = page.locator(f"[data-testid=cell-{project.pk}-{criterion.pk}]")
        cell.locator("input[name=value]").fill(value)
        cell.locator("input[name=value]").press("Tab")
        expect(cell.locator("[data-testid=cell-saved]")).to_be_visible()
    shot(page, screenshot_dir, "7-scored-desktop")

    # 党群工作部 submits the panel (results computed and locked), accepts the project, then rates it (评比).
    page = office.go(reverse("acceptance:detail", args=[panel.pk]))
    expect(page.locator("[data-testid=progress]")).to_have_text("2 / 2")
    page.locator("[data-testid=submit]").click()
    page.wait_for_url(re.compile(r".*/results/$"))
    expect(page.locator("[data-testid=result-row]")).to_have_count(1)
    page.wait_for_timeout(800)  # the ranking chart animates in
    shot(page, screenshot_dir, "8-results-desktop")
    office.step(project, "accept", "验收通过。")
    office.step(project, "rate", "年度评比：优秀。")
    page = office.page
    expect(page.locator("[data-testid=acceptance-result]")).to_be_visible()
    expect(page.locator("[data-testid=history] li")).to_have_count(6)
    shot(page, screenshot_dir, "9-rated-desktop")
    project.refresh_from_db()
    # 40 × 90 % (14 → 12.2 of 14 → 12) + 30 × 92 % + 30 × 88 % = 90: excellent.
    assert project.state == "rated" and project.acceptance_result.final_score == 90
    assert project.acceptance_result.grade == "excellent"
    assert [t.actor_name for t in project.transitions.order_by("at", "id")] == [
        "secretary",
        "office",
        "secretary",
        "office",
        "office",
        "office",
    ]

    # The finished project on a phone: nothing wider than the screen.
    phone = Role(browser, base, "secretary", viewport=PHONE)
    page = phone.go(reverse("projects:detail", args=[project.pk]))
    expect(page.locator("[data-testid=acceptance-result]")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    shot(page, screenshot_dir, "10-rated-phone")
    for role in (secretary, office, judge, phone):
        role.context.close()
