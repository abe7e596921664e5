"""Kept pages (core/views/cached.py) and the data version (core/freshness.py): a repeated visit is answered from the
cache, and every committed change, every viewer, every CSRF secret and every waiting message gets a page rendered
anew. The cache here is the test run's per-process memory, switched on as a shared cache would switch it on."""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest
from django.contrib.messages import constants, storage
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.accounts import services as account_services
from dangjian.accounts.models import RoleAssignment
from dangjian.core import freshness
from dangjian.core.notifications.services import notify
from dangjian.core.services import SYSTEM
from dangjian.org import services as org_services
from tests.factories import account_with_role

PEOPLE = reverse("org:people")
HOME = reverse("home")
SECRET = "k" * 32  # a CSRF secret as a browser holds it after its first page


REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture(params=["memory", "redis"])
def kept(request, settings):
    """Kept pages on, with this process's memory as the cache and with Redis as production runs it (the version
    and the pages outside the process: .ci/run starts Redis when it is down)."""
    if request.param == "redis":
        # A prefix of its own: the test workers share the Redis database, and clear() would empty it for all of them.
        prefix = f"kept-{uuid.uuid4().hex}"
        settings.CACHES = {
            "default": {"BACKEND": "dangjian.core.redis_cache.RedisCache", "LOCATION": REDIS, "KEY_PREFIX": prefix}
        }
    settings.PAGE_CACHE_SECONDS = 60
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # as production pairs it with the cache
    assert type(caches["default"]).__name__ == {"memory": "LocMemCache", "redis": "RedisCache"}[request.param]
    if request.param == "memory":
        cache.clear()
    yield
    if request.param == "memory":
        cache.clear()
    else:
        cache.delete(freshness.KEY)  # the rest expires within two minutes


def signed_in(client, user, secret: str = SECRET):
    client.force_login(user)
    client.cookies["csrftoken"] = secret
    return client


