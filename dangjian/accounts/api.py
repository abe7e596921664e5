"""API endpoints for signing in with a token and for the current account (/auth/token, /me)."""

import datetime as dt
from typing import Literal

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from dangjian.accounts import services
from dangjian.accounts.models import ApiToken
from dangjian.core.api.auth import BearerAuth
from dangjian.core.api.errors import ErrorOut
from dangjian.core.permissions import ROLE_LABELS
from dangjian.org.api.schemas import PersonOut
from dangjian.org.models import Person

router = Router(tags=["auth"])


class TokenIn(Schema):
    model_config = ConfigDict(extra="forbid")

    username: str
    password: str
    scope: Literal["full", "read", "push"] = Field(
        "full",
        description="full: what the account's roles allow; read: GET only (a write answers 403); push: only "
        "POST /indicators/values and POST /value/records (for MES/ERP).",
    )


class TokenOut(Schema):
    token: str
    expires_at: dt.datetime
    scope: str


class RoleOut(Schema):
    role: str
    label: str
    org: str | None
    org_name: str | None
    since: dt.date
    until: dt.date | None


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    email: str
    roles: list[RoleOut]
    person: PersonOut | None


def _locked_out(request, response: HttpResponse):
    """django-axes marks the request when the account is (or just became) locked: answer in JSON with a message."""
    # AxesMiddleware would swap this answer for the HTML lockout page; the API answers for itself.
    request.axes_locked_out = False
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else 0
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    message = _("Too many failed sign-ins: this account is locked for %(minutes)s minutes.") % {"minutes": minutes}
    return Status(settings.AXES_HTTP_RESPONSE_CODE, {"message": message})


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut},
    summary="Issue an API token",
)
def token_create(request, payload: TokenIn, response: HttpResponse):
    """Exchange a username and password for a bearer token with a scope (full, read or push). Failed attempts count
    towards the account lockout. Refused (403) while the account must change a password an administrator set.
    Every token of the account ends when its password changes or it is deactivated."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request, response)
        return Status(401, {"message": _("Wrong username or password.")})
    # A token is a sign-in: the login is audited and axes clears the earlier failures, as for the web login.
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    raw = services.token_issue(user=user, scope=payload.scope)
    token = ApiToken.objects.find(raw)
    return Status(200, {"token": raw, "expires_at": timezone.localtime(token.expires_at), "scope": token.scope})


@router.delete("/auth/token", auth=BearerAuth(), response={204: None, 401: ErrorOut}, summary="Revoke the token in use")
def token_delete(request):
    """Revoke the bearer token this request was made with."""
    services.token_revoke(actor=request.auth_user, token=request.api_token)
    return Status(204, None)


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="The current account")
def me(request):
    """Who the caller is: account, roles with the orgs they apply to, and the linked person."""
    user = request.auth_user
    assignments = user.role_assignments.active().select_related("org").order_by("role", "org__path")
    person = None
    if user.person_id:
        person = Person.objects.select_related("branch", "group", "unit").filter(pk=user.person_id).first()
    return {
        "id": user.pk,
        "username": user.get_username(),
        "display_name": person.name if person else (user.get_full_name() or user.username),
        "email": user.email,
        "roles": [
            {
                "role": a.role,
                "label": str(ROLE_LABELS.get(a.role, a.role)),
                "org": a.org.code if a.org_id else None,
                "org_name": a.org.name if a.org_id else None,
                "since": a.since,
                "until": a.until,
            }
            for a in assignments
        ],
        "person": person,
    }
