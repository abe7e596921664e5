"""The archive in a real Chromium, on a 375 px phone: 党群工作部 loads the default categories on an empty install,
files 2025, opens a branch's 2025 archive, prints the box labels (a PDF comes back), packs the year's zip (the
progress page turns into a download link; the zip holds the index) and searches by a word.
Screenshots: artifacts/screenshots/archive-*."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from dangjian.archive.documents import INDEX_NAME
from dangjian.archive.models import Item
from tests.archive.matrix import meeting
from tests.factories import TEST_PASSWORD, account_with_role

PHONE = {"width": 375, "height": 812}


def login(page, base, username):
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1


@pytest.mark.django_db(transaction=True)
def test_office_files_prints_packs_and_searches(company, live_server, browser, screenshot_dir, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting(company["branch_a"], "安全生产专题支委会", dt.date(2025, 3, 10))
    meeting(company["branch_a"], "电解槽节能攻关支委会", dt.date(2025, 6, 12))
    meeting(company["branch_b"], "发电机组检修支委会", dt.date(2025, 4, 8))
    account_with_role("party_office", company["root"], username="a_office")
    base = live_server.url
    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    login(page, base, "a_office")

    # an empty install: the categories in one click
    page.goto(base + reverse("archive:categories"))
    page.get_by_test_id("archive-defaults").click()
    expect(page.get_by_test_id("archive-categories")).to_contain_text("组织生活")
    expect(page.get_by_test_id("archive-categories")).to_contain_text("永久")
    no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir / "archive-categories-phone.png"), full_page=True)

    # file 2025 for the company
    page.goto(f"{base}{reverse('archive:index')}?org=ROOT&year=2025")
    page.get_by_test_id("archive-file").click()
    expect(page.locator(".alert-success, .alert")).to_contain_text("已归档 3 份")
    assert Item.objects.filter(kind="filed", year=2025).count() == 3

    # the branch's 2025 archive
    page.select_option("#a-org", "BA")
    page.select_option("#a-year", "2025")
    page.get_by_test_id("archive-show").click()
    shelf = page.get_by_test_id("archive-shelf")
    expect(shelf.locator(".card", has_text="组织生活")).to_contain_text("2 份")
    items = page.get_by_test_id("archive-items")
    expect(items).to_contain_text("安全生产专题支委会")
    expect(items).not_to_contain_text("发电机组检修支委会")
    no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir / "archive-branch-2025-phone.png"), full_page=True)

    # the box labels: a PDF
    href = page.get_by_test_id("archive-labels").get_attribute("href")
    labels = page.request.get(base + href)
    assert labels.status == 200 and labels.headers["content-type"] == "application/pdf"
    assert labels.body().startswith(b"%PDF")

    # the year's zip: the progress page ends in a download link
    page.get_by_test_id("archive-zip").click()
    expect(page.get_by_test_id("zip-done")).to_be_visible(timeout=30000)
    page.screenshot(path=str(screenshot_dir / "archive-zip-phone.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_test_id("zip-download").click()
    path = download.value.path()
    with zipfile.ZipFile(path) as packed:
        names = packed.namelist()
        index = list(load_workbook(io.BytesIO(packed.read(INDEX_NAME))).active.iter_rows(values_only=True))
    assert INDEX_NAME in names and len([n for n in names if n.endswith(".pdf")]) == 2
    assert index[0][3] == "题名" and len(index) == 3
    assert any("安全生产专题支委会" in row[3] for row in index[1:])

    # search by a word
    page.goto(base + reverse("archive:search"))
    page.get_by_test_id("archive-q").fill("检修")
    page.get_by_test_id("archive-q").press("Enter")
    results = page.get_by_test_id("archive-results")
    expect(results).to_contain_text("发电机组检修支委会")
    expect(results.locator("li")).to_have_count(1)
    no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir / "archive-search-phone.png"), full_page=True)
    page.close()
