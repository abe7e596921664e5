from django.urls import path

from dangjian.accounts.views import accounts, auth, roles

app_name = "accounts"
urlpatterns = [
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("password/", auth.password_change, name="password_change"),
    # accounts (system administrator)
    path("", accounts.account_list, name="list"),
    path("new/", accounts.account_create, name="create"),
    path("<int:pk>/active/", accounts.account_set_active, name="set_active"),
    path("<int:pk>/password/", accounts.account_set_password, name="set_password"),
    # role assignments (security administrator)
    path("roles/", roles.role_list, name="roles"),
    path("roles/new/", roles.role_assign, name="role_assign"),
    path("roles/<int:pk>/revoke/", roles.role_revoke, name="role_revoke"),
]
