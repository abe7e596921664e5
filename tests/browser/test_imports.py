"""The import journey in a real Chromium, on a desktop and a phone: upload, see every error, upload a good file,
preview, confirm; and the job page updating itself through htmx polling while the check runs.

Screenshots go to artifacts/screenshots/ for a person to look at.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dangjian.core.imports.jobs import run_check
from dangjian.core.models import ImportJob
from dangjian.org.models import Person
from tests.core.imports_support import (
    PEOPLE_HEADER,
    csv_bytes,
    private_media,  # noqa: F401 - fixture
    xlsx_bytes,
)
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("private_media")]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}


def login(page, base: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_upload_journey(transactional_db, office, live_server, browser, screenshot_dir, tmp_path, label, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    base = live_server.url
    login(page, base)

    page.goto(base + reverse("core:imports"))
    page.locator("[data-testid=import-new-people]").click()
    page.screenshot(path=str(screenshot_dir / f"imports-upload-{label}.png"), full_page=True)
    bad = tmp_path / "人员.xlsx"
    bad.write_bytes(
        xlsx_bytes(
            [
                PEOPLE_HEADER,
                ["N1", "赵敏", "女", "1990-13-01", "群众", "", "BB"],
                ["N1", "=1+1", "女", "", "群众", "", "XX"],
            ]
        )
    )
    page.set_input_files("input[type=file]", str(bad))
    page.locator("[data-testid=upload-submit]").click()
    expect(page.locator("[data-testid=import-invalid]")).to_be_visible()
    errors = page.locator("[data-testid=import-error]")
    expect(errors).to_have_count(4)
    expect(errors.first).to_contain_text("1990-13-01")
    page.screenshot(path=str(screenshot_dir / f"imports-errors-{label}.png"), full_page=True)

    page.locator("[data-testid=upload-again]").click()
    good = tmp_path / "people.csv"
    good.write_bytes(csv_bytes([PEOPLE_HEADER, ["N1", "赵敏", "女", "1990/12/01", "群众", "", "BA"]], encoding="gbk"))
    page.set_input_files("input[type=file]", str(good))
    page.locator("[data-testid=upload-submit]").click()
    expect(page.locator("[data-testid=import-preview]")).to_contain_text("赵敏")
    expect(page.locator("[data-testid=import-preview]")).to_contain_text("群众")
    page.screenshot(path=str(screenshot_dir / f"imports-preview-{label}.png"), full_page=True)

    page.locator("[data-testid=import-confirm]").click()
    expect(page.locator("[data-testid=import-done]")).to_be_visible()
    assert Person.objects.get(employee_no="N1").branch.code == "BA"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    context.close()


def test_job_page_follows_the_background_check(transactional_db, office, live_server, browser, tmp_path):
    from django.core.files.base import ContentFile

    job = ImportJob(kind="people", created_by=office, original_name="p.csv")
    job.file.save("p.csv", ContentFile(csv_bytes([PEOPLE_HEADER, ["N9", "某", "男", "", "群众", "", "BA"]])), save=True)
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, live_server.url)
    page.goto(live_server.url + reverse("core:import_detail", args=[job.pk]))
    expect(page.locator("#import-status")).to_have_attribute("data-status", "pending")

    run_check(job.pk)  # the worker finishes; the page notices within a second or two, without a reload

    expect(page.locator("#import-status")).to_have_attribute("data-status", "ready", timeout=5000)
    expect(page.locator("[data-testid=import-confirm]")).to_be_visible()
    context.close()
