"""Publicity and the forums in a real Chromium: on a 375 px phone a branch member writes an article and submits it;
the branch's publicity officer (宣传委员) opens it from his inbox and publishes it; it shows in the company news of a
colleague in another branch. At a forum session the audience votes once each on their phones, the ranking shows, and
a second vote (from a page opened before the first) is refused. Screenshots: artifacts/screenshots/publicity-*."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dangjian.core.services import SYSTEM
from dangjian.org.models import CommitteeSeat
from dangjian.publicity import services
from dangjian.publicity.models import Article, ForumVote
from tests.factories import TEST_PASSWORD, PersonFactory, account_with_role

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def login(page, base, username):
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1


@pytest.mark.django_db(transaction=True)
def test_member_drafts_on_a_phone_officer_publishes_company_reads(company, live_server, browser, screenshot_dir):
    officer = PersonFactory(branch=company["branch_a"], member=True, name="宣传委员甲")
    CommitteeSeat.objects.create(org=company["branch_a"], person=officer, role="publicity_officer")
    account_with_role("member", company["branch_a"], person=company["person_a"], username="pb_member")
    account_with_role("committee_member", company["branch_a"], person=officer, username="pb_officer")
    account_with_role("member", company["branch_b"], person=company["person_b"], username="pb_reader")
    services.column_save(actor=SYSTEM, org=company["root"], name="基层动态")
    base = live_server.url

    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    login(page, base, "pb_member")
    page.goto(base + reverse("publicity:news"))
    page.get_by_test_id("write").click()
    page.select_option("select[name=column]", label="基层动态")
    page.fill("input[name=title]", "电解一车间班前五分钟见实效")
    page.fill("textarea[name=body]", "## 做法\n- 每班交底\n- **隐患随手拍**\n\n<script>alert(1)</script>")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("article-state")).to_have_text("草稿")
    page.screenshot(path=str(screenshot_dir / "publicity-draft-phone.png"), full_page=True)
    no_sideways_scroll(page)
    page.get_by_test_id("move-submit").click()
    expect(page.get_by_test_id("article-state")).to_have_text("待审核")
    expect(page.get_by_test_id("article-body").locator("strong")).to_have_text("隐患随手拍")
    expect(page.get_by_test_id("article-body")).to_contain_text("<script>alert(1)</script>")  # shown as text
    page.close()

    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    login(page, base, "pb_officer")
    page.get_by_role("link", name=re.compile("去审核")).first.click()
    expect(page.get_by_test_id("article")).to_contain_text("电解一车间班前五分钟见实效")
    page.screenshot(path=str(screenshot_dir / "publicity-review-phone.png"), full_page=True)
    page.get_by_test_id("move-publish").click()
    expect(page.get_by_test_id("article-actions")).to_contain_text("撤稿")
    assert Article.objects.get(title="电解一车间班前五分钟见实效").state == "published"
    page.close()

    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    login(page, base, "pb_reader")
    page.goto(base + reverse("publicity:news"))
    expect(page.get_by_test_id("news")).to_contain_text("电解一车间班前五分钟见实效")
    page.screenshot(path=str(screenshot_dir / "publicity-news-phone.png"), full_page=True)
    no_sideways_scroll(page)
    page.close()


@pytest.mark.django_db(transaction=True)
def test_audience_votes_once_each_and_the_ranking_shows(company, live_server, browser, screenshot_dir):
    session = services.forum_save(
        actor=SYSTEM, org=company["root"], kind="innovation", code="CX-1", title="创新创意论坛", held_on=dt.date.today()
    )
    first = services.presentation_save(
        actor=SYSTEM,
        session=session,
        presenter=PersonFactory(branch=company["branch_b"], name="技师甲"),
        title="整流谐波治理",
    )
    second = services.presentation_save(
        actor=SYSTEM,
        session=session,
        presenter=PersonFactory(branch=company["branch_b"], name="技师乙"),
        title="自制换极扳手",
    )
    services.forum_move(actor=SYSTEM, session=session, action="open_voting")
    audience = []
    for n in range(3):
        person = company["person_a"] if n == 0 else PersonFactory(branch=company["branch_a"], member=True)
        audience.append(account_with_role("member", company["branch_a"], person=person, username=f"pv_{n}").username)
    base = live_server.url
    url = base + reverse("publicity:forum", kwargs={"pk": session.pk})
    for n, username in enumerate(audience):
        context = browser.new_context(viewport=PHONE, locale="zh-CN")
        page = context.new_page()
        login(page, base, username)
        page.goto(url)
        stale = context.new_page()  # the same person's second tab, opened before voting
        stale.goto(url)
        chosen = second if n < 2 else first
        page.get_by_test_id(f"vote-{chosen.pk}").click()
        expect(page.get_by_test_id("voted")).to_contain_text(chosen.title)
        if n == 0:
            stale.get_by_test_id(f"vote-{first.pk}").click()
            expect(stale.locator(".alert-danger, .alert-error")).to_contain_text("您已在本场投过票")
            stale.screenshot(path=str(screenshot_dir / "publicity-second-vote-phone.png"), full_page=True)
        context.close()
    assert ForumVote.objects.filter(session=session).count() == 3

    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    login(page, base, audience[0])
    page.goto(url)
    rows = page.get_by_test_id("rank-row")
    expect(rows.nth(0)).to_contain_text("自制换极扳手")
    expect(rows.nth(0).get_by_test_id("votes")).to_have_text("2 票")
    expect(rows.nth(1).get_by_test_id("votes")).to_have_text("1 票")
    page.screenshot(path=str(screenshot_dir / "publicity-ranking-phone.png"), full_page=True)
    no_sideways_scroll(page)
    page.close()
