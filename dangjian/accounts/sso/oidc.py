"""OpenID Connect sign-in (统一身份认证) with mozilla-django-oidc: the library checks the provider's answer (the code
exchanged with PKCE, the ID token's signature against the provider's keys, the nonce); the account is the one of the
person whose employee number the userinfo claim OIDC_EMPLOYEE_NUMBER_CLAIM carries. No claim grants a role.

The backend is not in AUTHENTICATION_BACKENDS: only the callback view (sso/views.py) calls it, so the password form
never reaches the provider, and the session names the local backend, which reads the account on every request.
"""

from __future__ import annotations

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from dangjian.accounts.sso.matching import account_for


def configured() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


class OidcBackend(OIDCAuthenticationBackend):
    def get_or_create_user(self, access_token, id_token, payload):
        """The matched account, or `matching.Refused` (audited) — never an account built from the claims."""
        claims = self.get_userinfo(access_token, id_token, payload)
        name = claims.get("preferred_username") or claims.get("name") or claims.get("sub") or ""
        return account_for(way="oidc", employee_no=claims.get(settings.OIDC_EMPLOYEE_NUMBER_CLAIM), name=str(name))
