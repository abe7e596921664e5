"""The boards (展板) in a real Chromium: an org's wall and a project's kiosk on a 1920×1080 wall screen and on a
375 px phone, logged in as a read-only leader (as a screen would be); the data fragment reloads and redraws its
charts without reloading the page.

Screenshots go to artifacts/screenshots/boards-*.png for a person to look at.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from dangjian.indicators.models import Indicator, IndicatorValue
from dangjian.projects.projects.models import Task
from tests.boards.conftest import build_project
from tests.factories import TEST_PASSWORD, PartyOrgFactory, account_with_role

WALL = {"width": 1920, "height": 1080}
PHONE = {"width": 375, "height": 812}
D = Decimal

# title, domain, owner key, goals: (name, unit, baseline, target, direction, actual or None), tasks, done
PROJECTS = [
    (
        "党建+提高电流效率",
        "production",
        "e3",
        [
            ("电流效率", "%", "92.1", "92.6", "higher", "92.4"),
            ("吨铝直流电耗", "kWh/t", "13250", "13150", "lower", "13180"),
        ],
        6,
        4,
    ),
    (
        "党建+电解精益生产",
        "production",
        "e3",
        [("换极作业时间", "min", "20", "18", "lower", "18"), ("偏离电压", "mV", "50", "37.5", "lower", "36")],
        5,
        5,
    ),
    ("党建+本质安全", "safety_env", "a", [("轻伤及以上事故", "起", "0", "0", "lower", "0")], 4, 2),
    ("党建+节支创效", "cost", "b", [("备件费用", "万元", "800", "675", "lower", "700")], 3, 1),
    ("党建+人员技能提升", "workforce", "b", [("课后练兵", "场", "60", "108", "higher", None)], 4, 3),
    (
        "党建+深度节能：空压机与排烟风机运行模式优化",
        "innovation",
        "a",
        [
            ("空压机电耗", "kWh/t-Al", "300", "250", "lower", "262"),
            ("排烟风机电耗", "kWh/t-Al", "60", "48", "lower", "55"),
        ],
        3,
        0,
    ),
    ("党建+服务提质增效、破解基层难题", "harmony", "e3", [("办结职工诉求", "件", "0", "40", "higher", "43")], 2, 2),
]


@pytest.fixture
def board_data(transactional_db, company):
    """This year's projects of three branches, goals read from monthly production data up to last month."""
    today = timezone.localdate()
    year = today.year
    e3 = PartyOrgFactory(code="E3", name="电解三车间党支部", parent=company["root"])
    owners = {"a": company["branch_a"], "b": company["branch_b"], "e3": e3}
    last_month = max(today.month - 1, 1)
    made = []
    for n, (title, domain, owner, goals, tasks, done) in enumerate(PROJECTS):
        project = build_project(
            owners[owner],
            title=title,
            code=f"QN-{year}-{n + 1:03d}",
            domain=domain,
            year=year,
            starts_on=dt.date(year, 1, 1),
            ends_on=dt.date(year, 12, 31),
            goals=0,
            tasks=tasks,
            done=done,
        )
        if n == 0:
            project.results_summary = "年度平均电流效率同比提高0.5%，吨铝直流电耗下降70 kWh/t。"
            project.highlights = "搭建党员攻坚小组，实施“六不能一切换、提升电流效率四个0.1”等举措。"
            project.save()
        Task.objects.filter(project=project, done_on__isnull=False).update(done_on=dt.date(year, 1, 15))
        Task.objects.filter(project=project, done_on__isnull=True).update(due_on=today + dt.timedelta(days=20))
        overdue = Task.objects.filter(project=project, done_on__isnull=True).first()
        if overdue and n % 2 == 0:
            Task.objects.filter(pk=overdue.pk).update(due_on=dt.date(year, 1, 31))
        for i, (name, uom, baseline, target, direction, actual) in enumerate(goals):
            goal = project.goals.create(
                indicator_name=name,
                unit_of_measure=uom,
                baseline=D(baseline),
                target=D(target),
                direction=direction,
                order=i,
            )
            if actual is None:
                continue
            indicator = Indicator.objects.create(
                code=f"I{n}{i}",
                name=name,
                unit_of_measure=uom,
                granularity="month",
                rollup="last",
                direction=direction,
            )
            IndicatorValue.objects.create(
                indicator=indicator,
                unit=company["workshop"],
                granularity="month",
                period_start=dt.date(year, last_month, 1),
                value=D(actual),
                source="manual",
            )
            goal.source, goal.indicator, goal.unit = "series", indicator, company["workshop"]
            goal.save()
        made.append(project)
    account_with_role("leader", company["root"], username="screen")
    return made


