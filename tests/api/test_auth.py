"""Token issue, use, expiry and revocation; wrong passwords, lockout, session auth with CSRF."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from dangjian.accounts.models import ApiToken
from dangjian.core.models import AuditLog
from tests.factories import TEST_PASSWORD, UserFactory


def post_token(client, username, password):
    return client.post(
        "/api/v1/auth/token",
        data=json.dumps({"username": username, "password": password}),
        content_type="application/json",
    )


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.django_db
def test_token_issue_and_use(client, office):
    response = post_token(client, "office", TEST_PASSWORD)
    assert response.status_code == 200
    body = response.json()
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert expires > timezone.now()
    assert expires.utcoffset() == dt.timedelta(hours=8)  # shown in the site's time zone (Asia/Shanghai)
    assert ApiToken.objects.find(body["token"]).user == office
    # the raw token is never stored
    assert not ApiToken.objects.filter(key_hash=body["token"]).exists()
    assert AuditLog.objects.filter(action=AuditLog.Action.TOKEN, actor=office).exists()

    me = Client().get("/api/v1/me", **bearer(body["token"]))
    assert me.status_code == 200
    assert me.json()["username"] == "office"


@pytest.mark.django_db
def test_wrong_password_is_401_json_and_audited(client, office):
    response = post_token(client, "office", "wrong-password")
    assert response.status_code == 401
    assert response.json()["message"]
    assert "token" not in response.json()
    assert AuditLog.objects.filter(action=AuditLog.Action.LOGIN_FAILED, actor_name="office").count() == 1


@pytest.mark.django_db
def test_unknown_user_is_401(client, company):
    assert post_token(client, "nobody", "whatever-password").status_code == 401


@pytest.mark.django_db
def test_inactive_user_gets_no_token_and_loses_old_ones(client, office):
    _, raw = ApiToken.issue(office)
    office.is_active = False
    office.save()
    assert post_token(client, "office", TEST_PASSWORD).status_code == 401
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 401


@pytest.mark.django_db
def test_missing_credentials_are_400_with_field_errors(client, company):
    response = client.post("/api/v1/auth/token", data=json.dumps({"username": "x"}), content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"password"}


@pytest.mark.django_db
def test_lockout_after_five_failures_answers_json(client, office):
    for _ in range(4):
        assert post_token(client, "office", "wrong-password").status_code == 401
    fifth = post_token(client, "office", "wrong-password")
    assert fifth.status_code == 429
    assert fifth["Content-Type"].startswith("application/json")
    assert "locked" in fifth.json()["message"]
    # Even the right password is refused while locked, still as JSON with a Retry-After.
    locked = post_token(client, "office", TEST_PASSWORD)
    assert locked.status_code == 429
    assert locked.json()["message"]
    assert int(locked["Retry-After"]) > 0
    assert not ApiToken.objects.filter(user=office).exists()


@pytest.mark.django_db
def test_success_clears_earlier_failures(client, office):
    for _ in range(4):
        post_token(client, "office", "wrong-password")
    assert post_token(client, "office", TEST_PASSWORD).status_code == 200
    for _ in range(4):
        assert post_token(client, "office", "wrong-password").status_code == 401


@pytest.mark.django_db
def test_expired_token_is_refused(client, office):
    token, raw = ApiToken.issue(office)
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get("/api/v1/me", **bearer(raw))
    assert response.status_code == 401
    assert response.json()["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_revoke_the_presented_token(client, office):
    keep, keep_raw = ApiToken.issue(office)
    token, raw = ApiToken.issue(office)
    response = client.delete("/api/v1/auth/token", **bearer(raw))
    assert response.status_code == 204
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 401
    # other tokens of the same user still work
    assert client.get("/api/v1/me", **bearer(keep_raw)).status_code == 200
    entry = AuditLog.objects.get(action=AuditLog.Action.DELETE, object_type="accounts.apitoken")
    assert entry.actor == office and entry.object_id == str(token.pk)


@pytest.mark.django_db
def test_revoke_needs_a_token_not_a_session(client, office):
    client.force_login(office)
    assert client.delete("/api/v1/auth/token").status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-token", "Bearer ", "Token abc", "Basic b2ZmaWNlOnB3"],
)
@pytest.mark.django_db
def test_bad_authorization_headers_are_401(client, office, header):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["message"]


@pytest.mark.django_db
def test_anonymous_is_401_everywhere(client, company):
    for method, path in [("get", "/api/v1/me"), ("get", "/api/v1/orgs"), ("post", "/api/v1/orgs")]:
        response = getattr(client, method)(path, content_type="application/json")
        assert response.status_code == 401, path
        assert response.json()["message"]


@pytest.mark.django_db
def test_session_auth_reads_without_csrf_but_writes_need_it(office, company):
    client = Client(enforce_csrf_checks=True)
    client.force_login(office)
    assert client.get("/api/v1/orgs").status_code == 200

    body = json.dumps({"code": "NEW", "name": "新支部", "kind": "branch", "parent": "ROOT"})
    refused = client.post("/api/v1/orgs", data=body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["message"]

    client.get("/api/v1/docs")  # any page that renders the CSRF token sets the cookie
    csrf = client.cookies["csrftoken"].value
    accepted = client.post("/api/v1/orgs", data=body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert accepted.status_code == 201


@pytest.mark.django_db
def test_bearer_writes_need_no_csrf(office, company):
    client = Client(enforce_csrf_checks=True)
    _, raw = ApiToken.issue(office)
    body = json.dumps({"code": "NEW", "name": "新支部", "kind": "branch", "parent": "ROOT"})
    assert client.post("/api/v1/orgs", data=body, content_type="application/json", **bearer(raw)).status_code == 201


@pytest.mark.django_db
def test_new_user_without_roles_can_use_the_api_but_sees_nothing(client, company):
    user = UserFactory(username="plain")
    _, raw = ApiToken.issue(user)
    assert client.get("/api/v1/me", **bearer(raw)).json()["roles"] == []
    assert client.get("/api/v1/orgs", **bearer(raw)).json() == {"items": [], "count": 0}


# --- finding 7: token scopes, and tokens that end with the password ---------------------------------------------


def issue(client, username, scope):
    body = json.dumps({"username": username, "password": TEST_PASSWORD, "scope": scope})
    response = client.post("/api/v1/auth/token", data=body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["scope"] == scope
    return response.json()["token"]


PUSH_BODY = {"values": [], "reason": "scope test"}


@pytest.mark.django_db
def test_a_read_token_reads_but_every_write_is_403(client, office, company):
    raw = issue(client, "office", "read")
    assert ApiToken.objects.find(raw).scope == "read"
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 200
    assert client.get("/api/v1/people", **bearer(raw)).status_code == 200
    person = company["person_a"]
    writes = [
        ("post", "/api/v1/indicators/values", PUSH_BODY),
        ("post", f"/api/v1/people/{person.pk}/status", {"to_status": "non_member", "on": "2026-01-05"}),
        ("patch", f"/api/v1/people/{person.pk}", {"phone": "13800000000"}),
    ]
    before = AuditLog.objects.exclude(action__in=["login", "token"]).count()
    for method, path, body in writes:
        response = getattr(client, method)(path, data=json.dumps(body), content_type="application/json", **bearer(raw))
        assert response.status_code == 403, (path, response.status_code)
        assert "read" in response.json()["message"]
    assert AuditLog.objects.exclude(action__in=["login", "token"]).count() == before
    # a full token of the same account may write
    full = issue(client, "office", "full")
    response = client.post(
        "/api/v1/indicators/values", data=json.dumps(PUSH_BODY), content_type="application/json", **bearer(full)
    )
    assert response.status_code != 403


@pytest.mark.django_db
def test_a_push_token_reaches_only_the_push_endpoints(client, company):
    from tests.factories import account_with_role

    account_with_role("integration", company["root"], username="mes")
    raw = issue(client, "mes", "push")
    for path in ["/api/v1/me", "/api/v1/indicators", "/api/v1/units"]:
        assert client.get(path, **bearer(raw)).status_code == 403, path
    for path in ["/api/v1/indicators/values", "/api/v1/value/records", "/api/v1/value/records/batch"]:
        response = client.post(path, data=json.dumps(PUSH_BODY), content_type="application/json", **bearer(raw))
        assert response.status_code != 403, (path, response.content)
    # and it may still revoke itself
    assert client.delete("/api/v1/auth/token", **bearer(raw)).status_code == 204


@pytest.mark.django_db
def test_an_unknown_scope_is_400(client, office):
    body = json.dumps({"username": "office", "password": TEST_PASSWORD, "scope": "admin"})
    assert client.post("/api/v1/auth/token", data=body, content_type="application/json").status_code == 400
    assert not ApiToken.objects.filter(user=office).exists()


@pytest.mark.django_db
def test_tokens_end_when_the_user_changes_the_password(client, office):
    from dangjian.accounts import services

    raw = issue(client, "office", "full")
    services.password_change(actor=office, user=office, old_password=TEST_PASSWORD, new_password="quiet-harbour-7734")
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 401
    assert not ApiToken.objects.filter(user=office).exists()
    assert AuditLog.objects.filter(object_id=str(office.pk), comment__contains="token(s) revoked").exists()


@pytest.mark.django_db
def test_tokens_end_when_an_administrator_sets_the_password(client, office):
    from dangjian.accounts import services
    from tests.factories import account_with_role

    raw = issue(client, "office", "read")
    admin = account_with_role("system_admin", None, username="root")
    services.password_set(actor=admin, user=office, password="quiet-harbour-7734")
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 401


@pytest.mark.django_db
def test_tokens_are_deleted_on_deactivation_and_stay_dead_after_reactivation(client, office):
    from dangjian.accounts import services
    from tests.factories import account_with_role

    raw = issue(client, "office", "full")
    admin = account_with_role("system_admin", None, username="root")
    services.account_set_active(actor=admin, user=office, active=False)
    services.account_set_active(actor=admin, user=office, active=True)
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 401


@pytest.mark.django_db
def test_last_used_is_recorded_to_the_minute(client, office):
    raw = issue(client, "office", "full")
    token = ApiToken.objects.find(raw)
    assert token.last_used_at == token.created_at or abs(token.last_used_at - token.created_at).total_seconds() < 1
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=an_hour_ago)
    client.get("/api/v1/me", **bearer(raw))
    assert ApiToken.objects.find(raw).last_used_at > an_hour_ago + dt.timedelta(minutes=59)
