"""Recruitment in a real Chromium on a 375 px phone: BA's secretary opens a file for 陈小红, records the talk and the
designation as activist (her party status follows), is told the filing is the higher committee's step, and sees the
pipeline board; 党群工作部 records the filing, and approves 张华 (walked to the vote beforehand) — who becomes a
probationary member from the day of the vote. Screenshots: artifacts/screenshots/recruitment-*.png."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dangjian.affairs.recruitment import services
from dangjian.core.services import SYSTEM
from dangjian.meetings.services.attendance import Mark
from dangjian.meetings.services.meetings import meeting_record
from dangjian.org.models import Person
from tests.factories import TEST_PASSWORD, PersonFactory, account_with_role

PHONE = {"width": 375, "height": 812}
TODAY = dt.date.today()
D = dt.date


def login(page, base, username):
    page.context.clear_cookies()
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def walked_to_approval(company):
    """张华's file in BA with steps 1–16 done (2022–2023); the admission vote on 2023-06-01 at a quorate assembly."""
    branch = company["branch_a"]
    voters = [company["person_a"], *(PersonFactory(branch=branch, member=True, name=f"赵{i}") for i in range(4))]
    person = PersonFactory(branch=branch, name="张华", birth_date=D(1996, 3, 3))
    dossier = services.dossier_open(actor=SYSTEM, person=person, applied_on=D(2022, 1, 10))
    plan = [
        ("talk", D(2022, 1, 25), {}),
        ("activist", D(2022, 3, 1), {}),
        ("activist_filed", D(2022, 3, 10), {}),
        ("contacts", D(2022, 3, 10), {}),
        ("activist_review", D(2022, 9, 1), {}),
        ("candidate", D(2023, 3, 1), {}),
        ("candidate_filed", D(2023, 3, 5), {}),
        ("introducers", D(2023, 3, 10), {"introducers": voters[1:3], "relations": ["", ""]}),
        ("political_review", D(2023, 4, 1), {}),
        ("training", D(2023, 4, 10), {"training_days": 3}),
        ("committee_review", D(2023, 5, 1), {}),
        ("pre_review", D(2023, 5, 10), {}),
        ("application_form", D(2023, 5, 20), {}),
    ]
    for code, on, extra in plan:
        services.step_record(actor=SYSTEM, dossier=dossier, step=code, done_on=on, **extra)
    meeting = meeting_record(
        actor=SYSTEM,
        org=branch,
        meeting_type="general_assembly",
        held_on=D(2023, 6, 1),
        attendance=[Mark(p, "present") for p in voters],
        topic="讨论接收预备党员",
        vote_held=True,
    )
    services.step_record(
        actor=SYSTEM, dossier=dossier, step="admission_vote", meeting=meeting, votes_for=5, votes_against=0
    )
    services.step_record(actor=SYSTEM, dossier=dossier, step="higher_talk", done_on=D(2023, 6, 10))
    return dossier


@pytest.mark.django_db(transaction=True)
def test_secretary_runs_a_file_on_a_phone_and_the_office_approves(company, live_server, browser, screenshot_dir):
    applicant = PersonFactory(branch=company["branch_a"], name="陈小红", birth_date=D(1999, 4, 2))
    approved = walked_to_approval(company)
    account_with_role("secretary", company["branch_a"], username="r_sec")
    account_with_role("party_office", company["root"], username="r_office")
    base = live_server.url
    page = browser.new_page(viewport=PHONE, locale="zh-CN")

    login(page, base, "r_sec")
    page.goto(base + reverse("recruitment:board"))
    page.get_by_test_id("open-file").click()
    page.fill("input[name=employee_no]", applicant.employee_no)
    page.fill("input[name=applied_on]", f"{TODAY - dt.timedelta(days=70):%Y-%m-%d}")
    page.screenshot(path=str(screenshot_dir / "recruitment-open-phone.png"), full_page=True)
    fits(page)
    page.get_by_role("button", name="建立档案").click()
    expect(page.get_by_test_id("party-status")).to_have_text("入党申请人")
    form = page.get_by_test_id("step-form")
    for code, days in (("talk", 60), ("activist", 40)):
        expect(form.locator("select[name=step]")).to_have_value(code)  # the next step is offered
        form.locator("input[name=done_on]").fill(f"{TODAY - dt.timedelta(days=days):%Y-%m-%d}")
        form.locator("button[type=submit]").click()
        expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_test_id("party-status")).to_have_text("入党积极分子")
    # the filing with the higher committee is not the branch's to record: the page says who does it
    expect(page.get_by_test_id("next-elsewhere")).to_contain_text("上级党委")
    page.screenshot(path=str(screenshot_dir / "recruitment-file-phone.png"), full_page=True)
    fits(page)
    file_url = page.url

    page.goto(base + reverse("recruitment:board"))
    expect(page.get_by_test_id("board")).to_contain_text("陈小红")
    expect(page.get_by_test_id("board")).to_contain_text("张华")
    page.screenshot(path=str(screenshot_dir / "recruitment-board-phone.png"), full_page=True)
    fits(page)
    for name in ("recruitment:plans", "recruitment:steps"):
        page.goto(base + reverse(name))
        page.screenshot(path=str(screenshot_dir / f"recruitment-{name.split(':')[1]}-phone.png"), full_page=True)
        fits(page)

    login(page, base, "r_office")
    page.goto(file_url)
    form = page.get_by_test_id("step-form")
    expect(form.locator("select[name=step]")).to_have_value("activist_filed")
    form.locator("input[name=done_on]").fill(f"{TODAY - dt.timedelta(days=35):%Y-%m-%d}")
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_test_id("step-form").locator("select[name=step]")).to_have_value("contacts")

    page.goto(base + reverse("recruitment:file", args=[approved.pk]))
    form = page.get_by_test_id("step-form")
    expect(form.locator("select[name=step]")).to_have_value("approval")
    form.locator("input[name=done_on]").fill("2023-08-01")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("party-status")).to_have_text("预备党员")
    page.screenshot(path=str(screenshot_dir / "recruitment-approved-phone.png"), full_page=True)
    fits(page)
    page.close()

    applicant.refresh_from_db()
    assert (applicant.party_status, applicant.applied_on) == ("activist", TODAY - dt.timedelta(days=70))
    assert applicant.activist_on == TODAY - dt.timedelta(days=40)
    person = Person.objects.get(pk=approved.person_id)
    assert (person.party_status, person.probationary_on) == ("probationary", D(2023, 6, 1))
