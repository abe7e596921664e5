"""A password someone else chose must be changed at the next sign-in (三员分立: the system administrator who reset it
cannot use the account), on every page and in the API; the reset is audited without the password."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.accounts import services
from dangjian.accounts.models import ApiToken
from dangjian.core.errors import InvalidInput
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from tests.factories import TEST_PASSWORD, UserFactory, account_with_role

ONE_TIME = "amber-compass-5521"
OWN = "quiet-harbour-7734"


@pytest.fixture
def reset_user(company, sys_admin, login_as):
    """office's password set by the system administrator on the accounts page."""
    user = account_with_role("party_office", company["root"], username="office")
    response = login_as(sys_admin).post(
        reverse("accounts:set_password", args=[user.pk]), {"password1": ONE_TIME, "password2": ONE_TIME}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    return user


def test_a_reset_by_the_system_administrator_forces_a_change_and_is_audited(reset_user, sys_admin):
    assert reset_user.must_change_password
    row = AuditLog.objects.get(object_id=str(reset_user.pk), comment="password set")
    assert row.actor == sys_admin
    assert row.after == {"must_change_password": True}
    assert ONE_TIME not in json.dumps([row.before, row.after, row.comment, row.object_repr])


def test_signing_in_with_the_reset_password_reaches_no_page_until_it_is_changed(reset_user):
    """The probe: the system administrator set a business user's password and then used that account."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.post(reverse("accounts:login"), {"username": "office", "password": ONE_TIME}).status_code == 302
    for name in ["home", "org:people", "org:tree", "projects:list", "accounts:list"]:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"] == reverse("accounts:password_change"), name
    # writes are refused too, and htmx requests are told to load the password page
    assert client.post(reverse("org:people"), {}).status_code == 302
    response = client.get(reverse("org:people"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("accounts:password_change")
    # the API answers 403 to the session
    response = client.get("/api/v1/me")
    assert response.status_code == 403 and "password" in response.json()["message"]
    # the password page itself, and signing out, stay open; the page says why
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 200 and b'data-testid="must-change"' in response.content


def test_the_api_refuses_a_token_to_an_account_that_must_change_its_password(reset_user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    body = json.dumps({"username": "office", "password": ONE_TIME})
    response = client.post("/api/v1/auth/token", data=body, content_type="application/json")
    assert response.status_code == 403
    assert not ApiToken.objects.filter(user=reset_user).exists()
    # a token issued earlier (by any path) is refused as well
    _, raw = ApiToken.issue(reset_user)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 403


def test_changing_the_password_lifts_the_block(reset_user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post(reverse("accounts:login"), {"username": "office", "password": ONE_TIME})
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": ONE_TIME, "new_password1": OWN, "new_password2": OWN},
    )
    assert response.status_code == 302
    reset_user.refresh_from_db()
    assert not reset_user.must_change_password and reset_user.check_password(OWN)
    assert client.get(reverse("home")).status_code == 200
    assert client.get("/api/v1/me").status_code == 200


def test_the_forced_change_cannot_keep_the_same_password(reset_user):
    with pytest.raises(InvalidInput):
        services.password_change(actor=reset_user, user=reset_user, old_password=ONE_TIME, new_password=ONE_TIME)
    reset_user.refresh_from_db()
    assert reset_user.must_change_password


def test_an_account_created_on_the_accounts_page_must_change_its_one_time_password(login_as, sys_admin, company):
    response = login_as(sys_admin).post(
        reverse("accounts:create"),
        {"username": "newbie", "password1": ONE_TIME, "password2": ONE_TIME, "employee_no": "", "email": ""},
    )
    assert response.status_code == 302
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post(reverse("accounts:login"), {"username": "newbie", "password": ONE_TIME})
    assert client.get(reverse("home"))["Location"] == reverse("accounts:password_change")


def test_accounts_the_system_creates_keep_their_password_unless_asked(db, monkeypatch):
    from django.core.management import call_command

    assert not services.account_create(actor=SYSTEM, username="seeded", password=ONE_TIME).must_change_password
    monkeypatch.setenv("PW", ONE_TIME)
    call_command("create_account", "handed", "--role", "audit_admin", "--password-env", "PW", "--one-time-password")
    from dangjian.accounts.models import User

    assert User.objects.get(username="handed").must_change_password


def test_an_ordinary_sign_in_is_not_redirected(db):
    UserFactory(username="plain")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post(reverse("accounts:login"), {"username": "plain", "password": TEST_PASSWORD})
    assert client.get(reverse("home")).status_code == 200


def test_the_system_administrator_cannot_reset_their_own_password_this_way(login_as, sys_admin):
    response = login_as(sys_admin).post(
        reverse("accounts:set_password", args=[sys_admin.pk]), {"password1": ONE_TIME, "password2": ONE_TIME}
    )
    assert response.status_code == 200
    sys_admin.refresh_from_db()
    assert sys_admin.check_password(TEST_PASSWORD)
