"""From an empty installation to a first result in every capability, in a real Chromium (issue 15, "Tests and
measurement").

Only the documented bootstrap runs outside the browser (docs/operations.md: `create_account` for the three
administrators, then `init_company`, whose printed one-time password the office reads). Everything after is done
the way the people do it, through the pages: the office downloads each import template, fills it with the company's
own rows (openpyxl stands in for the person at their spreadsheet) and uploads it; the system administrator makes the
accounts and prints the one-time passwords; the security administrator gives the roles; a secretary, a team leader
and an employee sign in, choose their passwords and do their part. No seeder, no service call.

The journey is measured: every screen loaded (a main-frame navigation), every field typed or chosen (fill, select,
file upload) and every click, and the seconds it takes. The numbers are printed as `JOURNEY …` and written to
artifacts/journey.json; screenshots of each step at 1366 px and of each result page at 375 px go to
artifacts/screenshots/journey-*.png.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import time
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
ADMIN_PASSWORD = "Admin@2026-journey"
CHOSEN = {
    "office": "Office@2026-journey",
    "E001": "Secretary@2026-journey",
    "E004": "Leader@2026-journey",
    "E008": "Employee@2026-journey",
}
TIMEOUT = 20_000


class Tally:
    """What the journey cost, in total and per person: screens loaded (main-frame navigations), fields typed or
    chosen, clicks, spreadsheet cells filled for the imports, and the distinct pages seen."""

    KINDS = ("screens", "fields", "clicks", "cells")

    def __init__(self):
        self.by_person: dict[str, dict[str, int]] = {}
        self.pages: set[str] = set()
        self.started = time.monotonic()
        self.aside = 0.0  # seconds spent on screenshots, which are not part of the journey

    def add(self, person: str, kind: str, n: int = 1) -> None:
        counts = self.by_person.setdefault(person, dict.fromkeys(self.KINDS, 0))
        counts[kind] += n

    def navigated(self, person: str, url: str) -> None:
        self.add(person, "screens")
        # A page is its path with the numbers taken out: /projects/12/ and /projects/13/ are the same page.
        path = "/" + url.split("//", 1)[-1].split("/", 1)[-1].split("?")[0].split("#")[0]
        self.pages.add(re.sub(r"/\d+(?=/)", "/<n>", path))

    def total(self, kind: str) -> int:
        return sum(counts[kind] for counts in self.by_person.values())


class Actor:
    """One person at their own browser (their own cookies), counting what they do."""

    def __init__(self, browser, base: str, tally: Tally, shots: Path, name: str, viewport=DESKTOP):
        self.context = browser.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True)
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("framenavigated", lambda frame: frame == self.page.main_frame and tally.navigated(name, frame.url))
        self.base, self.tally, self.shots, self.name = base, tally, shots, name

    # --- what a person does ---
    def go(self, url: str):
        self.page.goto(self.base + url)
        return self.page

    def menu(self, url_name: str) -> None:
        """Follow the navigation bar's entry for `url_name` (it must be there for this person), opening the menu on a
        phone and the entry's group first when it sits in one."""
        selector = f"nav.dj-navbar .navbar-nav a[href='{reverse(url_name)}']"
        toggler = self.page.locator(".navbar-toggler")
        if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
            self.click(".navbar-toggler")
        group = self.page.locator(
            f"nav.dj-navbar li.dropdown:has({selector.removeprefix('nav.dj-navbar .navbar-nav ')})"
        )
        if group.count() and not self.page.locator(selector).is_visible():
            self.click(f"nav.dj-navbar li.dropdown:has({selector.removeprefix('nav.dj-navbar .navbar-nav ')}) > a")
        self.click(selector)
        self.page.wait_for_load_state()

    def follow(self, url: str, where: str = "main", *, query: bool = False) -> None:
        """Follow the link on the page to `url` (with `query`: to `url` with some query string)."""
        self.click(f"{where} a[href^='{url}?']" if query else f"{where} a[href='{url}']")
        self.page.wait_for_load_state()

    def fill(self, selector: str, value: str) -> None:
        self.tally.add(self.name, "fields")
        self.page.fill(selector, value)

    def select(self, selector: str, value=None, *, label=None) -> None:
        self.tally.add(self.name, "fields")
        if label is not None:
            self.page.select_option(selector, label=label)
        else:
            self.page.select_option(selector, value)

    def choose(self, selector: str, text: str) -> None:
        """Pick the option whose label reads `text` (ignoring the indentation that shows a tree's depth), or else
        the one option whose label starts with it."""
        self.tally.add(self.name, "fields")
        # The click that led here may still be loading the page: wait for the list's options before reading them.
        self.page.locator(f"{selector} option").first.wait_for(state="attached")
        options = self.page.locator(f"{selector} option")
        labels = [label.strip(" \u2003·") for label in options.all_inner_texts()]
        found = [n for n, label in enumerate(labels) if label == text] or [
            n for n, label in enumerate(labels) if label.startswith(text)
        ]
        assert len(found) == 1, f"{selector}: no single option {text!r} in {labels}"
        self.page.select_option(selector, options.nth(found[0]).get_attribute("value"))

    def upload(self, selector: str, path: Path) -> None:
        self.tally.add(self.name, "fields")
        self.page.set_input_files(selector, str(path))

    def check(self, selector: str) -> None:
        self.tally.add(self.name, "fields")
        self.page.check(selector)

    def click(self, selector: str) -> None:
        self.tally.add(self.name, "clicks")
        self.page.locator(selector).click()

    def arrive(self, pattern: str) -> None:
        """Wait for the page a form leads to; if the form came back instead, say what it refused."""
        try:
            self.page.wait_for_url(re.compile(pattern), timeout=TIMEOUT)
        except Exception:
            refused = self.page.locator(".invalid-feedback, .text-danger, .alert-danger").all_inner_texts()
            raise AssertionError(f"{self.name} stayed on {self.page.url}: {refused}") from None

    def shot(self, name: str) -> None:
        began = time.monotonic()
        if self.page.locator("canvas").count():
            self.page.wait_for_timeout(1200)  # ECharts draws its lines in over a second
        width = self.page.viewport_size["width"]
        size = "desktop" if width > PHONE["width"] else str(width)
        self.page.screenshot(path=str(self.shots / f"journey-{name}-{size}.png"), full_page=True)
        self.tally.aside += time.monotonic() - began

    # --- signing in ---
    def sign_in(self, username: str, password: str) -> None:
        self.go(reverse("accounts:login"))
        self.fill("input[name=username]", username)
        self.fill("input[name=password]", password)
        self.click("form:has(input[name=password]) button[type=submit]")
        self.page.wait_for_load_state()

    def first_sign_in(self, username: str, one_time: str, chosen: str) -> None:
        """A one-time password works once: the first page after it is the password page."""
        self.sign_in(username, one_time)
        self.page.wait_for_url(re.compile(r".*/accounts/password/.*"))
        self.fill("input[name=old_password]", one_time)
        self.fill("input[name=new_password1]", chosen)
        self.fill("input[name=new_password2]", chosen)
        self.click("main button[type=submit]")
        self.page.wait_for_load_state()
        assert "/accounts/password/" not in self.page.url

    def close(self) -> None:
        assert self.errors == [], f"{self.name}: script errors {self.errors}"
        self.context.close()


