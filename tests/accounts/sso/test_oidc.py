"""OpenID Connect sign-in against a real oidc-provider: the test client starts the flow, the provider's login and
consent are followed over HTTP (servers.py's interaction signs in the login_hint's account), the callback returns to
Django with the code, which Django exchanges server to server (PKCE, signed ID token, nonce, userinfo)."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from dangjian.core.models import AuditLog

# The servers start once per process: keep these tests on one xdist worker.
pytestmark = pytest.mark.xdist_group("sso-servers")

START = "/accounts/sso/oidc/start/"


def _through_provider(authorize_url: str) -> str:
    """Follow the provider's redirects (its own cookies kept) until it sends the browser back to us."""
    browser = requests.Session()
    url = authorize_url
    for _ in range(10):
        response = browser.get(url, allow_redirects=False, timeout=10)
        assert response.status_code in (302, 303), (response.status_code, response.text[:500])
        url = requests.compat.urljoin(url, response.headers["Location"])
        if url.startswith("http://testserver/"):
            return url
    raise AssertionError("the provider never sent the browser back")


def _sign_in(client, settings, account: str, next_url: str = ""):
    settings.OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"login_hint": account}
    start = client.get(START + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    back = urlsplit(_through_provider(start["Location"]))
    return client.get(f"{back.path}?{back.query}", REMOTE_ADDR="10.9.8.7")


def test_the_start_page_asks_the_provider_with_state_nonce_and_pkce(client, oidc_on, db):
    response = client.get(START)
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    query = {key: values[0] for key, values in parse_qs(target.query).items()}
    assert f"{target.scheme}://{target.netloc}{target.path}" == oidc_on.OIDC_OP_AUTHORIZATION_ENDPOINT
    assert query["client_id"] == "dangjian-test"
    assert query["redirect_uri"] == "http://testserver/accounts/sso/oidc/callback/"
    assert query["scope"] == "openid profile employee_number"
    assert query["code_challenge_method"] == "S256"
    assert set(query) >= {"state", "nonce", "code_challenge"}
    assert query["state"] in client.session["oidc_states"]


def test_oidc_signs_in_the_account_of_the_claimed_employee_number(
    client, oidc_on, people, django_assert_max_num_queries
):
    oidc_on.OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"login_hint": "wang"}
    with django_assert_max_num_queries(4):
        start = client.get(START + "?next=/accounts/password/")
    back = urlsplit(_through_provider(start["Location"]))
    with django_assert_max_num_queries(16):
        response = client.get(f"{back.path}?{back.query}", REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/"
    assert client.session["_auth_user_id"] == str(people["wang"].pk)
    login = AuditLog.objects.get(action=AuditLog.Action.LOGIN)
    assert (login.actor_id, login.comment, login.client_address) == (people["wang"].pk, "sso:oidc", "10.9.8.7")
    assert client.get("/accounts/password/").status_code == 200


@pytest.mark.parametrize(
    ("account", "sentence", "why"),
    [
        ("sun", "Nobody with employee number E9999 is registered here", "no person with employee number E9999"),
        ("nonumber", "carries no employee number", "no employee number"),
    ],
)
def test_an_identity_that_matches_nobody_is_refused_on_the_login_page(client, oidc_on, people, account, sentence, why):
    response = _sign_in(client, oidc_on, account)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    page = client.get("/accounts/login/")
    assert sentence in page.content.decode()
    row = AuditLog.objects.get(action=AuditLog.Action.LOGIN_FAILED)
    assert row.comment == f"sso:oidc: {why}"
    assert not AuditLog.objects.filter(action=AuditLog.Action.LOGIN).exists()


def test_a_callback_whose_state_this_session_did_not_issue_is_refused(client, oidc_on, people):
    oidc_on.OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"login_hint": "wang"}
    start = client.get(START)
    back = urlsplit(_through_provider(start["Location"]))
    query = parse_qs(back.query)
    # the provider's genuine code, but with a state from elsewhere (a forged link)
    response = client.get(back.path, {"code": query["code"][0], "state": "forged-state"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert "did not succeed" in client.get("/accounts/login/").content.decode()
    assert AuditLog.objects.get(action=AuditLog.Action.LOGIN_FAILED).comment == "sso:oidc: state mismatch"
    # and a state is good once: replaying the real callback after a success is refused too
    ok = client.get(f"{back.path}?{back.query}")
    assert ok.status_code == 302 and ok["Location"] == "/"
    client.logout()
    replay = client.get(f"{back.path}?{back.query}")
    assert replay["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_oidc_pages_are_404_when_oidc_is_not_configured(client, db, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    assert client.get(START).status_code == 404
    assert client.get("/accounts/sso/oidc/callback/?code=x&state=y").status_code == 404


def test_a_provider_that_refuses_the_sign_in_sends_the_user_back_to_a_sentence(client, oidc_on, people):
    # the provider's interaction refuses an account it does not know: it redirects back with error=access_denied
    oidc_on.OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"login_hint": "ghost"}
    back = urlsplit(_through_provider(client.get(START)["Location"]))
    assert parse_qs(back.query)["error"] == ["access_denied"]
    response = client.get(f"{back.path}?{back.query}")
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert AuditLog.objects.get(action=AuditLog.Action.LOGIN_FAILED).comment == "sso:oidc: provider error access_denied"


def test_a_provider_that_cannot_be_reached_for_the_token_is_refused_not_a_500(client, oidc_on, people):
    from tests.accounts.sso.servers import free_port

    oidc_on.OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"login_hint": "wang"}
    back = urlsplit(_through_provider(client.get(START)["Location"]))
    oidc_on.OIDC_OP_TOKEN_ENDPOINT = f"http://127.0.0.1:{free_port()}/token"  # the provider went away
    response = client.get(f"{back.path}?{back.query}")
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert AuditLog.objects.get(action=AuditLog.Action.LOGIN_FAILED).comment.startswith("sso:oidc: ConnectionError")
