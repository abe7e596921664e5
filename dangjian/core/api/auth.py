"""API authentication: a bearer token or the browser session, both accepted on every endpoint. The tokens are kept
by the app that provides `access.find_token` (core/capabilities.py).

Whichever succeeds sets `request.auth_user`, the account every scoped query and service call acts as.

A token's scope narrows it further (checked here, before any endpoint runs):
- `full`: everything the account's roles allow, as its browser session would;
- `read`: safe methods only (GET, HEAD, OPTIONS); any write answers 403;
- `push`: only the MES/ERP push endpoints (`push_endpoints()`: each app's `grants.PUSH_ENDPOINTS`); anything else
  answers 403.
An account that must change a password someone else set is refused (403) until it has.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from dangjian.core.capabilities import capability_modules, provider
from dangjian.core.errors import NotPermitted

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A token's scope (the values of the token model's `scope` field).
FULL, READ, PUSH = "full", "read", "push"
# `last_used_at` is written at most this often per token (and set when issued), so requests do not each cost a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def _api_path(request) -> str:
    """The request's path below the API root ("/api/v1/indicators/values" → "/indicators/values")."""
    path = request.path_info
    marker = "/api/v1"
    return path[path.index(marker) + len(marker) :].rstrip("/") if marker in path else path


@functools.cache
def push_endpoints() -> frozenset[tuple[str, str]]:
    """(method, path below /api/v1) of the endpoints a `push` token may call: each app's `grants.PUSH_ENDPOINTS`."""
    return frozenset().union(*(getattr(module, "PUSH_ENDPOINTS", ()) for module in capability_modules("grants")))


def scope_allows(scope: str, method: str, api_path: str) -> bool:
    if scope == FULL:
        return True
    if scope == READ:
        return method in SAFE_METHODS
    if scope == PUSH:
        return (method, api_path) in push_endpoints()
    return False


def refuse_forced_change(user) -> None:
    if getattr(user, "must_change_password", False):
        raise NotPermitted(
            _("Your password was set by an administrator. Change it on the website before using the API.")
        )


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a token from POST /api/v1/auth/token."""

    def authenticate(self, request, token: str):
        api_token = provider("access").find_token(token) if token else None
        if api_token is None:
            return None
        refuse_forced_change(api_token.user)
        method, path = request.method, _api_path(request)
        # Revoking the token in use (DELETE /auth/token) is open to every scope.
        if not scope_allows(api_token.scope, method, path) and (method, path) != ("DELETE", "/auth/token"):
            if api_token.scope == READ:
                raise NotPermitted(_("This token may only read (scope “read”)."))
            raise NotPermitted(_("This token may only push production data (scope “push”)."))
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_RESOLUTION:
            type(api_token)._default_manager.filter(pk=api_token.pk).update(last_used_at=now)
            api_token.last_used_at = now
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
            refuse_forced_change(user)
            request.auth_user = user
        return user


API_AUTH = [BearerAuth(), SessionAuth()]
