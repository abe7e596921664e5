"""The security administrator's API tokens page: who holds which token (never its secret), and revoking one."""

import pytest
from django.urls import reverse

from dangjian.accounts.models import ApiToken
from dangjian.core.models import AuditLog
from tests.factories import UserFactory


@pytest.mark.parametrize(
    "who, status", [("sec_admin", 200), ("sys_admin", 403), ("audit_admin", 403), ("office", 403), (None, 302)]
)
def test_who_may_open_the_tokens_page(request, login_as, company, who, status):
    user = request.getfixturevalue(who) if who else None
    assert login_as(user).get(reverse("accounts:tokens")).status_code == status


def test_the_list_shows_holder_scope_and_dates_but_never_the_secret(login_as, sec_admin, django_assert_max_num_queries):
    raws = []
    for n in range(5):
        token, raw = ApiToken.issue(UserFactory(username=f"holder{n}"), scope="read" if n % 2 else "full")
        raws.append((token, raw))
    client = login_as(sec_admin)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("accounts:tokens"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-testid="token-row"') == 5
    for token, raw in raws:
        assert token.user.username in body
        assert raw not in body and token.key_hash not in body
    assert "read only" in body
    filtered = client.get(reverse("accounts:tokens"), {"account": "holder3"}).content.decode()
    assert filtered.count('data-testid="token-row"') == 1


def test_revoke_deletes_the_token_and_is_audited(login_as, sec_admin):
    holder = UserFactory(username="holder")
    token, raw = ApiToken.issue(holder)
    response = login_as(sec_admin).post(reverse("accounts:token_revoke"), {"token": token.pk})
    assert response.status_code == 302
    assert ApiToken.objects.find(raw) is None
    row = AuditLog.objects.get(object_type="accounts.apitoken", object_id=str(token.pk))
    assert row.actor == sec_admin and row.action == "delete" and row.comment == "token revoked"
    assert row.before["user_id"] == holder.pk and "key_hash" not in row.before


@pytest.mark.parametrize("value", ["", "abc", "999999", "99999999999999999999999"])
def test_revoke_of_an_unknown_token_says_so(login_as, sec_admin, value):
    response = login_as(sec_admin).post(reverse("accounts:token_revoke"), {"token": value}, follow=True)
    assert response.status_code == 200
    assert "No such token" in response.content.decode()


def test_others_cannot_revoke(login_as, sys_admin, office):
    token, raw = ApiToken.issue(office)
    for who in (sys_admin, office):
        assert login_as(who).post(reverse("accounts:token_revoke"), {"token": token.pk}).status_code == 403
    assert ApiToken.objects.find(raw) is not None


def test_revoke_is_post_only(login_as, sec_admin):
    assert login_as(sec_admin).get(reverse("accounts:token_revoke")).status_code == 405


def test_the_security_administrator_finds_the_page_in_the_navigation(login_as, sec_admin):
    nav = {name for name, _label in login_as(sec_admin).get(reverse("home")).context["nav"]}
    assert "accounts:tokens" in nav
