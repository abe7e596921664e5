"""WeCom and DingTalk sign-in against local fakes that check each request as the vendors document them: the start
page's redirect, code → member → account, a bad code, a member the company does not know, and an app token that
expired (fetched again once, the sign-in goes through)."""

from urllib.parse import parse_qs, urlsplit

import pytest

from dangjian.core.models import AuditLog
from dangjian.org.models import Person
from tests.accounts.sso import fakes
from tests.factories import UserFactory

# The servers start once per process: keep these tests on one xdist worker.
pytestmark = pytest.mark.xdist_group("sso-servers")


def _query(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def _start(client, way: str, **headers) -> str:
    response = client.get(f"/accounts/sso/{way}/start/", **headers)
    assert response.status_code == 302
    return response["Location"]


def _callback(client, way: str, code: str, state: str, code_name: str = "code"):
    return client.get(f"/accounts/sso/{way}/callback/", {code_name: code, "state": state}, REMOTE_ADDR="10.5.5.5")


def _refused_with(client, response, sentence: str) -> None:
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert sentence in client.get("/accounts/login/").content.decode()


# --- WeCom --------------------------------------------------------------------------------------------------------


def test_wecom_start_sends_a_browser_to_the_qr_page_and_the_wecom_client_to_oauth(client, wecom_on, db):
    qr = _start(client, "wecom")
    assert qr.startswith("https://login.work.weixin.qq.com/wwlogin/sso/login?")
    assert _query(qr) == {
        "login_type": "CorpApp",
        "appid": fakes.WECOM_CORP_ID,
        "agentid": fakes.WECOM_AGENT_ID,
        "redirect_uri": "http://testserver/accounts/sso/wecom/callback/",
        "state": client.session["sso_state_wecom"],
    }
    oauth = _start(client, "wecom", HTTP_USER_AGENT="Mozilla/5.0 wxwork/4.1.0 MicroMessenger/7.0.1")
    assert oauth.startswith("https://open.weixin.qq.com/connect/oauth2/authorize?")
    assert oauth.endswith("#wechat_redirect")
    query = _query(oauth.removesuffix("#wechat_redirect"))
    assert (query["appid"], query["agentid"], query["scope"], query["response_type"]) == (
        fakes.WECOM_CORP_ID,
        fakes.WECOM_AGENT_ID,
        "snsapi_base",
        "code",
    )


def test_wecom_code_signs_in_the_member_with_that_employee_number(
    client, wecom_on, people, django_assert_max_num_queries
):
    # the session, the person with the account; the new session, last login, axes' log, the audit row
    with django_assert_max_num_queries(4):
        state = _query(_start(client, "wecom"))["state"]
    with django_assert_max_num_queries(16):
        response = _callback(client, "wecom", wecom_on.issue_code("E1001"), state)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(people["wang"].pk)
    assert wecom_on.paths() == ["/cgi-bin/gettoken", "/cgi-bin/auth/getuserinfo", "/cgi-bin/user/get"]
    login = AuditLog.objects.get(action=AuditLog.Action.LOGIN)
    assert (login.actor_id, login.comment, login.client_address) == (people["wang"].pk, "sso:wecom", "10.5.5.5")


def test_a_one_time_password_is_not_asked_to_change_after_a_single_sign_on(client, wecom_on, people):
    """The one-time password the administrator set is for the local sign-in; the SSO session goes straight in, the
    local sign-in still has to replace it."""
    wang = people["wang"]
    wang.set_password("Once@2026-only")
    wang.must_change_password = True
    wang.save(update_fields=["password", "must_change_password"])
    state = _query(_start(client, "wecom"))["state"]
    _callback(client, "wecom", wecom_on.issue_code("E1001"), state)
    assert client.get("/").status_code == 200
    local = type(client)()
    local.post("/accounts/login/", {"username": wang.username, "password": "Once@2026-only"})
    assert local.session["_auth_user_id"] == str(wang.pk)
    assert local.get("/")["Location"] == "/accounts/password/"


def test_wecom_app_token_is_reused_and_fetched_again_once_it_expired(client, wecom_on, people):
    state = _query(_start(client, "wecom"))["state"]
    assert _callback(client, "wecom", wecom_on.issue_code("E1001"), state)["Location"] == "/"
    client.logout()
    wecom_on.calls.clear()
    wecom_on.expire_tokens()  # the cached token is now one WeCom calls expired (errcode 42001)
    state = _query(_start(client, "wecom"))["state"]
    assert _callback(client, "wecom", wecom_on.issue_code("E1001"), state)["Location"] == "/"
    assert wecom_on.paths() == [
        "/cgi-bin/auth/getuserinfo",  # 42001 with the cached token
        "/cgi-bin/gettoken",
        "/cgi-bin/auth/getuserinfo",
        "/cgi-bin/user/get",
    ]
    client.logout()
    wecom_on.calls.clear()
    state = _query(_start(client, "wecom"))["state"]
    assert _callback(client, "wecom", wecom_on.issue_code("E1001"), state)["Location"] == "/"
    assert "/cgi-bin/gettoken" not in wecom_on.paths()  # the new token is kept


def test_wecom_bad_code_is_refused_and_audited(client, wecom_on, people):
    state = _query(_start(client, "wecom"))["state"]
    _refused_with(client, _callback(client, "wecom", "made-up-code", state), "Signing in with WeCom did not succeed")
    row = AuditLog.objects.get(action=AuditLog.Action.LOGIN_FAILED)
    assert row.comment == "sso:wecom: WeCom /cgi-bin/auth/getuserinfo: errcode 40029 invalid code"


def test_wecom_code_is_good_once(client, wecom_on, people):
    code = wecom_on.issue_code("E1001")
    state = _query(_start(client, "wecom"))["state"]
    assert _callback(client, "wecom", code, state)["Location"] == "/"
    client.logout()
    state = _query(_start(client, "wecom"))["state"]
    _refused_with(client, _callback(client, "wecom", code, state), "did not succeed")


def test_wecom_member_unknown_here_and_outsider_are_refused(client, wecom_on, people):
    state = _query(_start(client, "wecom"))["state"]
    _refused_with(client, _callback(client, "wecom", wecom_on.issue_code("E9999"), state), "E9999")
    state = _query(_start(client, "wecom"))["state"]
    _refused_with(client, _callback(client, "wecom", wecom_on.issue_code("stranger"), state), "did not succeed")
    comments = list(AuditLog.objects.filter(action=AuditLog.Action.LOGIN_FAILED).order_by("pk").values_list("comment"))
    assert comments == [
        ("sso:wecom: no person with employee number E9999",),
        ("sso:wecom: WeCom getuserinfo: not a member of the company (no userid)",),
    ]


def test_wecom_callback_with_another_state_is_refused_without_asking_wecom(client, wecom_on, people):
    _start(client, "wecom")
    _refused_with(client, _callback(client, "wecom", wecom_on.issue_code("E1001"), "forged"), "did not succeed")
    assert wecom_on.calls == []
    assert AuditLog.objects.get(action=AuditLog.Action.LOGIN_FAILED).comment == "sso:wecom: state mismatch"


def test_wecom_wrong_secret_is_refused(client, wecom_on, people, settings):
    settings.WECOM_SECRET = "not-the-secret"
    state = _query(_start(client, "wecom"))["state"]
    _refused_with(client, _callback(client, "wecom", wecom_on.issue_code("E1001"), state), "did not succeed")
    assert "errcode 40001" in AuditLog.objects.get(action=AuditLog.Action.LOGIN_FAILED).comment


def test_wecom_first_sign_in_creates_the_account_when_allowed(client, wecom_on, people, settings):
    settings.SSO_CREATE_ACCOUNTS = True
    state = _query(_start(client, "wecom"))["state"]
    assert _callback(client, "wecom", wecom_on.issue_code("E1002"), state)["Location"] == "/"
    user = people["zhao"].account
    assert (user.username, user.has_usable_password(), user.role_assignments.count()) == ("E1002", False, 0)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wecom_first_sign_in_refused_when_the_name_is_taken_and_the_refusal_stays_audited(
    client, wecom_on, people, settings
):
    settings.SSO_CREATE_ACCOUNTS = True
    UserFactory(username="E1002")  # someone else's account, not linked to 赵工
    state = _query(_start(client, "wecom"))["state"]
    _refused_with(client, _callback(client, "wecom", wecom_on.issue_code("E1002"), state), "belongs to someone else")
    assert AuditLog.objects.get(action=AuditLog.Action.LOGIN_FAILED).comment == "sso:wecom: username taken"
    assert not hasattr(Person.objects.get(employee_no="E1002"), "account")


# --- DingTalk -----------------------------------------------------------------------------------------------------


def test_dingtalk_start_asks_for_the_openid_and_organisation(client, dingtalk_on, db):
    target = _start(client, "dingtalk")
    assert target.startswith("https://login.dingtalk.com/oauth2/auth?")
    assert _query(target) == {
        "redirect_uri": "http://testserver/accounts/sso/dingtalk/callback/",
        "response_type": "code",
        "client_id": fakes.DINGTALK_CLIENT_ID,
        "scope": "openid corpid",
        "state": client.session["sso_state_dingtalk"],
        "prompt": "consent",
        "corpId": fakes.DINGTALK_CORP_ID,
    }


def test_dingtalk_auth_code_signs_in_the_member_with_that_job_number(client, dingtalk_on, people):
    state = _query(_start(client, "dingtalk"))["state"]
    response = _callback(client, "dingtalk", dingtalk_on.issue_code("union-wang"), state, code_name="authCode")
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(people["wang"].pk)
    assert dingtalk_on.paths() == [
        "/v1.0/oauth2/userAccessToken",
        "/v1.0/contact/users/me",
        "/gettoken",
        "/topapi/user/getbyunionid",
        "/topapi/v2/user/get",
    ]
    assert AuditLog.objects.get(action=AuditLog.Action.LOGIN).comment == "sso:dingtalk"


def test_dingtalk_app_token_expiry_is_survived(client, dingtalk_on, people):
    state = _query(_start(client, "dingtalk"))["state"]
    assert _callback(client, "dingtalk", dingtalk_on.issue_code("union-wang"), state)["Location"] == "/"
    client.logout()
    dingtalk_on.calls.clear()
    dingtalk_on.expire_tokens()
    state = _query(_start(client, "dingtalk"))["state"]
    assert _callback(client, "dingtalk", dingtalk_on.issue_code("union-wang"), state)["Location"] == "/"
    assert dingtalk_on.paths() == [
        "/v1.0/oauth2/userAccessToken",
        "/v1.0/contact/users/me",
        "/topapi/user/getbyunionid",  # 42001 with the cached app token
        "/gettoken",
        "/topapi/user/getbyunionid",
        "/topapi/v2/user/get",
    ]


@pytest.mark.parametrize(
    ("union_id", "sentence", "comment"),
    [
        (
            None,
            "did not succeed",
            "sso:dingtalk: DingTalk userAccessToken: HTTP 400 invalidAuthCode 不合法的临时授权码",
        ),
        ("union-sun", "E9999", "sso:dingtalk: no person with employee number E9999"),
        (
            "union-outsider",
            "did not succeed",
            "sso:dingtalk: DingTalk /topapi/user/getbyunionid: errcode 60121 找不到该用户",
        ),
    ],
)
def test_dingtalk_bad_code_or_unknown_member_is_refused(client, dingtalk_on, people, union_id, sentence, comment):
    code = dingtalk_on.issue_code(union_id) if union_id else "made-up-code"
    state = _query(_start(client, "dingtalk"))["state"]
    _refused_with(client, _callback(client, "dingtalk", code, state, code_name="authCode"), sentence)
    assert AuditLog.objects.get(action=AuditLog.Action.LOGIN_FAILED).comment == comment


def test_dingtalk_user_of_another_organisation_is_refused(client, dingtalk_on, people, settings):
    settings.DINGTALK_CORP_ID = "some-other-corp"
    state = _query(_start(client, "dingtalk"))["state"]
    _refused_with(client, _callback(client, "dingtalk", dingtalk_on.issue_code("union-wang"), state), "did not succeed")
    assert "is not ours" in AuditLog.objects.get(action=AuditLog.Action.LOGIN_FAILED).comment


def test_vendor_pages_are_404_when_not_configured(client, db, settings):
    settings.WECOM_CORP_ID = ""
    settings.DINGTALK_CLIENT_ID = ""
    for path in ("wecom/start", "wecom/callback", "dingtalk/start", "dingtalk/callback"):
        assert client.get(f"/accounts/sso/{path}/").status_code == 404, path