def visit(client, path: str = PEOPLE):
    """The page and the queries its request ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_repeated_visit_is_answered_without_the_view(kept, client, company, office):
    signed_in(client, office)
    first, rendered = visit(client)
    again, served = visit(client)
    assert again == first
    assert "李明" in first and "王芳" in first
    assert rendered > 3
    assert served == 0  # the session, the account, its roles and the page all come from the cache


def test_pages_are_rendered_every_time_without_a_shared_cache(settings, client, company, office):
    settings.PAGE_CACHE_SECONDS = 0
    signed_in(client, office)
    _first, rendered = visit(client)
    _again, again = visit(client)
    assert rendered > 3 and again > 3  # the view ran again (a kept page runs no query)


def test_a_committed_change_shows_on_the_next_visit(kept, client, company, office, django_capture_on_commit_callbacks):
    signed_in(client, office)
    before, _n = visit(client)
    with django_capture_on_commit_callbacks(execute=True):
        org_services.person_create(
            actor=SYSTEM,
            branch=company["branch_b"],
            name="赵新来",
            employee_no="E-NEW-1",
            gender="male",
            birth_date=dt.date(1990, 1, 1),
        )
    after, queries = visit(client)
    assert "赵新来" not in before
    assert "赵新来" in after
    assert queries > 3


def test_a_change_still_open_keeps_the_page_until_it_commits(kept, company):
    version = freshness.current()
    freshness.changed()  # inside the test's transaction: nothing is committed yet
    assert freshness.current() == version


def test_another_viewer_gets_their_own_page(kept, client, company, office, secretary_a):
    signed_in(client, office)
    office_page, _n = visit(client)
    signed_in(client, secretary_a)
    branch_page, queries = visit(client)
    assert "王芳" in office_page
    assert "王芳" not in branch_page  # branch B is outside the secretary's scope
    assert queries > 3


def test_a_new_csrf_secret_gets_a_page_rendered_for_it(kept, client, company, office):
    signed_in(client, office)
    visit(client)
    client.cookies["csrftoken"] = "n" * 32
    _page, queries = visit(client)
    assert queries > 1


def test_no_csrf_cookie_yet_is_never_kept(kept, client, company, office):
    client.force_login(office)
    _first, rendered = visit(client)
    del client.cookies["csrftoken"]  # as if the browser had not kept the cookie the page handed out
    _again, again = visit(client)
    assert rendered > 3 and again > 3  # the view ran again (a kept page runs no query)


def test_waiting_messages_are_shown_by_a_page_rendered_now(kept, client, company, office):
    signed_in(client, office)
    visit(client, HOME)
    message = storage.base.Message(constants.SUCCESS, "已保存 TEST-MESSAGE")
    client.cookies["messages"] = storage.cookie.CookieStorage(None)._encode([message])
    shown, queries = visit(client, HOME)
    assert "TEST-MESSAGE" in shown and queries > 1
    client.cookies["messages"] = ""
    again, _n = visit(client, HOME)
    assert "TEST-MESSAGE" not in again


def test_a_notification_shows_in_the_inbox_at_once(kept, client, company, office, django_capture_on_commit_callbacks):
    signed_in(client, office)
    visit(client, HOME)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[office],
            kind="test.ask",
            subject="请审核 TEST-ASK",
            text="TEST-ASK",
            link="/",
            action=True,
        )
    page, _n = visit(client, HOME)
    assert "TEST-ASK" in page


def test_a_withdrawn_role_takes_effect_on_the_next_request(
    kept, client, company, office, django_capture_on_commit_callbacks
):
    signed_in(client, office)
    visit(client)
    visit(client)  # the account and the page are kept
    security = account_with_role("security_admin", None, username="sec_admin")
    with django_capture_on_commit_callbacks(execute=True):
        account_services.role_revoke(actor=security, assignment=RoleAssignment.objects.get(user=office))
    assert client.get(PEOPLE).status_code == 403


def test_a_deactivated_account_is_signed_out_on_the_next_request(
    kept, client, company, office, django_capture_on_commit_callbacks
):
    signed_in(client, office)
    visit(client)
    visit(client)
    admin = account_with_role("system_admin", None, username="sys_admin")
    with django_capture_on_commit_callbacks(execute=True):
        account_services.account_set_active(actor=admin, user=office, active=False)
    response = client.get(PEOPLE)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_version_comes_back_new_after_the_cache_lost_it(kept):
    first = freshness.current()
    cache.delete(freshness.KEY)
    assert freshness.current() not in ("", first)


def test_logins_and_exports_leave_the_version(kept, office, django_capture_on_commit_callbacks):
    from dangjian.core import audit
    from dangjian.core.models import AuditLog

    version = freshness.current()
    with django_capture_on_commit_callbacks(execute=True):
        audit.record(actor=office, action=AuditLog.Action.LOGIN, obj=office)
        audit.record(actor=office, action=AuditLog.Action.EXPORT, object_type="org.person")
    assert freshness.current() == version
    with django_capture_on_commit_callbacks(execute=True):
        audit.record(actor=office, action=AuditLog.Action.UPDATE, obj=office)
    assert freshness.current() != version


def test_an_htmx_request_and_a_full_page_are_kept_apart(kept, client, company, office):
    signed_in(client, office)
    full, _n = visit(client)
    partial = client.get(PEOPLE, headers={"HX-Request": "true"}).content.decode()
    again = client.get(PEOPLE).content.decode()
    assert "<html" in full and "<html" not in partial and "李明" in partial
    assert again == full


def test_past_its_time_a_page_is_rendered_again_by_one_request(kept, client, company, office, monkeypatch):
    from dangjian.core.views import cached
    from dangjian.org.models import Person

    signed_in(client, office)
    visit(client)
    # A change no service made (the version does not see it): only the page's age brings it.
    Person.objects.filter(pk=company["person_b"].pk).update(name="王芳芳")
    now = cached.time.time()
    monkeypatch.setattr(cached.time, "time", lambda: now + 30)
    assert "王芳芳" not in visit(client)[0]  # still fresh
    monkeypatch.setattr(cached.time, "time", lambda: now + 61)
    monkeypatch.setattr(cached, "_claim", lambda key: False)  # another request is rendering it right now
    assert "王芳芳" not in visit(client)[0]
    monkeypatch.undo()
    monkeypatch.setattr(cached.time, "time", lambda: now + 61)
    assert "王芳芳" in visit(client)[0]
