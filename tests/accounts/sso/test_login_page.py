"""The login page shows a button for each configured way only, and says when passwords are for administrators."""

import pytest

LOGIN = "/accounts/login/"


def test_no_sso_configured_shows_the_plain_form(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="sso-ways"' not in html
    assert 'data-testid="local-login-off"' not in html


def test_each_configured_way_has_its_button_in_chinese(db, settings, django_assert_max_num_queries):
    from django.test import Client

    settings.WECOM_CORP_ID = "ww"
    settings.DINGTALK_CLIENT_ID = "ding"
    settings.OIDC_RP_CLIENT_ID = "client"
    settings.AUTH_LDAP_SERVER_URI = "ldap://127.0.0.1:1"
    with django_assert_max_num_queries(2):
        response = Client().get(LOGIN + "?next=/accounts/password/")
    html = response.content.decode()
    assert html.count('data-testid="sso-') == 4  # the group and its three buttons
    assert '<a class="btn btn-outline-primary" href="/accounts/sso/wecom/start/?next=/accounts/password/"' in html
    assert "企业微信登录" in html and "钉钉登录" in html and "统一身份认证" in html
    assert "或使用公司账号和密码" in html


@pytest.mark.parametrize("way", ["wecom", "dingtalk", "oidc"])
def test_only_the_configured_way_shows(client, db, settings, way):
    settings.WECOM_CORP_ID = "ww" if way == "wecom" else ""
    settings.DINGTALK_CLIENT_ID = "ding" if way == "dingtalk" else ""
    settings.OIDC_RP_CLIENT_ID = "client" if way == "oidc" else ""
    html = client.get(LOGIN).content.decode()
    assert [w for w in ("wecom", "dingtalk", "oidc") if f'data-testid="sso-{w}"' in html] == [way]


def test_local_password_off_is_said_on_the_page(client, db, settings):
    settings.SSO_LOCAL_PASSWORD_LOGIN = False
    html = client.get(LOGIN).content.decode()
    assert "Local passwords are only for the system administrators" in html


def test_a_way_switched_on_without_its_other_variables_is_reported_by_check(settings):
    from dangjian.accounts.checks import single_sign_on_settings

    assert single_sign_on_settings() == []
    settings.OIDC_RP_CLIENT_ID = "client"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://idp/auth"
    settings.WECOM_CORP_ID = "ww"
    settings.WECOM_AGENT_ID = "1000002"
    messages = [(w.id, w.msg) for w in single_sign_on_settings()]
    assert messages == [
        (
            "accounts.W002",
            "OIDC_RP_CLIENT_ID is set but OIDC_OP_TOKEN_ENDPOINT, OIDC_OP_USER_ENDPOINT, OIDC_OP_JWKS_ENDPOINT are "
            "empty: that sign-in way cannot work.",
        ),
        ("accounts.W002", "WECOM_CORP_ID is set but WECOM_SECRET is empty: that sign-in way cannot work."),
    ]
