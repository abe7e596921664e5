"""The monthly assessment in a real Chromium: the branch secretary self-assesses on a 375 px phone with evidence and
submits; 党群工作部 deducts with a reason, finishes the review, enters the production score and locks the month, then
sees the ranking and its chart; the secretary submits a key task's close-out (销号) and 党群工作部 confirms it.

Screenshots go to artifacts/screenshots/assessment-*.png for a person to look at.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from dangjian.assessment import services
from dangjian.assessment.models import KeyTask, Line, Sheet
from dangjian.core.services import SYSTEM
from tests.assessment.conftest import JAN, key_task, only_builtin_metrics, template  # noqa: F401 - fixtures (B2 stays hand-scored)
from tests.factories import TEST_PASSWORD, account_with_role

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def data(transactional_db, company, template):  # noqa: F811
    office = account_with_role("party_office", company["root"], username="office")
    secretary = account_with_role("secretary", company["branch_a"], username="sec_a")
    key_task(company["branch_a"], "K-JAN", dt.date(2022, 1, 20), dt.date(2022, 1, 19))
    task = key_task(company["branch_a"], "K-2", dt.date(2022, 1, 31))
    # The automatic items' sentences are written in the language active when computed: the demo's office works in
    # Chinese (another test in this worker may have left English active).
    with translation.override("zh-hans"):
        period = services.period_open(actor=SYSTEM, template=template, month=JAN)
    other = period.sheets.get(org=company["branch_b"])
    Line.objects.filter(sheet=other, automatic=False).update(self_score=Decimal(4), evidence="记录")
    Sheet.objects.filter(pk=other.pk).update(status=Sheet.Status.REVIEWED)
    return {"office": office, "secretary": secretary, "period": period, "task": task, **company}


def login(page, base, username):
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


def fill_line(page, code, score, evidence=""):
    line = page.locator("[data-testid=line]", has_text=code)
    line.locator("input[name=score]").fill(score)
    if evidence:
        line.locator("input[name=evidence]").fill(evidence)
    line.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_self_assess_review_lock_rank_and_close_out(data, live_server, browser, screenshot_dir):
    base, period = live_server.url, data["period"]
    sheet = period.sheets.get(org=data["branch_a"])

    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, base, "sec_a")
    expect(page.locator("[data-testid=assessment-home]")).to_contain_text("K-2")  # overdue on the home page
    page.goto(base + reverse("assessment:sheet", args=[sheet.pk]))
    expect(page.locator("[data-testid=computation]").first).to_contain_text("1 项按期销号")
    fill_line(page, "A1", "9", "1月支委会记录第12页")
    fill_line(page, "B2", "4")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    page.screenshot(path=str(screenshot_dir / "assessment-sheet-phone.png"), full_page=True)
    page.locator("[data-testid=moves] button[value=submit]").click()
    expect(page.locator("[data-testid=sheet-status]")).to_have_text("已提交待审核")
    page.goto(base + reverse("assessment:keytask", args=[data["task"].pk]))
    page.fill("textarea[name=evidence]", "述职报告已归档")
    page.fill("input[name=on]", "2022-01-31")
    page.locator("[data-testid=close-form] button[type=submit]").click()
    expect(page.locator("[data-testid=task-status]")).to_have_text("已申请销号")
    context.close()

    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    login(page, base, "office")
    # Confirming the close-out first: finishing the review re-reads the key tasks, so A2 gets its points from data.
    page.goto(base + reverse("assessment:keytask", args=[data["task"].pk]))
    page.locator("[data-testid=decide-form] button[value=confirm]").click()
    expect(page.locator("[data-testid=task-status]")).to_have_text("已销号")
    page.goto(base + reverse("assessment:sheet", args=[sheet.pk]))
    line = page.locator("[data-testid=line]", has_text="A1")
    line.locator("input[name=deduction]").fill("2")
    line.locator("input[name=reason]").fill("会议记录缺签到")
    line.locator("button:has-text('扣分')").click()
    expect(page.locator("[data-testid=deduction]")).to_contain_text("会议记录缺签到")
    page.locator("[data-testid=moves] button[value=review]").click()
    expect(page.locator("[data-testid=sheet-status]")).to_have_text("已审核")
    expect(page.locator("[data-testid=line]", has_text="A2")).to_contain_text("2 项，其中 2 项按期销号")
    page.goto(base + reverse("assessment:production", args=[period.pk]))
    page.fill(f"input[name=org-{data['branch_a'].pk}]", "90")
    page.locator("[data-testid=save-production]").click()
    page.locator("[data-testid=lock-period]").click()
    expect(page.locator("[data-testid=period-status]")).to_have_text("已锁定")
    # A: (9 − 2) + 10 (both key tasks closed on time) + 4 = 21 of 25 → 84 × 0.6 + 90 × 0.4 = 86.40; B: 18 of 25 → 72.00
    expect(page.locator("[data-testid=ranking-table] tbody tr").first).to_contain_text("86.40")
    expect(page.locator("#period-chart canvas")).to_have_count(1)
    page.screenshot(path=str(screenshot_dir / "assessment-period-desktop.png"), full_page=True)
    page.goto(base + reverse("assessment:rankings") + "?month=2022-01")
    expect(page.locator("#year-chart canvas")).to_have_count(1)
    page.screenshot(path=str(screenshot_dir / "assessment-rankings-desktop.png"), full_page=True)
    context.close()
    assert KeyTask.objects.get(pk=data["task"].pk).on_time

    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, base, "sec_a")
    page.goto(base + reverse("assessment:keytasks") + "?year=2022")
    expect(page.locator("[data-testid=keytask-table] tbody tr")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    page.screenshot(path=str(screenshot_dir / "assessment-keytasks-phone.png"), full_page=True)
    page.goto(base + reverse("assessment:rankings") + "?month=2022-01")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    page.screenshot(path=str(screenshot_dir / "assessment-rankings-phone.png"), full_page=True)
    context.close()
