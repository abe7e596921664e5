from django.urls import path

from dangjian.accounts.sso import views as sso
from dangjian.accounts.views import accounts, auth, bulk, roles, tokens

app_name = "accounts"
urlpatterns = [
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("password/", auth.password_change, name="password_change"),
    # single sign-on (anonymous pages like the login page; 404 for a way that is not configured)
    path("sso/oidc/start/", sso.oidc_start, name="sso_oidc_start"),
    path("sso/oidc/callback/", sso.oidc_callback, name="sso_oidc_callback"),
    path("sso/wecom/start/", sso.wecom_start, name="sso_wecom_start"),
    path("sso/wecom/callback/", sso.wecom_callback, name="sso_wecom_callback"),
    path("sso/dingtalk/start/", sso.dingtalk_start, name="sso_dingtalk_start"),
    path("sso/dingtalk/callback/", sso.dingtalk_callback, name="sso_dingtalk_callback"),
    # accounts (system administrator)
    path("", accounts.account_list, name="list"),
    path("new/", accounts.account_create, name="create"),
    path("<int:pk>/active/", accounts.account_set_active, name="set_active"),
    path("<int:pk>/password/", accounts.account_set_password, name="set_password"),
    path("<int:pk>/person/", bulk.account_link_person, name="link_person"),
    path("bulk/", bulk.accounts_bulk_create, name="bulk_create"),
    # role assignments (security administrator)
    path("roles/", roles.role_list, name="roles"),
    path("roles/new/", roles.role_assign, name="role_assign"),
    path("roles/bulk/", bulk.roles_bulk_assign, name="role_bulk"),
    path("roles/<int:pk>/revoke/", roles.role_revoke, name="role_revoke"),
    # API tokens (security administrator): list, revoke
    path("tokens/", tokens.token_list, name="tokens"),
    path("tokens/revoke/", tokens.token_revoke, name="token_revoke"),
]
