"""The SSO pages: a start page per way (remembers a random `state` and where to go next, sends the browser to the
provider) and a callback page (checks the state, asks the provider who signed in, signs the matched account in).

They are anonymous pages like the login page. A way that is not configured answers 404. A refusal goes back to the
login page with its sentence (and its audit row, written by matching.refuse); a sign-in writes the same login audit
row as a password sign-in (accounts/signals.py, with the way as its comment).
"""

from __future__ import annotations

import secrets

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from dangjian.accounts.sso import dingtalk, oidc, wecom
from dangjian.accounts.sso.http import ProviderError
from dangjian.accounts.sso.matching import WAYS, Refused, account_for, refuse
from dangjian.accounts.sso.session import SSO_SESSION_KEY

# The session names the local backend: it reads the account (with its person) on every request and refuses a
# deactivated one, whichever way it signed in.
SESSION_BACKEND = "dangjian.accounts.backends.AccountBackend"
STATE_KEY = "sso_state"
NEXT_KEY = "sso_next"
# The attribute accounts/signals.py reads to name the way in the login's audit row.
WAY_ATTRIBUTE = "sso_way"


def _require(configured: bool) -> None:
    if not configured:
        raise Http404("This sign-in way is not configured.")


def _safe_next(request) -> str:
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


def _remember(request, way: str) -> str:
    state = secrets.token_urlsafe(24)
    request.session[f"{STATE_KEY}_{way}"] = state
    request.session[NEXT_KEY] = _safe_next(request)
    return state


def _state_matches(request, way: str) -> bool:
    expected = request.session.pop(f"{STATE_KEY}_{way}", "")
    given = request.GET.get("state", "")
    return bool(expected) and constant_time_compare(expected, given)


def _signed_in(request, user, way: str):
    setattr(request, WAY_ATTRIBUTE, way)
    target = request.session.pop(NEXT_KEY, "") or resolve_url(settings.LOGIN_REDIRECT_URL)
    login(request, user, backend=SESSION_BACKEND)
    request.session[SSO_SESSION_KEY] = way  # a one-time local password is not this session's business
    return redirect(target)


def _refused(request, message: str):
    messages.error(request, message)
    return redirect("accounts:login")


def _failed(request, way: str, why: str):
    """The provider said no or could not be asked: audited, and a sentence that says to try again."""
    refused = refuse(
        way=way,
        name="",
        why=why,
        message=_(
            "Signing in with %(way)s did not succeed. Please try again; if it keeps failing, ask the system "
            "administrator."
        )
        % {"way": WAYS[way]},
    )
    return _refused(request, refused.message)


def _callback(request, way: str, identity_of):
    """The shared end of the WeCom and DingTalk flows: state, code → identity → account → signed in."""
    if not _state_matches(request, way):
        return _failed(request, way, "state mismatch")
    code = request.GET.get("authCode") or request.GET.get("code")
    if not code:
        return _failed(request, way, "no code (the user cancelled or the provider refused)")
    try:
        identity = identity_of(code)
    except ProviderError as exc:
        return _failed(request, way, str(exc))
    try:
        user = account_for(way=way, employee_no=identity.employee_no, name=identity.name)
    except Refused as refused:
        return _refused(request, refused.message)
    return _signed_in(request, user, way)


@never_cache
def oidc_start(request):
    _require(oidc.configured())
    return OIDCAuthenticationRequestView.as_view()(request)


@never_cache
def oidc_callback(request):
    """mozilla-django-oidc's callback, written out so every failure ends on the login page with a sentence and an
    audit row (the library's own view raises SuspiciousOperation on a state it does not know: a bare 400)."""
    _require(oidc.configured())
    states = request.session.get("oidc_states") or {}
    state = request.GET.get("state", "")
    if request.GET.get("error"):
        states.pop(state, None)
        request.session["oidc_states"] = states
        return _failed(request, "oidc", f"provider error {request.GET['error']}")
    if not state or state not in states:
        return _failed(request, "oidc", "state mismatch")
    if not request.GET.get("code"):
        return _failed(request, "oidc", "no code")
    # Used once: a replayed callback finds no state.
    expected = states.pop(state)
    request.session["oidc_states"] = states
    next_url = request.session.get("oidc_login_next")
    try:
        user = oidc.OidcBackend().authenticate(
            request, nonce=expected.get("nonce"), code_verifier=expected.get("code_verifier")
        )
    except Refused as refused:
        return _refused(request, refused.message)
    except (requests.RequestException, SuspiciousOperation, jwt.PyJWTError, ValueError, KeyError) as exc:
        # An unreachable provider, a refused code, a token whose signature, age or nonce is wrong, a malformed answer.
        return _failed(request, "oidc", f"{exc.__class__.__name__}: {exc}"[:300])
    if user is None:
        return _failed(request, "oidc", "no identity")
    request.session[NEXT_KEY] = next_url or ""
    return _signed_in(request, user, "oidc")


@never_cache
def wecom_start(request):
    _require(wecom.configured())
    state = _remember(request, "wecom")
    redirect_uri = request.build_absolute_uri(reverse("accounts:sso_wecom_callback"))
    in_client = "wxwork" in request.headers.get("User-Agent", "").lower()
    return redirect(wecom.authorize_url(redirect_uri=redirect_uri, state=state, in_client=in_client))


@never_cache
def wecom_callback(request):
    _require(wecom.configured())
    return _callback(request, "wecom", wecom.identity)


@never_cache
def dingtalk_start(request):
    _require(dingtalk.configured())
    state = _remember(request, "dingtalk")
    redirect_uri = request.build_absolute_uri(reverse("accounts:sso_dingtalk_callback"))
    return redirect(dingtalk.authorize_url(redirect_uri=redirect_uri, state=state))


@never_cache
def dingtalk_callback(request):
    _require(dingtalk.configured())
    return _callback(request, "dingtalk", dingtalk.identity)


def configured_ways() -> list[dict]:
    """The buttons of the login page, in this order, for the ways that are configured (LDAP uses the form)."""
    ways = [
        ("wecom", wecom.configured(), _("Sign in with WeCom"), "accounts:sso_wecom_start"),
        ("dingtalk", dingtalk.configured(), _("Sign in with DingTalk"), "accounts:sso_dingtalk_start"),
        ("oidc", oidc.configured(), _("Unified identity sign-in"), "accounts:sso_oidc_start"),
    ]
    return [{"way": way, "label": label, "url": reverse(name)} for way, on, label, name in ways if on]
