"""The burden meter in a real Chromium: a scripted month of a branch secretary's routine on a 375 px phone — the
month's 支委会, 主题党日, 党员大会 and 党课 recorded; the members' points claims decided; the month's review (月度评估)
of the branch's running 党建+X project written and submitted with its goal's actual value; an employee's concern
(我为群众办实事) accepted and resolved with a reply; the branch's assessment sheet self-scored and submitted (two
items typed, the meeting item computed by the platform) — then 党群工作部 recomputes the month and reads the
meter, and the secretary opens the year's draft report (the meetings stated, gaps marked).
The meter must have seen every send the script made, capability by capability (counts equal); the figures, in all and
per capability, are written to artifacts/burden_month.json for bench/burden_month.py.
Screenshots: artifacts/screenshots/burden-*."""

import datetime as dt
import json
import re
import time
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from dangjian.assessment import services as assessment
from dangjian.assessment.models import Sheet
from dangjian.burden.models import FormEvent, MonthlyBurden
from dangjian.core.services import SYSTEM
from dangjian.meetings.models import Meeting
from dangjian.org.models import CommitteeSeat
from dangjian.points import services as points
from dangjian.points.models import PointsEntry, PointsRule
from dangjian.projects.projects.models import Domain, State
from dangjian.projects.reviews.models import ProjectReview
from dangjian.service import services as service
from dangjian.service.models import ServiceRequest
from tests.factories import TEST_PASSWORD, PersonFactory, account_with_role
from tests.projects.factories import GoalFactory, ProjectFactory

