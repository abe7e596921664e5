"""Forces a password change when someone else chose the password (a reset by the system administrator, a one-time
password at account creation): until the owner changes it, every page redirects to the password page and the API
answers 403. Only the password page, signing out and the language switch stay open."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.accounts.sso.session import signed_in_by_sso


def must_change_message() -> str:
    return _("Your password was set by an administrator. Choose your own password before you go on.")


class ForcePasswordChangeMiddleware:
    """After AuthenticationMiddleware and HtmxMiddleware. A bearer-token request is not signed in here:
    core/api/auth.py refuses it. A session signed in through single sign-on is let through: the one-time password
    is for the local sign-in, which still asks for a new one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not signed_in_by_sso(request.session)
        ):
            allowed = {reverse("accounts:password_change"), reverse("accounts:logout"), reverse("set_language")}
            path = request.path_info
            if path not in allowed and not path.startswith(("/static/", "/jsi18n/")):
                if path.startswith("/api/"):
                    return JsonResponse({"message": must_change_message(), "errors": {}}, status=403)
                # The password page itself says why (accounts/password_change.html).
                if getattr(request, "htmx", False):
                    # The browser would follow a 302 inside htmx's request and swap the password page into a
                    # fragment: tell htmx to load it as a whole page instead.
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = reverse("accounts:password_change")
                    return response
                return redirect(reverse("accounts:password_change"))
        return self.get_response(request)


# A signed-in session's idle timeout (SESSION_COOKIE_AGE) slides with activity, but the session is written again at
# most this often: saving it on every request cost three queries per page (a transaction and an UPDATE).
SESSION_REFRESH_SECONDS = 60
REFRESHED = "_refreshed"


class SessionRefreshMiddleware:
    """After SessionMiddleware and AuthenticationMiddleware: marks a signed-in session modified — so SessionMiddleware
    saves it with a new expiry — when SESSION_REFRESH_SECONDS have passed since it was last refreshed. Idle for
    SESSION_COOKIE_AGE, a session ends as before (give or take a minute)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if session is not None and user is not None and user.is_authenticated:
            now, last = int(time.time()), session.get(REFRESHED, 0)
            if now - last >= SESSION_REFRESH_SECONDS and _first_to_refresh(session.session_key, last):
                session[REFRESHED] = now
        return response


def _first_to_refresh(session_key: str | None, last: int) -> bool:
    """Whether this request is the one to save the session again: of the requests of one session that found the same
    refresh due at the same moment (a page and its htmx parts, a load test's 64 connections), one saves it — the
    others would each write the same row once more, one after the other."""
    if not session_key:
        return True
    return cache.add(f"dangjian:session-refresh:{session_key}:{last}", 1, SESSION_REFRESH_SECONDS)
