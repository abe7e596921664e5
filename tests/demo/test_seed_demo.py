"""The demo company reproduces the article's figures, is built through the services (audited), and loads once.

The full demo is seeded ONCE for the run and shared with the other modules that read it (tests/demo/world.py); each
test reads it inside its own savepoint. Determinism and the refusal of a weak password need an empty database:
tests/demo/test_seed_demo_fresh.py."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from dangjian.accounts.models import RoleAssignment, User
from dangjian.core.models import AuditLog
from dangjian.core.permissions import ROLE_CHOICES
from dangjian.demo.data import qineng
from dangjian.demo.logins import all_logins
from dangjian.org.models import CommitteeSeat, OrgUnitLink, PartyOrg, Person, StatusChange, Unit
from tests.demo.world import TODAY  # the day the shared demo world is seeded as of

DATE_FIELDS = ["applied_on", "activist_on", "candidate_on", "probationary_on", "full_member_on"]


def seed(**kwargs) -> str:
    out = StringIO()
    call_command("seed_demo", today=TODAY.isoformat(), stdout=out, **kwargs)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(demo_world):
    """The full demo (tests/demo/world.py, shared with the other modules that read it); its printed output."""
    return demo_world


def table_counts() -> dict[str, int]:
    models = [PartyOrg, Unit, OrgUnitLink, Person, StatusChange, CommitteeSeat, User, RoleAssignment, AuditLog]
    return {m.__name__: m.objects.count() for m in models}


def test_demo_company_has_the_articles_figures_and_a_login_per_role(demo, db):
    output = demo
    root = PartyOrg.objects.get(code=qineng.ROOT_CODE)
    direct = PartyOrg.objects.filter(parent=root)
    assert Counter(direct.values_list("kind", flat=True)) == {"committee": 1, "general_branch": 1, "branch": 3}
    grassroots = PartyOrg.objects.filter(kind="branch", parent__in=direct.exclude(kind="branch"))
    assert grassroots.count() == 17
    assert Person.objects.filter(branch__path__startswith=root.path).count() == 963
    company = Person.objects.filter(branch__path__startswith=root.path)
    assert company.filter(party_status__in=["member", "probationary"]).count() == 337
    assert Person.objects.filter(branch__path__startswith=root.path).count() == 963
    names = [u.name for u in Unit.objects.filter(kind="workshop")]
    for workshop in ["电解一车间", "电解四车间", "阳极组装车间", "净化车间", "检修车间"]:
        assert workshop in names
    divisions = ["发电分公司", "检测中心", "营销分公司", "采购和物流分公司", "公司机关"]
    assert Unit.objects.filter(name__in=divisions, kind="division").count() == 5

    # Every role has a demo login that authenticates with the printed password.
    request = RequestFactory().post("/accounts/login/")
    roles = {}
    for login in qineng.LOGINS:
        user = authenticate(request, username=login.username, password=qineng.DEFAULT_PASSWORD)
        assert user is not None, login.username
        roles.update({a.role: a for a in user.role_assignments.all()})
        assert login.username in output
    assert set(roles) == {role for role, _ in ROLE_CHOICES}
    secretary = User.objects.get(username="secretary")
    assert CommitteeSeat.objects.filter(org__code="QNDL-DJ3", role="secretary", person=secretary.person).exists()
    assert User.objects.get(username="office").role_assignments.get().org == root


def test_demo_people_and_committees_are_consistent(demo, db):
    for person in Person.objects.filter(party_status__in=["member", "probationary", "candidate"]):
        dates = [getattr(person, f) for f in DATE_FIELDS if getattr(person, f)]
        assert dates == sorted(dates) and dates[-1] <= TODAY, person
        assert dates[0] >= person.birth_date.replace(year=person.birth_date.year + 18), person
        if person.party_status == "member":
            assert len(dates) == 5
        assert person.status_changes.count() == len(dates)
    grouped = Person.objects.exclude(group=None).select_related("group")
    assert grouped.exists() and all(p.group.parent_id == p.branch_id for p in grouped)
    for group in PartyOrg.objects.filter(kind="group"):
        assert [link.unit.kind for link in group.unit_links.all()] == ["shift_crew"]
    full = dict(
        Person.objects.filter(party_status="member").values_list("branch__code").annotate(n=Count("id")).order_by()
    )
    for branch in PartyOrg.objects.filter(kind="branch"):
        seats = Counter(branch.seats.values_list("role", flat=True))
        assert seats["secretary"] == 1, branch.code
        assert 3 <= sum(seats.values()) <= 5 if full[branch.code] >= 7 else sum(seats.values()) == 1
    # The health warnings the demo keeps on purpose: a term ending within weeks, a branch under 3 full members.
    assert PartyOrg.objects.filter(kind="branch", term_end__lte=TODAY + dt.timedelta(days=60)).count() == 1
    assert [code for code, n in full.items() if n < 3] == ["QNDL-RK"]
    root = PartyOrg.objects.get(code=qineng.ROOT_CODE)
    company = Person.objects.filter(branch__path__startswith=root.path)
    assert company.values("phone").distinct().count() == 963


def test_seed_demo_is_idempotent_and_audited(demo, db, monkeypatch):
    monkeypatch.setenv("DJANGO_LANGUAGE", "en")  # the console's messages in English
    before = table_counts()
    output = seed()
    assert "already loaded" in output
    assert "secretary" in output
    assert table_counts() == before

    # Written through the services as the system actor: an audit row per org, unit, person, seat and account.
    system = AuditLog.objects.filter(actor_name="system", action="create")
    assert system.filter(object_type="org.person").count() == 963
    # (the archive's filing runs are audited against the org they filed for, one row per org and year: not an org)
    orgs_created = system.filter(object_type="org.partyorg").exclude(comment="archive filed")
    assert orgs_created.count() == PartyOrg.objects.count()
    assert system.filter(object_type="org.partyorg", comment="archive filed").exists()
    assert system.filter(object_type="org.committeeseat").count() == CommitteeSeat.objects.count()
    assert system.filter(object_type="accounts.roleassignment").count() == len(all_logins())


# ---- The crawl (issue #16): every demo login, every same-site link, breadth-first; see tests/demo/crawl.py. ----


def demo_clients():
    """(login, logged-in test client) for one demo login of each role in each demo company (the panel's five members
    see the same pages; the MES/ERP account is API only)."""
    from django.test import Client

    seen = set()
    for login in all_logins():
        company = login.username.split("_")[0] if login.username.startswith("zz_") else ""
        if login.role == "integration" or (company, login.role) in seen:
            continue
        seen.add((company, login.role))
        client = Client()
        client.force_login(User.objects.get(username=login.username))
        yield login.username, client


@pytest.fixture(scope="module")
def crawls(demo, django_db_blocker):
    """Every login's crawl, done once for the module (in a savepoint: a page must not write on GET, and if one
    does, its write is not left for the other tests)."""
    from tests.demo.crawl import crawl

    usernames = {login.username.lower() for login in all_logins()}
    with django_db_blocker.unblock(), transaction.atomic():
        result = {username: crawl(client, username, allowed_words=usernames) for username, client in demo_clients()}
        transaction.set_rollback(True)
    return result


def test_every_demo_login_crawls_its_pages_without_an_error_or_english(crawls, db):
    problems = [problem for result in crawls.values() for problem in result.problems]
    assert problems == []
    # Every login reaches more than its home page (a crawl that stops at once would hide everything).
    counts = {username: len(result.pages()) for username, result in crawls.items()}
    routes = {visit.route for result in crawls.values() for visit in result.pages()}
    print(f"CRAWL {len(counts)} logins, {sum(counts.values())} pages, {len(routes)} routes: {counts}")
    assert min(counts.values()) >= 3, counts


# Every login's home page, the page each of them opens first every day, in at most this many queries (issue 17).
# 24 until the talent and publicity apps each added a one-query section (plans to evaluate, the latest company news)
# that the office and a secretary both see; neither shares a query with the other sections.
HOME_QUERIES = 26


def test_every_demo_login_s_home_page_runs_a_bounded_number_of_queries(demo, db):
    homes = {}
    for username, client in demo_clients():
        client.get("/")  # the first page after signing in also saves the session (once a minute)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        homes[username] = len(queries)
    print(f"HOME QUERIES {homes}")
    assert max(homes.values()) <= HOME_QUERIES, homes


@pytest.mark.browser
def test_every_kind_of_demo_page_shows_in_a_browser_without_a_script_error_or_overflow(crawls, db, monkeypatch):
    """One page per route (the first login that reached it), at desktop width and at 375 px."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.conftest import _playwright as shared_browser
    from tests.demo.crawl import browse

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop here
    static_cache = {}
    # Inside Playwright's block the code runs in another greenlet, whose context would open a second database
    # connection that cannot see the demo (uncommitted): log in and take the test's connection before it.
    clients, connection = list(demo_clients()), connections["default"]

    def browse_all(browser):
        problems, browsed = [], set()
        for username, client in clients:  # new sessions: the crawl's were rolled back with its savepoint
            visits = [visit for visit in crawls[username].pages() if visit.route not in browsed]
            browsed |= {visit.route for visit in visits}
            for width, height in [(1280, 900), (375, 812)]:
                context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
                problems += browse(
                    context, client, username, visits, static_cache, phone=width < 600, connection=connection
                )
                context.close()
        return problems, browsed

    if shared_browser:  # a browser test on this worker started Playwright: a second one in this thread would fail
        problems, browsed = browse_all(shared_browser[1])
    else:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            problems, browsed = browse_all(browser)
            browser.close()
    assert problems == []
    assert len(browsed) >= 40, sorted(browsed)