PHONE = {"width": 375, "height": 812}
SUMS = ("opens", "submissions", "typed", "reused", "seconds")  # a capability's share of the month
RESULT = Path(__file__).resolve().parents[2] / "artifacts" / "burden_month.json"
MEETINGS = [
    ("committee", "研究本月发展党员和积分审核"),
    ("themed_day", "学习安全生产规程"),
    ("general_assembly", "通报第四季度重点工作"),
    ("lecture", "书记讲党课：党建+降本增效"),
]
# The month's assessment items: one computed from the meeting records (the secretary types nothing for it), two
# scored by hand (one with its evidence).
ITEMS = [
    (
        "组织建设",
        "A1",
        {
            "title": "三会一课按期开展",
            "max_points": Decimal(10),
            "source": "meeting_compliance",
            "zero_at": Decimal("0.5"),
            "full_at": Decimal(1),
        },
    ),
    ("组织建设", "A2", {"title": "会议记录完整规范", "max_points": Decimal(10), "evidence_required": True}),
    ("作用发挥", "B1", {"title": "党建+X项目按计划推进", "max_points": Decimal(10)}),
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
    # the branch's running 党建+X project, its one goal's actual entered in the monthly review
    project = ProjectFactory(
        owner=branch,
        code=f"BA-{today.year}-01",
        title="党建+降低吨铝直流电耗",
        domain=Domain.COST,
        year=today.year,
        starts_on=dt.date(today.year, 1, 1),
        ends_on=dt.date(today.year, 12, 31),
        state=State.IN_PROGRESS,
        secretary=people[0],
    )
    goal = GoalFactory(
        project=project,
        indicator_name="吨铝直流电耗",
        unit_of_measure="kWh/t",
        direction="lower",
        baseline=Decimal(13150),
        target=Decimal(13050),
        benchmark=Decimal(12950),
    )
    # the month's assessment sheet of BA (the automatic item's sentence in the office's language)
    template = assessment.template_create(
        actor=SYSTEM,
        org=company["root"],
        year=today.year,
        name=f"{today.year}年党建工作双百分考核细则",
        party_weight=Decimal("0.6"),
        production_weight=Decimal("0.4"),
    )
    for order, (category, code, fields) in enumerate(ITEMS):
        assessment.item_upsert(
            actor=SYSTEM, template=template, category_name=category, code=code, order=order, **fields
        )
    with translation.override("zh-hans"):
        period = assessment.period_open(actor=SYSTEM, template=template, month=today.replace(day=1))
    # an employee's concern sent to the branch
    concern = service.request_submit(
        actor=SYSTEM,
        submitter=PersonFactory(branch=branch, name="孙师傅"),
        category="welfare",
        title="澡堂热水不足",
        description="夜班下班后澡堂没有热水。",
    )
    return {
        "branch": branch,
        "people": people,
        "today": today,
        "project": project,
        "goal": goal,
        "sheet": period.sheets.get(org=branch),
        "concern": concern,
    }


def fits_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1


def test_a_secretary_month_is_seen_whole_by_the_meter(month_of_work, live_server, browser, screenshot_dir):
    base, today, work = live_server.url, month_of_work["today"], month_of_work
    first = today.replace(day=1)
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, base, "b_sec")
    script = Counter()  # the sends the script made, per capability (the URL namespace the meter files them under)
    started = time.monotonic()
    for n, (kind, topic) in enumerate(MEETINGS):
        page.goto(f"{base}{reverse('meetings:create')}?org=BA&meeting_type={kind}")
        form = page.get_by_test_id("meeting-form")
        expect(form).to_be_visible()
        page.fill("input[name=held_on]", str(min(first + dt.timedelta(days=n), today)))
        page.fill("input[name=topic]", topic)
        page.fill("input[name=location]", "党员活动室")
        if kind == "lecture":
            page.select_option("select[name=lecturer]", str(work["people"][0].pk))
        if n == 0:
            page.screenshot(path=str(screenshot_dir / "burden-meeting-form-375.png"), full_page=True)
        page.get_by_test_id("save-meeting").click()
        page.wait_for_url(re.compile(r".*/meetings/\d+/$"))
        script["meetings"] += 1
    assert Meeting.objects.filter(org=work["branch"]).count() == len(MEETINGS)
    # the queue is opened once: each decision comes back to it (a person does not open it again)
    page.goto(base + reverse("points:queue"))
    claims = page.get_by_test_id("queue").locator("tr", has_text="巡检记录")
    for n in range(3):
        row = claims.first
        if n == 0:
            row.locator("input[name=note]").fill("已核实")
        row.get_by_role("button", name="批准", exact=True).click()
        expect(claims).to_have_count(2 - n)
        script["points"] += 1
    assert PointsEntry.objects.filter(status="approved", reason__endswith="巡检记录").count() == 3

    # the month's review of the branch's 党建+X project, at the 支委会: the goal's actual, a line on how it went
    project = work["project"]
    page.goto(base + reverse("reviews:review", args=[project.pk, first.year, first.month]))
    expect(page.get_by_test_id("review-form")).to_be_visible()
    page.fill(f"input[name=goal_{work['goal'].pk}]", "13110")
    page.fill("input[name=held_at]", f"{first.month}月支委会")
    page.fill("textarea[name=narrative]", "槽电压稳定在4.05V以下，电耗较基准下降40kWh/t。")
    page.screenshot(path=str(screenshot_dir / "burden-review-375.png"), full_page=True)
    fits_phone(page)
    page.get_by_test_id("submit-review").click()
    page.wait_for_url(re.compile(rf".*/projects/{project.pk}/$"))
    script["reviews"] += 1
    review = ProjectReview.objects.get(project=project, month=first)
    assert review.submitted and review.actuals.get().value == Decimal(13110)

    # an employee's concern: accepted (the secretary handles it), then resolved with the reply
    concern = work["concern"]
    page.goto(base + reverse("service:detail", args=[concern.pk]))
    page.select_option("select[name=handler]", str(work["people"][0].pk))
    page.screenshot(path=str(screenshot_dir / "burden-concern-accept-375.png"), full_page=True)
    fits_phone(page)
    page.get_by_test_id("step-accept").click()
    expect(page.get_by_test_id("step-resolve")).to_be_visible()  # the same page again, now accepted
    script["service"] += 1
    page.fill("textarea[name=comment]", "已协调后勤更换澡堂热水器，夜班下班可正常洗浴。")
    page.screenshot(path=str(screenshot_dir / "burden-concern-resolve-375.png"), full_page=True)
    fits_phone(page)
    page.get_by_test_id("step-resolve").click()
    expect(page.get_by_test_id("resolution")).to_contain_text("热水器")
    script["service"] += 1
    assert ServiceRequest.objects.get(pk=concern.pk).state == "resolved"

    # the month's assessment: the two hand-scored items, then the sheet submitted (A1 is computed, not typed)
    sheet = work["sheet"]
    page.goto(base + reverse("assessment:sheet", args=[sheet.pk]))
    for code, score, evidence in (("A2", "9", f"{first.month}月支委会、党员大会记录"), ("B1", "8", "")):
        line = page.get_by_test_id("line").filter(has_text=code)
        line.locator("input[name=score]").fill(score)
        if evidence:
            line.locator("input[name=evidence]").fill(evidence)
        line.locator("button[type=submit]").click()
        expect(page.get_by_test_id("line").filter(has_text=code).get_by_test_id("final")).to_have_text(
            re.compile(rf"^{score}(\.0+)?$")
        )
        script["assessment"] += 1
    page.screenshot(path=str(screenshot_dir / "burden-assessment-375.png"), full_page=True)
    fits_phone(page)
    page.get_by_test_id("moves").locator("button[value=submit]").click()
    expect(page.get_by_test_id("sheet-status")).to_have_text("已提交待审核")
    script["assessment"] += 1
    expect(page.get_by_test_id("line").filter(has_text="A1").get_by_test_id("computation")).to_contain_text("自动计算")
    assert Sheet.objects.get(pk=sheet.pk).status == Sheet.Status.SUBMITTED
    scripted_seconds = time.monotonic() - started
    sends = sum(script.values())
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
    capabilities: dict[str, dict] = defaultdict(lambda: dict.fromkeys(SUMS, 0))
    for r in rows:
        for name in SUMS:
            capabilities[r.capability][name] += getattr(r, name)
    # ... and filed each under the capability the script used
    assert {cap: row["submissions"] for cap, row in capabilities.items() if row["submissions"]} == dict(script)
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
        "capabilities": {
            cap: {"sends": row["submissions"], **{k: v for k, v in row.items() if k != "submissions"}}
            for cap, row in sorted(capabilities.items())
        },
        "forms": {r.form: {"sends": r.submissions, "typed": r.typed, "seconds": r.seconds} for r in rows},
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    print("burden month:", json.dumps(figures, ensure_ascii=False))
