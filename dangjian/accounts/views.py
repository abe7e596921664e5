# Placeholder until the account pages land (helper "accounts-audit" replaces this file).
from django.contrib.auth import views as auth_views
from django.http import Http404

login_view = auth_views.LoginView.as_view(template_name="accounts/login.html")
logout_view = auth_views.LogoutView.as_view()


def password_change(request):
    raise Http404


account_list = role_list = password_change
