"""The accounts' authentication backend: Django's ModelBackend, with the signed-in user's person (and their branch,
group and unit) read in the same query as the account on every request — the navigation shows the person's name,
and the home page, the 'own branch' checks and one's own record all start from them.

With SSO_LOCAL_PASSWORD_LOGIN off, a local password signs in only the three administrators (三员); everyone else signs
in through single sign-on (accounts/sso/)."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from dangjian.accounts.models import User


class AccountBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        from dangjian.accounts.sso.matching import local_password_allowed

        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and not local_password_allowed(user):
            # As a wrong password: the form says so, django-axes counts it, the directory may still be tried.
            return None
        return user

    def get_user(self, user_id):
        users = User._default_manager.select_related("person__branch", "person__group", "person__unit")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
