"""Under the Content-Security-Policy (script-src 'self', no eval, no inline script) the pages still work in a real
Chromium: the ECharts home chart, an htmx search, the Swagger docs, a select that submits its form, a confirm before a
destructive form. Any CSP
violation or script error on the way fails the test."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD, PersonFactory, account_with_role


def login(page, base: str, username: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


def test_pages_work_under_the_content_security_policy(transactional_db, company, live_server, browser):
    for name in ("张伟", "刘洋", "陈静", "杨磊"):
        PersonFactory(branch=company["branch_a"], member=True, name=name)
    account_with_role("party_office", company["root"], username="office")
    account_with_role("security_admin", None, username="secadmin")
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    page = context.new_page()
    problems = []
    page.on(
        "console", lambda m: m.type == "error" and "Failed to load resource" not in m.text and problems.append(m.text)
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    # every script, style and fragment loads (the browser's own /favicon.ico probe aside)
    page.on("response", lambda r: r.status >= 400 and "favicon" not in r.url and problems.append(f"{r.status} {r.url}"))
    base = live_server.url

    login(page, base, "office")
    assert "script-src 'self'" in page.request.get(base + "/").headers["content-security-policy"]
    # ECharts draws the party-status ring from a static script fed by json_script
    expect(page.locator("#status-chart canvas")).to_have_count(1)

    # htmx (no eval, indicator styles from the stylesheet) narrows the people list as one types
    page.goto(base + reverse("org:people"))
    rows = page.locator("[data-testid=people] tbody tr")
    expect(rows.first).to_be_visible()
    name = rows.first.locator("td").nth(1).inner_text().strip()
    before = rows.count()
    page.fill("input[name=q]", name)
    expect(rows).not_to_have_count(before)
    assert all(name in rows.nth(i).inner_text() for i in range(rows.count()))

    # Swagger UI renders the API's operations from its own static files
    page.goto(base + "/api/v1/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=15000)

    # data-autosubmit (static/js/site.js): choosing another year on the wall board reloads it for that year
    page.goto(base + reverse("boards:org", args=["ROOT"]))
    page.evaluate("document.getElementById('board-year').add(new Option('2001', '2001'))")
    page.select_option("#board-year", "2001")
    page.wait_for_url(re.compile(r".*[?&]year=2001"))

    # data-confirm (static/js/site.js): the browser asks, and a cancel keeps the form from submitting
    context.clear_cookies()
    login(page, base, "secadmin")
    page.goto(base + reverse("accounts:roles"))
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    url = page.url
    page.locator("form[data-confirm] button[type=submit]").first.click()
    page.wait_for_timeout(300)
    assert asked and asked[0].startswith("Take the role")
    assert page.url == url

    assert problems == []
    context.close()
