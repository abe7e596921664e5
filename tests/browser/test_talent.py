"""Talent and drills in the browser: the office sets up a post's competency model and a mentor–trainee plan (which
opens their 结对帮扶 pairing); the team leader records a drill with attendance and a score on a 375 px phone; the
trainee's record shows the drill and the points it earned (through the points ledger, never entered twice).
Screenshots: artifacts/screenshots/talent-*.png."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dangjian.core.services import SYSTEM
from dangjian.points import services as points
from tests.browser.test_value import login
from tests.factories import PersonFactory, UnitFactory, account_with_role

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def plant(transactional_db, company):
    points.defaults_install(actor=SYSTEM, company=company["root"], valid_from=dt.date(2020, 1, 1))
    crew = UnitFactory(code="C1", name="电解一车间甲班", kind="shift_crew", parent=company["workshop"])
    trainee = PersonFactory(branch=company["branch_a"], member=True, name="刘学员", employee_no="QN7001", unit=crew)
    mentor = PersonFactory(branch=company["branch_a"], member=True, name="张导师", employee_no="QN7002", unit=crew)
    account_with_role("party_office", company["root"], username="dangqun")
    account_with_role("team_leader", company["branch_a"], username="banzhang")
    account_with_role("member", company["branch_a"], person=trainee, username="xueyuan")
    return {"crew": crew, "trainee": trainee, "mentor": mentor}


def test_office_sets_up_a_plan_team_leader_records_a_drill_on_a_phone_trainee_sees_it(
    plant, company, live_server, browser, screenshot_dir
):
    base = live_server.url
    office = browser.new_page(viewport={"width": 1280, "height": 900})
    login(office, base, "dangqun")
    office.goto(base + reverse("talent:model_create"))
    office.select_option("#id_org", str(company["root"].pk))
    office.fill("#id_post", "电解工")
    office.select_option("#id_talent_class", "operating")
    office.locator("form.card button[type=submit]").first.click()
    expect(office.get_by_test_id("items")).to_be_visible()
    office.locator("summary").click()
    office.fill("#id_name", "槽况判断")
    office.select_option("#id_required_level", "4")
    office.get_by_test_id("item-form").locator("button[type=submit]").click()
    expect(office.get_by_test_id("items")).to_contain_text("槽况判断")
    office.goto(base + reverse("talent:plan_create"))
    office.fill("#id_trainee", "QN7001")
    office.fill("#id_mentor", "QN7002")
    office.select_option("#id_target", label="电解工")
    office.fill("#id_goals", "一年内独立顶岗")
    office.locator("form.card button[type=submit]").first.click()
    expect(office.get_by_test_id("plan-pairing")).to_contain_text("张导师")
    office.screenshot(path=str(screenshot_dir / "talent-plan.png"), full_page=True)

    phone = browser.new_page(viewport=PHONE)
    login(phone, base, "banzhang")
    phone.goto(base + reverse("talent:drill_create"))
    phone.select_option("#id_org", str(company["branch_a"].pk))
    phone.fill("#id_topic", "效应快速熄灭操作")
    phone.select_option("#id_unit", str(plant["crew"].pk))
    phone.select_option("#id_scored_by", "practical")
    phone.locator("form.card button[type=submit]").first.click()
    form = phone.get_by_test_id("attendance-form")
    expect(form).to_be_visible()
    trainee = plant["trainee"]
    phone.locator(f"#p{trainee.pk}").check()
    phone.locator(f"input[name=score_{trainee.pk}]").fill("92")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=str(screenshot_dir / "talent-drill-phone-375.png"), full_page=True)
    form.locator("button[type=submit]").click()
    expect(phone.get_by_test_id("present-count")).to_contain_text("1")

    own = browser.new_page(viewport=PHONE)
    login(own, base, "xueyuan")
    own.goto(base + reverse("talent:mine"))
    expect(own.get_by_test_id("record-drills")).to_contain_text("效应快速熄灭操作")
    expect(own.get_by_test_id("record-drills")).to_contain_text("92")
    expect(own.get_by_test_id("stat-points")).to_have_text("0.50")  # the same on SQLite and PostgreSQL
    expect(own.get_by_test_id("record-plans")).to_contain_text("张导师")
    assert own.evaluate("document.documentElement.scrollWidth") <= 375
    own.screenshot(path=str(screenshot_dir / "talent-record-375.png"), full_page=True)
