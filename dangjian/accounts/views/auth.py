"""Signing in and out, and changing one's own password. Failed logins are counted by django-axes (5 lock the
username for 15 minutes, see settings) and every login, logout and failure is audited by accounts/signals.py."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from dangjian.accounts import services
from dangjian.accounts.forms import LoginForm, PasswordChangeForm, add_domain_error
from dangjian.accounts.views.common import OWN
from dangjian.core.views.pages import refusal_on


class LoginView(auth_views.LoginView):
    """The password form, and a button for each single sign-on way that is configured (accounts/sso/)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from dangjian.accounts.sso.views import configured_ways

        return super().get_context_data(
            failure_limit=settings.AXES_FAILURE_LIMIT,
            lockout_minutes=round(settings.AXES_COOLOFF_TIME * 60),
            sso_ways=configured_ways(),
            local_password_login=settings.SSO_LOCAL_PASSWORD_LOGIN,
            directory_login=bool(settings.AUTH_LDAP_SERVER_URI),
            **kwargs,
        )


login_view = LoginView.as_view()
# POST only (Django 5): a link or an image tag cannot sign anyone out.
logout_view = auth_views.LogoutView.as_view()


@sensitive_post_parameters()
@login_required
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_on(
            form, place=partial(add_domain_error, field_map={"password": "new_password1"}), also=OWN
        ) as refused:
            user = services.password_change(
                actor=request.user,
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        if not refused:
            # Keep this session signed in; other sessions of the account are signed out by the new hash.
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password has been changed."))
            return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})