def import_rows(actor: Actor, slug: str, rows: list[dict], folder: Path) -> None:
    """The import journey as a person makes it: the template downloaded from the import page, their rows typed into
    its first sheet under its headers (the example row replaced), the file uploaded, the preview confirmed."""
    page = actor.page
    assert page.url.split("?")[0].endswith(reverse("core:import_new", args=[slug])), page.url
    with page.expect_download() as download:
        actor.click("[data-testid=template-xlsx]")
    path = folder / f"{slug}.xlsx"
    download.value.save_as(path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    headers = [str(cell.value or "").rstrip("*") for cell in sheet[1]]
    unknown = {key for row in rows for key in row} - set(headers)
    assert not unknown, f"the {slug} template has no column {unknown}: {headers}"
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
        actor.tally.add(actor.name, "cells", sum(1 for value in row.values() if value not in (None, "")))
    workbook.save(path)
    actor.upload("input[type=file]", path)
    actor.click("[data-testid=upload-submit]")
    invalid = page.locator("[data-testid=import-invalid]")
    confirm = page.locator("[data-testid=import-confirm]")
    expect(invalid.or_(confirm)).to_be_visible()
    assert not invalid.is_visible(), f"{slug}: " + " | ".join(
        page.locator("[data-testid=import-error]").all_inner_texts()
    )
    created = int(page.locator("[data-testid=count-create]").inner_text())
    updated = int(page.locator("[data-testid=count-update]").inner_text())
    assert created + updated == len(rows), f"{slug}: {created} new and {updated} updated of {len(rows)} rows"
    actor.click("[data-testid=import-confirm]")
    expect(page.locator("[data-testid=import-done]")).to_be_visible()


def setup_link(actor: Actor, href: str) -> None:
    """Open the set-up centre and follow its link to `href` (the link must be there)."""
    actor.menu("setup")
    link = actor.page.locator(f"[data-testid^=setup-] a[href^='{href}']").first
    expect(link).to_be_visible()
    actor.tally.add(actor.name, "clicks")
    link.click()
    actor.page.wait_for_load_state()


# --- the company's own lists (what the office has in its spreadsheets) ---

UNITS = [
    {"单位编码": "W1", "单位名称": "电解一车间", "单位类别": "车间", "上级单位编码": "QN", "排序": 1},
    {"单位编码": "T1", "单位名称": "电解一车间甲班", "单位类别": "班组", "上级单位编码": "W1", "排序": 1},
    {"单位编码": "T2", "单位名称": "电解一车间乙班", "单位类别": "班组", "上级单位编码": "W1", "排序": 2},
]
ORGS = [
    # The committee itself was made by init_company: its row (the only one without a parent) adds its term and
    # names the company unit it covers (an empty cell would clear that link: refused).
    {
        "组织编码": "QNDL",
        "组织名称": "重庆旗能电铝有限公司党委",
        "组织类别": "党委",
        "成立日期": dt.date(2004, 7, 1),
        "本届开始日期": dt.date(2022, 6, 20),
        "本届届满日期": dt.date(2027, 6, 19),
        "覆盖单位编码": "QN",
    },
    {
        "组织编码": "B1",
        "组织名称": "电解一车间党支部",
        "组织类别": "党支部",
        "上级组织编码": "QNDL",
        "成立日期": dt.date(2015, 7, 1),
        "本届开始日期": dt.date(2024, 1, 5),
        "本届届满日期": dt.date(2027, 1, 4),
        "覆盖单位编码": "W1",
    },
]
MEMBER_DATES = {
    "申请入党日期": dt.date(2008, 3, 1),
    "确定积极分子日期": dt.date(2008, 9, 1),
    "确定发展对象日期": dt.date(2009, 9, 1),
    "入党日期": dt.date(2010, 3, 1),
    "转正日期": dt.date(2011, 3, 1),
}
PEOPLE = [
    ("E001", "赵建国", "男", "党支部书记", "W1", "正式党员"),
    ("E002", "钱芳", "女", "车间技术员", "W1", "正式党员"),
    ("E003", "孙强", "男", "电解工", "T1", "正式党员"),
    ("E004", "李明", "男", "甲班班长", "T1", "正式党员"),
    ("E005", "周杰", "男", "电解工", "T1", "正式党员"),
    ("E006", "吴敏", "女", "乙班班长", "T2", "正式党员"),
    ("E007", "郑伟", "男", "电解工", "T2", "正式党员"),
    ("E008", "王小红", "女", "电解工", "T2", "群众"),
]
PEOPLE_ROWS = [
    {
        "工号": number,
        "姓名": name,
        "性别": gender,
        "出生日期": dt.date(1985 + n, 5, 1),
        "学历": "本科",
        "岗位": job,
        "单位编码": unit,
        "手机号": f"1390000{n:04d}",
        "政治面貌": status,
        "支部编码": "B1",
        **(MEMBER_DATES if status == "正式党员" else {}),
    }
    for n, (number, name, gender, job, unit, status) in enumerate(PEOPLE)
]
# The branch committee (支委会): 书记, 组织委员, 宣传委员.
SEATS = [("E001", "secretary"), ("E002", "organisation_officer"), ("E003", "publicity_officer")]
PRICES_FROM = dt.date(timezone.localdate().year, 1, 1)
CATALOGUE = [
    {
        "项目编码": "AL",
        "项目名称": "原铝",
        "类别": "产出",
        "计量单位": "t",
        "单价(元)": "15000",
        "执行日期": PRICES_FROM,
    },
    {
        "项目编码": "KWH",
        "项目名称": "直流电",
        "类别": "投入",
        "计量单位": "kWh",
        "单价(元)": "0.35",
        "执行日期": PRICES_FROM,
    },
    {
        "项目编码": "AO",
        "项目名称": "氧化铝",
        "类别": "投入",
        "计量单位": "t",
        "单价(元)": "2800",
        "执行日期": PRICES_FROM,
    },
]
ENROLMENT = [
    {"班组编码": "T1", "对标组编码": "ELEC", "责任党组织编码": "B1"},
    {"班组编码": "T2", "对标组编码": "ELEC", "责任党组织编码": "B1"},
]


@pytest.fixture
def empty_install(transactional_db, settings, tmp_path, monkeypatch):
    """The documented bootstrap and nothing else: the three administrators, then the company (its one-time password
    read from the command's output, as the person running it would)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setenv("ADMIN_PW", ADMIN_PASSWORD)
    for username, role in (("sysadmin", "system_admin"), ("secadmin", "security_admin"), ("auditor", "audit_admin")):
        call_command("create_account", username, role=role, password_env="ADMIN_PW", stdout=io.StringIO())
    out = io.StringIO()
    call_command(
        "init_company",
        org_code="QNDL",
        org_name="重庆旗能电铝有限公司党委",
        unit_code="QN",
        unit_name="旗能电铝",
        office_username="office",
        stdout=out,
    )
    found = re.search(r"One-time password for office: (\S+)", out.getvalue())
    assert found, out.getvalue()
    return found.group(1)


def test_from_an_empty_install_to_a_first_result_everywhere(
    empty_install, live_server, browser, screenshot_dir, tmp_path
):
    base, tally, today = live_server.url, Tally(), timezone.localdate()
    year = today.year
    people = {}

    def actor(name: str) -> Actor:
        people[name] = Actor(browser, base, tally, screenshot_dir, name)
        return people[name]

    # -------------------------------------------- 党群工作部: structure and people
    office = actor("office")
    office.first_sign_in("office", empty_install, CHOSEN["office"])
    office.menu("setup")
    expect(office.page.locator("h1")).to_have_text("基础设置")
    office.shot("01-setup-empty")

    setup_link(office, reverse("core:import_new", args=["units"]))
    import_rows(office, "units", UNITS, tmp_path)
    setup_link(office, reverse("core:import_new", args=["orgs"]))
    import_rows(office, "orgs", ORGS, tmp_path)
    setup_link(office, reverse("core:import_new", args=["people"]))
    import_rows(office, "people", PEOPLE_ROWS, tmp_path)
    office.click("[data-testid=import-result]")
    expect(office.page.locator("[data-testid=people] tbody tr")).to_have_count(len(PEOPLE))
    expect(office.page.locator("[data-testid=people]")).to_contain_text("王小红")
    office.shot("02-people")

    # The committee seats, from the branch's page (the tree → the branch → 管理班子成员).
    office.menu("org:tree")
    office.click("[data-testid=tree-node] a:has-text('电解一车间党支部')")
    office.click("[data-testid=seats-link]")
    for number, role in SEATS:
        name = next(p[1] for p in PEOPLE if p[0] == number)
        office.select("select[name=person]", label=f"{name} ({number})")
        office.select("select[name=role]", role)
        office.click("[data-testid=seat-save]")
        expect(office.page.locator("[data-testid=seat-table]")).to_contain_text(name)
    office.shot("03-seats")
    office.menu("org:tree")
    branch = office.page.locator("[data-testid=tree-node] [data-testid=tree-node]", has_text="电解一车间党支部")
    expect(branch).to_contain_text("7 名党员")
    office.shot("04-org-tree")

    # -------------------------------------------- the administrators: accounts and roles
    sysadmin = actor("sysadmin")
    sysadmin.sign_in("sysadmin", ADMIN_PASSWORD)
    sysadmin.menu("accounts:list")
    sysadmin.click("[data-testid=account-bulk]")
    sysadmin.fill("textarea[name=employee_nos]", "E001\nE004\nE008")
    sysadmin.click("[data-testid=bulk-create]")
    sheet = sysadmin.page.locator("[data-testid=password-sheet]")
    expect(sheet).to_contain_text("王小红")
    one_time = dict(
        zip(
            sysadmin.page.locator("[data-testid=sheet-username]").all_inner_texts(),
            sysadmin.page.locator("[data-testid=sheet-password]").all_inner_texts(),
            strict=True,
        )
    )
    assert sorted(one_time) == ["E001", "E004", "E008"]
    sysadmin.shot("05-password-sheet")

    secadmin = actor("secadmin")
    secadmin.sign_in("secadmin", ADMIN_PASSWORD)
    for number, role in (("E001", "secretary"), ("E004", "team_leader"), ("E008", "employee")):
        secadmin.menu("accounts:roles")
        secadmin.click("[data-testid=role-bulk]")
        secadmin.fill("textarea[name=names]", number)
        secadmin.select("select[name=role]", role)
        secadmin.fill("input[name=org_code]", "B1")
        secadmin.click("[data-testid=role-bulk-save]")
        expect(secadmin.page.locator(".alert-success")).to_be_visible()
    secadmin.shot("06-roles")

    # -------------------------------------------- 党群工作部: the standard catalogues
    setup_link(office, reverse("standard"))
    for section in ("meetings", "points", "assessment", "holidays"):
        office.click(f"[data-testid=std-{section}] button[type=submit]")
        expect(office.page.locator(".alert-success")).to_be_visible()
    office.shot("07-standard")

    # -------------------------------------------- 党群工作部: value accounting set-up
    setup_link(office, reverse("value:setup"))
    office.click(f"a[href='{reverse('core:import_new', args=['value-catalogue'])}']")
    import_rows(office, "value-catalogue", CATALOGUE, tmp_path)
    office.click("[data-testid=import-result]")
    office.fill("#g-code", "ELEC")
    office.fill("#g-name", "电解班组")
    office.click("[data-testid=form-group] button[type=submit]")
    expect(office.page.locator("[data-testid=setup-groups]")).to_contain_text("电解班组")
    for item in ("原铝", "直流电", "氧化铝"):
        office.select("#gi-item", label=item)
        office.click("[data-testid=form-group-item] button[type=submit]")
        expect(office.page.locator("[data-testid=setup-groups]")).to_contain_text(item)
    office.click(f"a[href='{reverse('core:import_new', args=['value-enrolment'])}']")
    import_rows(office, "value-enrolment", ENROLMENT, tmp_path)
    office.click("[data-testid=import-result]")
    expect(office.page.locator("[data-testid=setup-units]")).to_contain_text("电解一车间乙班")
    office.shot("08-value-setup")

    # -------------------------------------------- 党群工作部: an indicator, a month of values, a target
    setup_link(office, reverse("indicators:create"))
    office.fill("input[name=code]", "AL_OUTPUT")
    office.fill("input[name=name]", "原铝产量")
    office.fill("input[name=unit_of_measure]", "t")
    office.select("select[name=category]", "output")
    office.select("select[name=granularity]", "day")
    office.select("select[name=rollup]", "sum")
    office.select("select[name=owner_unit]", label="电解一车间")
    office.check("input[name=key]")
    office.click("[data-testid=indicator-form] button[type=submit]")
    expect(office.page.locator("[data-testid=indicator-name]")).to_contain_text("原铝产量")
    # Last month's daily values come from the workshop's own sheet, through the values import (导入 in the menu).
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    days = [
        last_month + dt.timedelta(days=n)
        for n in range(31)
        if (last_month + dt.timedelta(days=n)).month == last_month.month
    ]
    office.menu("core:imports")
    office.click("[data-testid=import-new-indicator-values]")
    rows = [
        {"指标编码": "AL_OUTPUT", "单位编码": "W1", "期间": day.isoformat(), "数值": f"{208 + (n % 7) * 1.5:.1f}"}
        for n, day in enumerate(days)
    ]
    import_rows(office, "indicator-values", rows, tmp_path)
    office.menu("indicators:catalogue")
    office.follow(reverse("indicators:detail", args=["AL_OUTPUT"]))
    office.click(f"a[href^='{reverse('indicators:targets', args=['AL_OUTPUT'])}']")
    office.select("select[name=unit]", label="电解一车间")
    office.click("form[method=get] button[type=submit]")
    office.fill("[data-testid=targets-form] input[name=year_total]", "76000")
    office.click("[data-testid=targets-form] button[type=submit]")
    expect(office.page.locator(".alert-success")).to_be_visible()
    office.follow(reverse("indicators:detail", args=["AL_OUTPUT"]), where="ol.breadcrumb", query=True)
    table = office.page.locator("[data-testid=unit-month-table]")
    expect(table).to_contain_text("电解一车间")
    # November: 30 days summed, 6,367.50 t against the year's 76,000 t pro rata (6,246.58 t): met.
    expect(table.locator(".dj-cell-met").first).to_contain_text("6,367.50")
    office.shot("09-indicator")

    # -------------------------------------------- 班组长: the day's figures → a value ranking
    leader = actor("leader")
    leader.first_sign_in("E004", one_time["E004"], CHOSEN["E004"])
    # The home page's 今日填报 opens the crew's form at the day owed: a team enrolled today owes nothing for
    # yesterday, so its first figures are today's.
    leader.click("[data-testid=value-today]")
    leader.page.wait_for_url(re.compile(rf".*/value/entry/\?unit=\d+&date={today.isoformat()}$"))
    expect(leader.page.locator("#e-date")).to_have_value(today.isoformat())
    leader.select("#e-unit", label="电解一车间甲班 · 电解班组")
    expect(leader.page.locator("[data-testid=entry-form] input[name=unit]")).to_have_value(re.compile(r"\d+"))
    for field, value in (("#e-hours", "96"), ("#e-AL", "13"), ("#e-KWH", "170000"), ("#e-AO", "23.5")):
        leader.fill(field, value)
    # 13 × 15000 − 170000 × 0.35 − 23.5 × 2800 = 195000 − 59500 − 65800 = 69700
    expect(leader.page.locator("[data-total-value]")).to_contain_text("69,700.00")
    leader.click("[data-testid=entry-form] button[type=submit]")
    expect(leader.page.locator(".alert-success")).to_be_visible()
    leader.shot("10-value-entry")

    # -------------------------------------------- 书记: 乙班's day, then the ranking
    secretary = actor("secretary")
    secretary.first_sign_in("E001", one_time["E001"], CHOSEN["E001"])
    # No team owes yesterday (they were enrolled today), so the home page lists none: 班组核算 → 日常填报.
    secretary.menu("value:overview")
    secretary.follow(reverse("value:entry"))
    secretary.select("#e-unit", label="电解一车间乙班 · 电解班组")
    expect(secretary.page.locator("#e-hours")).to_be_visible()
    for field, value in (("#e-hours", "96"), ("#e-AL", "12.5"), ("#e-KWH", "168000"), ("#e-AO", "23")):
        secretary.fill(field, value)
    secretary.click("[data-testid=entry-form] button[type=submit]")
    expect(secretary.page.locator(".alert-success")).to_be_visible()
    secretary.click("[data-testid=entry-standing] a")
    expect(secretary.page.get_by_test_id("board-heading")).to_contain_text(today.isoformat())
    ranking = secretary.page.get_by_test_id("board-group").locator("tbody tr")
    expect(ranking).to_have_count(2)
    # 甲班 69,700 元 ÷ 96 h; 乙班 187,500 − 58,800 − 64,400 = 64,300 元 ÷ 96 h
    for n, (rank, team, per_hour) in enumerate((("1", "电解一车间甲班", "726.04"), ("2", "电解一车间乙班", "669.79"))):
        expect(ranking.nth(n).locator("td").first).to_have_text(rank)
        expect(ranking.nth(n)).to_contain_text(team)
        expect(ranking.nth(n)).to_contain_text(per_hour)
    secretary.shot("11-value-ranking")
    secretary.click(".dj-kbar-brand")  # the wall board has no menu: its brand leads back to 班组核算

    # -------------------------------------------- 书记: a 党建+X project on that indicator
    secretary.menu("projects:list")
    secretary.click(f"a[href='{reverse('projects:create')}']")
    secretary.choose("select[name=owner]", "电解一车间党支部")
    secretary.fill("input[name=title]", "党建+提效：甲乙班原铝增产攻坚")
    secretary.select("select[name=domain]", "production")
    secretary.fill("input[name=starts_on]", today.replace(day=1).isoformat())
    secretary.fill("input[name=ends_on]", dt.date(year + 1, 11, 30).isoformat())
    secretary.fill("textarea[name=problem]", "槽况波动，原铝产量低于计划。")
    secretary.fill("input[name=goals-0-indicator_name]", "原铝产量")
    secretary.fill("input[name=goals-0-unit_of_measure]", "t")
    secretary.fill("input[name=goals-0-baseline]", "6300")
    secretary.fill("input[name=goals-0-target]", "6500")
    secretary.select("select[name=goals-0-direction]", "higher")
    secretary.select("select[name=goals-0-source]", "series")
    secretary.choose("select[name=goals-0-indicator]", "原铝产量 (t)")
    secretary.choose("select[name=goals-0-unit]", "电解一车间")
    secretary.shot("12-project-propose")
    secretary.click("[data-testid=project-form] button[type=submit]:not([name=then])")
    secretary.arrive(r".*/projects/\d+/edit/$")
    secretary.click("[data-testid=save-and-submit]")
    secretary.arrive(r".*/projects/\d+/$")
    project_path = secretary.page.url.removeprefix(base)

    # -------------------------------------------- 书记: the 支委会 with its committee's attendance
    secretary.menu("meetings:list")
    secretary.click("[data-testid=record-meeting]")
    secretary.select("select[name=org]", "B1")
    secretary.select("select[name=meeting_type]", "committee")
    secretary.tally.add(secretary.name, "clicks")
    secretary.page.get_by_role("button", name="下一步").click()
    form = secretary.page.get_by_test_id("meeting-form")
    expect(form.get_by_test_id("attendance").locator("li")).to_have_count(3)
    for name in ("赵建国", "钱芳", "孙强"):
        expect(form.get_by_test_id("attendance")).to_contain_text(name)
    secretary.fill("input[name=held_on]", today.isoformat())
    secretary.fill("input[name=topic]", "研究原铝增产攻坚项目和十二月工作")
    secretary.fill("textarea[name=minutes]", "书记通报攻坚项目立项情况。\n支委逐一发言，明确分工。")
    secretary.click("[data-testid=save-meeting]")
    expect(secretary.page.get_by_test_id("counts")).to_have_text("出席 3 人，请假 0 人，缺席 0 人")
    expect(secretary.page.get_by_test_id("attendance")).to_contain_text("钱芳")
    secretary.shot("13-meeting")
    meeting_path = secretary.page.url.removeprefix(base)
    # Its compliance: the organisation's calendar (the breadcrumb), this month met.
    secretary.click(f"nav a[href^='{reverse('meetings:calendar', args=[0])[: -len('0/calendar/')]}']")
    calendar_path = secretary.page.url.removeprefix(base)
    committee = secretary.page.get_by_test_id("rule-committee")
    expect(committee).to_contain_text(today.strftime("%Y-%m"))
    # This month's 支委会 is held: ✔ although the month is not over.
    expect(committee.locator(f"[data-state=open_met]:has-text('{today:%Y-%m}') .text-bg-success")).to_have_count(1)
    secretary.shot("14-compliance")
    # Points from that meeting, on the secretary's own points page.
    secretary.menu("home")
    secretary.follow(reverse("points:mine"))  # the home page's 我的积分
    entry = secretary.page.get_by_test_id("my-entries").locator("tr", has_text="研究原铝增产攻坚项目")
    expect(entry).to_contain_text("参加组织生活")
    expect(entry.locator("td").nth(3)).to_have_text("1")
    secretary.shot("15-points")

    # -------------------------------------------- 党群工作部: approve, compliance, the month's assessment
    office.menu("projects:list")
    office.click("a:has-text('党建+提效：甲乙班原铝增产攻坚')")
    office.fill("[data-testid=transition-form] textarea[name=comment]", "目标明确，同意立项。")
    office.click("[data-testid=action-approve]")
    expect(office.page.locator(".alert-success")).to_be_visible()
    expect(office.page.get_by_test_id("history")).to_contain_text("同意立项")
    expect(office.page.locator("h1 + [data-testid=state], [data-testid=state]").first).to_have_text("已批准")
    # The goal reads its effect from the indicator: the effect table names the indicator and its unit.
    expect(office.page.get_by_test_id("effects-table")).to_contain_text("原铝产量")
    expect(office.page.get_by_test_id("effects-table")).to_contain_text("电解一车间")
    office.shot("16-project-approved")
    office.menu("meetings:matrix")
    expect(office.page.get_by_test_id("matrix")).to_contain_text("电解一车间党支部")
    office.shot("17-compliance-matrix")
    office.menu("assessment:index")
    expect(office.page.locator("main")).to_contain_text(f"{year}年党支部党建工作“双百分”考核细则")
    office.fill("#open-month", today.strftime("%Y-%m"))
    office.click("[data-testid=open-period]")
    expect(office.page.get_by_test_id("period-status")).to_have_text("办理中")
    expect(office.page.get_by_test_id("ranking-table")).to_contain_text("电解一车间党支部")
    office.shot("18-assessment-period")
    period_path = office.page.url.removeprefix(base)

    # -------------------------------------------- 员工: a concern, answered by the branch, rated
    employee = actor("employee")
    employee.first_sign_in("E008", one_time["E008"], CHOSEN["E008"])
    employee.menu("service:mine")
    employee.click("[data-testid=new-request]")
    employee.select("select[name=category]", "environment")
    employee.fill("input[name=title]", "乙班休息室空调不制冷")
    employee.fill("textarea[name=description]", "乙班休息室空调不制冷，夜班休息时闷热。")
    employee.click("[data-testid=send]")
    expect(employee.page.get_by_test_id("private-link").or_(employee.page.get_by_test_id("steps"))).to_be_visible()
    concern_path = employee.page.url.removeprefix(base)
    employee.shot("19-concern-sent")

    secretary.menu("home")
    secretary.click("[data-testid=home-queue]")
    expect(secretary.page.get_by_test_id("queue")).to_contain_text("乙班休息室空调不制冷")
    secretary.click("[data-testid=queue] >> text=乙班休息室空调不制冷")
    secretary.choose("select[name=handler]", "赵建国")
    secretary.click("[data-testid=step-accept]")
    secretary.page.wait_for_load_state()
    secretary.fill("textarea[name=comment]", "已联系设备维修班更换压缩机，今晚恢复制冷。")
    secretary.click("[data-testid=step-resolve]")
    expect(secretary.page.get_by_test_id("resolution")).to_contain_text("更换压缩机")
    secretary.shot("20-concern-answered")

    employee.menu("service:mine")
    employee.click("[data-testid=requests] >> text=乙班休息室空调不制冷")
    expect(employee.page.get_by_test_id("resolution")).to_contain_text("更换压缩机")
    employee.select("select[name=rating]", "5")
    employee.click("[data-testid=step-rate]")
    expect(employee.page.get_by_test_id("rating")).to_have_text("★★★★★")
    employee.shot("21-concern-rated")

    # -------------------------------------------- the set-up centre at the end
    office.menu("setup")
    expect(office.page.locator("[data-testid=setup-value] h2 .badge")).to_have_text("4/4")
    expect(office.page.locator("[data-testid=setup-indicators] h2 .badge")).to_have_text("3/3")
    expect(
        office.page.locator("[data-testid=setup-org] li", has_text="人员").get_by_test_id("setup-state")
    ).to_have_text("已完成")
    office.shot("22-setup-progress")
    seconds = time.monotonic() - tally.started - tally.aside
    for person in people.values():
        if person.context.pages:
            person.close()

    # -------------------------------------------- the results again, on a 375 px phone
    results = {
        "office": [
            ("org-tree", reverse("org:tree"), "[data-testid=tree-node]", "电解一车间党支部"),
            ("people", reverse("org:people"), "[data-testid=people]", "王小红"),
            ("value-ranking", reverse("value:board"), "[data-testid=board-group]", "电解一车间甲班"),
            ("indicator", reverse("indicators:detail", args=["AL_OUTPUT"]), "[data-testid=indicator-name]", "原铝产量"),
            ("project", project_path, "[data-testid=history]", "同意立项"),
            ("compliance-matrix", reverse("meetings:matrix"), "[data-testid=matrix]", "电解一车间党支部"),
            ("assessment", period_path, "[data-testid=ranking-table]", "电解一车间党支部"),
        ],
        "E001": [
            ("meeting", meeting_path, "[data-testid=attendance]", "孙强"),
            ("compliance", calendar_path, "[data-testid=rule-committee]", today.strftime("%Y-%m")),
            ("points", reverse("points:mine"), "[data-testid=my-entries]", "研究原铝增产攻坚项目"),
        ],
        "E008": [("concern", concern_path, "[data-testid=rating]", "★★★★★")],
    }
    phone_tally = Tally()
    for username, pages in results.items():
        phone = Actor(browser, base, phone_tally, screenshot_dir, username, viewport=PHONE)
        phone.sign_in(username, CHOSEN[username])
        for name, path, selector, text in pages:
            phone.go(path)
            expect(phone.page.locator(selector).first).to_contain_text(text)
            phone.page.wait_for_timeout(300)  # charts draw in
            width = phone.page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert width[0] <= width[1] + 1, f"{name} scrolls sideways at 375 px: {width}"
            phone.shot(f"result-{name}")
        phone.close()

    # -------------------------------------------- what it took
    summary = {
        "screens": tally.total("screens"),
        "fields": tally.total("fields"),
        "clicks": tally.total("clicks"),
        "spreadsheet_cells": tally.total("cells"),
        "distinct_pages": len(tally.pages),
        "seconds": round(seconds, 1),
        "by_person": tally.by_person,
        "pages": sorted(tally.pages),
    }
    print(
        f"JOURNEY screens={summary['screens']} fields={summary['fields']} seconds={summary['seconds']:.0f} "
        f"clicks={summary['clicks']} spreadsheet_cells={summary['spreadsheet_cells']} "
        f"distinct_pages={summary['distinct_pages']}"
    )
    for person, counts in tally.by_person.items():
        print(f"JOURNEY {person}: " + " ".join(f"{k}={v}" for k, v in counts.items()))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "journey.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert summary["screens"] > 0 and summary["fields"] > 0
