import datetime as dt
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dangjian.accounts.middleware import REFRESHED
from dangjian.core.models import AuditLog
from tests.factories import TEST_PASSWORD, UserFactory

LOGIN = "/accounts/login/"


def _post_login(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR="10.1.2.3", **extra)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_login_page_renders_a_centred_form_without_navigation(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html and 'name="password"' in html
    assert 'autocomplete="current-password"' in html
    assert "justify-content-center" in html
    assert 'name="viewport"' in html  # phones get a real 375 px layout, not a zoomed-out desktop
    assert 'data-testid="user-menu"' not in html


def test_login_succeeds_and_is_audited_with_the_client_address(client, db):
    user = UserFactory(username="li")
    response = _post_login(client, "li", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert _signed_in(client)
    row = AuditLog.objects.get(action=AuditLog.Action.LOGIN)
    assert row.actor_id == user.pk
    assert row.actor_name == "li"
    assert row.client_address == "10.1.2.3"


def test_login_follows_a_safe_next_and_ignores_an_outside_one(client, db):
    UserFactory(username="li")
    response = client.post(LOGIN + "?next=/accounts/password/", {"username": "li", "password": TEST_PASSWORD})
    assert response["Location"] == "/accounts/password/"
    client.logout()
    response = client.post(LOGIN + "?next=https://evil.example/", {"username": "li", "password": TEST_PASSWORD})
    assert response["Location"] == reverse("home")


def test_failed_login_is_audited_under_the_name_typed(client, db):
    UserFactory(username="li")
    response = _post_login(client, "li", "wrong-password")
    assert response.status_code == 200
    assert not _signed_in(client)
    assert "alert-danger" in response.content.decode()
    row = AuditLog.objects.get(action=AuditLog.Action.LOGIN_FAILED)
    assert row.actor_id is None
    assert row.actor_name == "li"
    assert row.client_address == "10.1.2.3"


def test_deactivated_account_cannot_sign_in(client, db):
    UserFactory(username="gone", is_active=False)
    _post_login(client, "gone", TEST_PASSWORD)
    assert not _signed_in(client)
    assert AuditLog.objects.filter(action=AuditLog.Action.LOGIN_FAILED, actor_name="gone").exists()


def test_logout_is_post_only_and_audited(client, db):
    user = UserFactory(username="li")
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 405
    assert _signed_in(client)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert not _signed_in(client)
    row = AuditLog.objects.get(action=AuditLog.Action.LOGOUT)
    assert row.actor_id == user.pk


def test_signed_in_user_visiting_login_goes_home(client, db):
    client.force_login(UserFactory())
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_five_failures_lock_the_username_even_against_the_right_password(client, db):
    UserFactory(username="li")
    for _ in range(5):
        _post_login(client, "li", "wrong-password")
    response = _post_login(client, "li", TEST_PASSWORD)
    assert response.status_code == 429
    assert "accounts/locked.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert 'data-testid="locked"' in html and "li" in html and "15" in html
    assert not _signed_in(client)
    # The refused sixth attempt is a failed login like the others.
    assert AuditLog.objects.filter(action=AuditLog.Action.LOGIN_FAILED, actor_name="li").count() == 6
    assert not AuditLog.objects.filter(action=AuditLog.Action.LOGIN).exists()


def test_four_failures_do_not_lock(client, db):
    UserFactory(username="li")
    for _ in range(4):
        _post_login(client, "li", "wrong-password")
    response = _post_login(client, "li", TEST_PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


def test_the_lock_is_per_username_not_per_address(client, db):
    UserFactory(username="li")
    UserFactory(username="wang")
    for _ in range(5):
        _post_login(client, "li", "wrong-password")
    # Same machine (same address), another account: a plant behind one NAT must not lock out together.
    response = _post_login(client, "wang", TEST_PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


def test_the_lock_lifts_after_fifteen_minutes(client, db):
    UserFactory(username="li")
    for _ in range(6):
        _post_login(client, "li", "wrong-password")
    assert _post_login(client, "li", TEST_PASSWORD).status_code == 429

    # Travel in time: the last attempt was 14 minutes ago — still locked.
    AccessAttempt.objects.filter(username="li").update(attempt_time=timezone.now() - dt.timedelta(minutes=14))
    assert _post_login(client, "li", TEST_PASSWORD).status_code == 429

    # Each attempt while locked restarts the wait; 16 minutes after the last one the lock is gone.
    AccessAttempt.objects.filter(username="li").update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    response = _post_login(client, "li", TEST_PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


def test_a_successful_login_clears_earlier_failures(client, db):
    UserFactory(username="li")
    for _ in range(4):
        _post_login(client, "li", "wrong-password")
    _post_login(client, "li", TEST_PASSWORD)
    client.post("/accounts/logout/")
    for _ in range(4):
        _post_login(client, "li", "wrong-password")
    assert _post_login(client, "li", TEST_PASSWORD).status_code == 302


@pytest.mark.parametrize("idle_minutes, signed_in", [(29, True), (31, False)])
def test_sessions_expire_after_thirty_idle_minutes(client, db, settings, idle_minutes, signed_in):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"  # the embedded default: the row is the session
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert "dangjian.accounts.middleware.SessionRefreshMiddleware" in settings.MIDDLEWARE
    _post_login(client, UserFactory(username="li").username, TEST_PASSWORD)
    key = client.session.session_key
    # The session was last touched `idle_minutes` ago: its expiry is that much closer, and so is its refresh mark.
    session = client.session
    session[REFRESHED] = int(time.time()) - idle_minutes * 60
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + dt.timedelta(minutes=30 - idle_minutes))
    response = client.get(reverse("accounts:password_change"))
    if signed_in:
        assert response.status_code == 200
        # Any request counts as activity: the 30 minutes start again.
        expiry = Session.objects.get(session_key=key).expire_date
        assert expiry > timezone.now() + dt.timedelta(minutes=29)
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_a_session_is_saved_again_once_a_minute_not_on_every_request(client, db):
    """The idle timeout slides without a write per page: the second page within the minute saves nothing."""
    _post_login(client, UserFactory(username="li").username, TEST_PASSWORD)
    client.get(reverse("accounts:password_change"))
    key = client.session.session_key
    before = Session.objects.get(session_key=key).expire_date
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("accounts:password_change"))
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert Session.objects.get(session_key=key).expire_date == before


def test_of_the_requests_that_found_the_same_refresh_due_one_saves_the_session(client, db):
    """A page and its htmx parts (or 64 connections of a load test) arrive together when the minute is up: the first
    saves the session, the others — which read it before that save — do not write the same row again."""
    _post_login(client, UserFactory(username="li").username, TEST_PASSWORD)
    key = client.session.session_key

    def request_that_read(stamp: int) -> int:
        session = client.session
        session[REFRESHED] = stamp
        session.save()
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("accounts:password_change"))
        return len([q for q in queries.captured_queries if q["sql"].startswith("UPDATE") and key in str(q)])

    due = int(time.time()) - 120
    assert request_that_read(due) == 1
    assert request_that_read(due) == 0  # read the session before the first request saved it
    assert request_that_read(due - 60) == 1  # a later minute's refresh