def login(page, base: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", "screen")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


@pytest.mark.parametrize(("label", "viewport"), [("wall", WALL), ("phone", PHONE)])
def test_wall_and_kiosk_on_a_screen_and_a_phone(board_data, live_server, browser, screenshot_dir, label, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    base = live_server.url
    login(page, base)

    page.goto(base + reverse("boards:org", args=["ROOT"]))
    cards = page.locator("[data-testid=board-card]")
    expect(cards).to_have_count(len(PROJECTS))
    expect(page.locator("[data-testid=board-title]")).to_contain_text("公司党委")
    # Every card with goals has its bar chart drawn.
    expect(page.locator(".dj-bars canvas")).to_have_count(len(PROJECTS))
    assert "60%" in cards.nth(0).inner_text() or "60%" in page.locator("[data-testid=wall]").inner_text()
    page.screenshot(path=str(screenshot_dir / f"boards-wall-{label}.png"), full_page=True)
    # Nothing sticks out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1

    project = board_data[0]
    page.locator("[data-testid=board-card] a", has_text=project.title).click()
    expect(page.locator("[data-testid=kiosk-title]")).to_have_text(project.title)
    expect(page.locator(".dj-gauge canvas")).to_have_count(2)
    expect(page.locator("[data-testid=kiosk-goal]").first).to_contain_text("60%")
    page.screenshot(path=str(screenshot_dir / f"boards-kiosk-{label}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
    if label == "wall":
        # The kiosk fits one 1080-pixel screen without scrolling.
        assert page.evaluate("document.documentElement.scrollHeight") <= viewport["height"]

    # A task is done meanwhile: the fragment reloads (as the 60-second poll does) and the charts are redrawn.
    Task.objects.filter(project=project, done_on__isnull=True).update(done_on=timezone.localdate(), evidence="完成")
    page.evaluate("marker = true")
    page.evaluate(
        "url => htmx.ajax('GET', url, {target: '#kiosk-data', swap: 'innerHTML'})",
        reverse("boards:kiosk_data", args=[project.pk]),
    )
    expect(page.locator("[data-testid=task-count]")).to_have_text("6/6")
    expect(page.locator(".dj-gauge canvas")).to_have_count(2)
    assert page.evaluate("window.marker") is True, "the page itself was not reloaded"
    assert errors == []
    context.close()


@pytest.mark.parametrize(("label", "viewport"), [("desktop", {"width": 1366, "height": 900}), ("phone", PHONE)])
def test_compile_the_year_in_one_click(
    board_data, live_server, browser, screenshot_dir, settings, tmp_path, label, viewport
):
    settings.MEDIA_ROOT = tmp_path / "media"
    account_with_role("party_office", board_data[0].owner.parent, username="office")
    context = browser.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    base = live_server.url
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))

    page.goto(base + reverse("boards:compilations"))
    page.select_option("select[name=org]", "ROOT")
    page.select_option("select[name=year]", str(timezone.localdate().year))
    page.locator("[data-testid=compile]").click()
    # Tasks run inline in tests, so the job is finished when its page opens; in production the bar fills first.
    expect(page.locator("[data-testid=compilation-done]")).to_contain_text(str(len(PROJECTS)))
    page.screenshot(path=str(screenshot_dir / f"boards-compilation-{label}.png"), full_page=True)
    with page.expect_download() as download:
        page.locator("[data-testid=download-pdf]").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.goto(base + reverse("boards:compilations"))
    expect(page.locator("[data-testid=compilations] tbody tr")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
    page.screenshot(path=str(screenshot_dir / f"boards-compilations-{label}.png"), full_page=True)
    context.close()
