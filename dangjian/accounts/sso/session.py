"""Whether a session was signed in through single sign-on. Such a session never asks for a new local password: a
one-time password the system administrator set is for signing in locally, and only that sign-in must replace it
(accounts/middleware.ForcePasswordChangeMiddleware)."""

from __future__ import annotations

from django.contrib.auth import BACKEND_SESSION_KEY

# Set by the OIDC, WeCom and DingTalk callbacks (sso/views.py) to the way used; the LDAP way is the backend itself.
SSO_SESSION_KEY = "sso_way"
DIRECTORY_BACKEND = "dangjian.accounts.sso.ldap.DirectoryBackend"


def signed_in_by_sso(session) -> bool:
    return bool(session.get(SSO_SESSION_KEY)) or session.get(BACKEND_SESSION_KEY) == DIRECTORY_BACKEND
