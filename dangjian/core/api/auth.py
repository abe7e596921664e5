"""API authentication: a bearer token (accounts.ApiToken) or the browser session, both accepted on every endpoint.

Whichever succeeds sets `request.auth_user`, the account every scoped query and service call acts as.
"""

from __future__ import annotations

from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from dangjian.accounts.models import ApiToken


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a token from POST /api/v1/auth/token."""

    def authenticate(self, request, token: str):
        api_token = ApiToken.objects.find(token) if token else None
        if api_token is None:
            return None
        request.auth_user = api_token.user
        request.api_token = api_token
        return api_token.user


class SessionAuth(NinjaSessionAuth):
    """The signed-in browser session; unsafe methods need the CSRF token (ninja checks it in `_get_key`)."""

    def __call__(self, request):
        # Only a signed-in session is checked for CSRF: an anonymous caller gets 401, not a CSRF complaint.
        if not request.user.is_authenticated:
            return None
        user = super().__call__(request)
        if user is not None:
            request.auth_user = user
        return user


API_AUTH = [BearerAuth(), SessionAuth()]
