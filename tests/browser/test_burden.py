"""The burden meter in a real Chromium: a scripted month of a branch secretary's routine on a 375 px phone — the
month's 支委会, 主题党日, 党员大会 and 党课 recorded, the members' points claims decided — then 党群工作部 recomputes
the month and reads the meter, and the secretary opens the year's draft report (the meetings stated, gaps marked).
The meter must have seen every send the script made (counts equal); the figures are written to
artifacts/burden_month.json for bench/burden_month.py. Screenshots: artifacts/screenshots/burden-*."""

import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from dangjian.burden.models import FormEvent, MonthlyBurden
from dangjian.core.services import SYSTEM
from dangjian.meetings.models import Meeting
from dangjian.org.models import CommitteeSeat
from dangjian.points import services as points
from dangjian.points.models import PointsEntry, PointsRule
from tests.factories import TEST_PASSWORD, PersonFactory, account_with_role

PHONE = {"width": 375, "height": 812}
RESULT = Path(__file__).resolve().parents[2] / "artifacts" / "burden_month.json"
MEETINGS = [
    ("committee", "研究本月发展党员和积分审核"),
    ("themed_day", "学习安全生产规程"),
    ("general_assembly", "通报第四季度重点工作"),
    ("lecture", "书记讲党课：党建+降本增效"),
]


def login(page, base, username):
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


@pytest.fixture
def month_of_work(transactional_db, company, settings):
    settings.BURDEN_METER = True
    branch = company["branch_a"]
    people = [company["person_a"]] + [PersonFactory(branch=branch, member=True, name=f"党员{i}") for i in range(6)]
    CommitteeSeat.objects.create(org=branch, person=people[0], role="secretary", since=dt.date(2020, 1, 1))
    account_with_role("secretary", branch, person=people[0], username="b_sec")
    account_with_role("party_office", company["root"], username="b_office")
    points.defaults_install(actor=SYSTEM, company=company["root"], valid_from=dt.date(2020, 1, 1))
    rule = PointsRule.objects.get(company=company["root"], code="SAFETY_VIOLATION")
    today = timezone.localdate()
    for person in people[1:4]:
        points.entry_create(
            actor=SYSTEM,
            person=person,
            rule=rule,
            occurred_on=today,
            reason=f"{person.name}巡检记录",
            evidence="巡检记录表",
        )
    return {"branch": branch, "people": people, "today": today}


def test_a_secretary_month_is_seen_whole_by_the_meter(month_of_work, live_server, browser, screenshot_dir):
    base, today = live_server.url, month_of_work["today"]
    first = today.replace(day=1)
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, base, "b_sec")
    sends = 0
    started = time.monotonic()
    for n, (kind, topic) in enumerate(MEETINGS):
        page.goto(f"{base}{reverse('meetings:create')}?org=BA&meeting_type={kind}")
        form = page.get_by_test_id("meeting-form")
        expect(form).to_be_visible()
        page.fill("input[name=held_on]", str(min(first + dt.timedelta(days=n), today)))
        page.fill("input[name=topic]", topic)
        page.fill("input[name=location]", "党员活动室")
        if kind == "lecture":
            page.select_option("select[name=lecturer]", str(month_of_work["people"][0].pk))
        if n == 0:
            page.screenshot(path=str(screenshot_dir / "burden-meeting-form-375.png"), full_page=True)
        page.get_by_test_id("save-meeting").click()
        page.wait_for_url(re.compile(r".*/meetings/\d+/$"))
        sends += 1
    assert Meeting.objects.filter(org=month_of_work["branch"]).count() == len(MEETINGS)
    for n in range(3):
        page.goto(base + reverse("points:queue"))
        row = page.get_by_test_id("queue").locator("tr", has_text="巡检记录").first
        if n == 0:
            row.locator("input[name=note]").fill("已核实")
        row.get_by_role("button", name="批准", exact=True).click()
        page.wait_for_url(re.compile(r".*/points/queue/$"))
        sends += 1
    assert PointsEntry.objects.filter(status="approved", reason__endswith="巡检记录").count() == 3
    scripted_seconds = time.monotonic() - started
    context.close()

    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, base, "b_office")
    page.goto(base + reverse("burden:meter"))
    page.get_by_test_id("recompute").click()
    expect(page.get_by_test_id("total-submissions")).to_have_text(str(sends))
    expect(page.get_by_test_id("total-successes")).to_have_text(str(sends))
    expect(page.get_by_test_id("per-role")).to_contain_text("书记")
    expect(page.get_by_test_id("top-forms")).to_contain_text("meetings:create")
    page.screenshot(path=str(screenshot_dir / "burden-meter-375.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    context.close()

    # the same secretary's draft of the branch's year: the month's meetings stated with their links, gaps marked
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, base, "b_sec")
    page.goto(f"{base}{reverse('drafts:draft')}?org=BA&year={today.year}&kind=secretary")
    meetings = page.get_by_test_id("section-meetings")
    expect(meetings).to_contain_text(f"组织生活会议 {Meeting.objects.filter(org=month_of_work['branch']).count()} 次")
    expect(page.get_by_test_id("gap").first).to_contain_text("【待补充】")
    page.screenshot(path=str(screenshot_dir / "burden-draft-375.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    with page.expect_download() as download:
        page.get_by_test_id("docx").click()
    assert download.value.suggested_filename.endswith(".docx")
    context.close()

    rows = list(MonthlyBurden.objects.filter(month=first, role="secretary"))
    seen = sum(r.submissions for r in rows)
    assert seen == sends == FormEvent.objects.filter(kind="submit").count()  # the meter saw every send
    figures = {
        "month": f"{first:%Y-%m}",
        "sends": sends,
        "seen_by_meter": seen,
        "opens": sum(r.opens for r in rows),
        "typed": sum(r.typed for r in rows),
        "reused": sum(r.reused for r in rows),
        "repeats": sum(r.repeats for r in rows),
        "metered_seconds": sum(r.seconds for r in rows),
        "scripted_seconds": round(scripted_seconds, 1),
        "forms": {r.form: {"sends": r.submissions, "typed": r.typed, "seconds": r.seconds} for r in rows},
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    print("burden month:", json.dumps(figures, ensure_ascii=False))
