"""Points in a real Chromium: a member claims points and appeals a deduction; the secretary approves the claim from
the queue; 党群工作部 sees the leaderboard, the star distribution chart and the demonstration-post registers — at
desktop width and on a 375 px phone. Screenshots go to artifacts/screenshots/points-*.png."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dangjian.core.services import SYSTEM
from dangjian.points import services
from dangjian.points.models import PointsEntry, PointsRule
from dangjian.posts import services as posts
from tests.factories import TEST_PASSWORD, account_with_role

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def points_data(company, django_capture_on_commit_callbacks):
    root, person = company["root"], company["person_a"]
    services.defaults_install(actor=SYSTEM, company=root, valid_from=dt.date(2020, 1, 1))
    rules = {r.code: r for r in PointsRule.objects.filter(company=root)}
    year = dt.date.today().year
    services.entry_create(
        actor=SYSTEM, person=person, rule=rules["BASE"], occurred_on=dt.date(year, 1, 10), reason="第一季度基础分"
    )
    deduction = services.entry_create(
        actor=SYSTEM,
        person=person,
        rule=rules["SAFETY_VIOLATION"],
        occurred_on=dt.date(year, 1, 12),
        reason="巡检发现未戴安全帽",
        evidence="巡检记录",
    )
    services.entry_approve(actor=SYSTEM, entry=deduction)
    with django_capture_on_commit_callbacks(execute=True):
        services.appraisal_record(actor=SYSTEM, person=person, year=year, appraisal="excellent")
    posts.post_save(
        actor=SYSTEM,
        kind="zones",
        org=company["branch_a"],
        name="电解一区党员责任区",
        starts_on=dt.date(year, 1, 1),
        area="1–40 号槽",
        leader=person,
        members=[person],
    )
    users = {
        "member": account_with_role("member", company["branch_a"], person=person, username="p_member"),
        "secretary": account_with_role("secretary", company["branch_a"], username="p_sec"),
        "office": account_with_role("party_office", root, username="p_office"),
    }
    return {"deduction": deduction, "users": users, "year": year}


def login(page, base, username):
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_claim_approve_appeal_and_boards(points_data, live_server, browser, screenshot_dir, label, viewport):
    base = live_server.url
    page = browser.new_page(viewport=viewport, locale="zh-CN")
    login(page, base, "p_member")
    page.goto(base + reverse("points:claim"))
    page.select_option("select[name=rule]", label="技术革新、合理化建议被采纳（+5）")
    page.fill("input[name=reason]", "提出阳极更换合理化建议")
    page.fill("textarea[name=evidence]", "建议采纳通知")
    page.locator("main form[method=post] button[type=submit]").last.click()
    expect(page.get_by_test_id("my-entries")).to_contain_text("提出阳极更换合理化建议")
    page.screenshot(path=str(screenshot_dir / f"points-mine-{label}.png"), full_page=True)
    page.goto(base + reverse("points:appeal", kwargs={"pk": points_data["deduction"].pk}))
    page.fill("textarea[name=reason]", "当时在休息室，未进入作业区")
    page.get_by_role("button", name="提出申诉").click()
    expect(page.get_by_test_id("my-entries")).to_contain_text("申诉")
    page.context.clear_cookies()

    login(page, base, "p_sec")
    page.goto(base + reverse("points:queue"))
    row = page.get_by_test_id("queue").locator("tr", has_text="提出阳极更换合理化建议")
    page.screenshot(path=str(screenshot_dir / f"points-queue-{label}.png"), full_page=True)
    row.get_by_role("button", name="批准", exact=True).click()
    expect(page.get_by_test_id("appeals")).to_contain_text("未进入作业区")
    assert PointsEntry.objects.get(reason="提出阳极更换合理化建议").status == "approved"
    page.context.clear_cookies()

    login(page, base, "p_office")
    page.goto(base + reverse("points:leaderboard") + f"?period={points_data['year']}")
    expect(page.get_by_test_id("leaderboard")).to_contain_text("李明")
    page.screenshot(path=str(screenshot_dir / f"points-leaderboard-{label}.png"), full_page=True)
    page.goto(base + reverse("points:stars") + f"?year={points_data['year']}")
    expect(page.locator("#stars-chart canvas")).to_have_count(1)
    page.screenshot(path=str(screenshot_dir / f"points-stars-{label}.png"), full_page=True)
    page.goto(base + reverse("posts:holders"))
    expect(page.get_by_test_id("holders")).to_contain_text("电解一区党员责任区")
    page.screenshot(path=str(screenshot_dir / f"posts-holders-{label}.png"), full_page=True)
    page.close()
