"""API endpoints for signing in with a token and for the current account (/auth/token, /me), and for setting up
accounts: link one to a person, accounts for many people, a role for many accounts."""

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

from dangjian.accounts import selectors, services
from dangjian.accounts.models import ApiToken, RoleAssignment, User
from dangjian.core.api.auth import BearerAuth
from dangjian.core.api.errors import WRITE_ERRORS, ErrorOut
from dangjian.core.api.pagination import get_in_scope
from dangjian.core.errors import InvalidInput, NotPermitted
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


# --- account set-up (三员分立: accounts by the system administrator, roles by the security administrator) ---------


class AccountOut(Schema):
    username: str
    person: str | None = Field(None, description="Employee number of the linked person.")
    is_active: bool
    must_change_password: bool

    @staticmethod
    def resolve_person(obj) -> str | None:
        return obj.person.employee_no if obj.person_id else None


class LinkPersonIn(Schema):
    model_config = ConfigDict(extra="forbid")

    employee_no: str | None = Field(None, max_length=30, description="The person's employee number; null unlinks.")


class BulkAccountsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    employee_nos: list[str] = Field(min_length=1, max_length=500, description="Employee numbers of the people.")


class OneTimePasswordOut(Schema):
    username: str
    employee_no: str
    name: str
    password: str = Field(description="One-time password, returned only in this answer; changed at first sign-in.")


class BulkRolesIn(Schema):
    model_config = ConfigDict(extra="forbid")

    accounts: list[str] = Field(min_length=1, max_length=500, description="Usernames or employee numbers.")
    role: Literal[tuple(ROLE_LABELS)]  # type: ignore[valid-type]
    org: str | None = Field(None, description="Code of the org the role reaches; null for a system role.")


class AssignmentOut(Schema):
    username: str
    role: str
    org: str | None
    since: dt.date

    @staticmethod
    def resolve_username(obj) -> str:
        return obj.user.username

    @staticmethod
    def resolve_org(obj) -> str | None:
        return obj.org.code if obj.org_id else None


def _require(user, resource: str, action: str) -> None:
    if not selectors.may(user, resource, action):
        raise NotPermitted(_("You do not have permission to do this."))


def _unknown(field: str, names: list[str]) -> InvalidInput:
    return InvalidInput(
        _("%(value)s is not a known code you have access to.") % {"value": "、".join(names[:20])},
        errors={field: names[:50]},
    )


@router.post(
    "/accounts/{username}/person",
    response={200: AccountOut, **WRITE_ERRORS},
    summary="Link an account to a person",
    tags=["accounts"],
)
def account_link_person(request, username: str, payload: LinkPersonIn):
    """Link an existing account to a person by employee number, or unlink it with null (system administrator)."""
    user = request.auth_user
    _require(user, "account", "change")
    account = get_in_scope(User.objects.all(), username=username)
    person = None
    if payload.employee_no:
        person = selectors.person_by_employee_no(user=user, employee_no=payload.employee_no)
        if person is None:
            raise _unknown("employee_no", [payload.employee_no])
    account = services.account_link_person(actor=user, user=account, person=person)
    return User.objects.select_related("person").get(pk=account.pk)


@router.post(
    "/accounts/bulk",
    response={201: list[OneTimePasswordOut], **WRITE_ERRORS},
    summary="Create accounts for people",
    tags=["accounts"],
)
def accounts_bulk_create(request, payload: BulkAccountsIn):
    """An account for each person (username = employee number) with a one-time password, returned only in this answer
    and changed at the first sign-in (system administrator). All or nothing."""
    user = request.auth_user
    _require(user, "account", "add")
    numbers = list(dict.fromkeys(n.strip() for n in payload.employee_nos if n.strip()))
    people, unknown = selectors.people_by_employee_nos(user=user, numbers=numbers)
    if unknown:
        raise _unknown("employee_nos", unknown)
    created = services.accounts_create_for_people(actor=user, people=people)
    rows = [
        {"username": a.username, "employee_no": a.person.employee_no, "name": a.person.name, "password": pw}
        for a, pw in created
    ]
    return Status(201, rows)


@router.post(
    "/roles/bulk",
    response={201: list[AssignmentOut], **WRITE_ERRORS},
    summary="Give a role to many accounts",
    tags=["accounts"],
)
def roles_bulk_assign(request, payload: BulkRolesIn):
    """The same role over the same org for every account listed (security administrator). Accounts that hold it
    there already are left as they are; any other refusal (三员分立) refuses the whole batch."""
    user = request.auth_user
    _require(user, "role", "add")
    names = list(dict.fromkeys(n.strip() for n in payload.accounts if n.strip()))
    accounts, unknown = selectors.accounts_by_names(user=user, names=names)
    if unknown:
        raise _unknown("accounts", unknown)
    org = None
    if payload.org:
        org = selectors.org_by_code(user=user, code=payload.org)
        if org is None:
            raise _unknown("org", [payload.org])
    made = services.roles_assign_bulk(actor=user, users=accounts, role=payload.role, org=org)
    return Status(201, RoleAssignment.objects.select_related("user", "org").filter(pk__in=[a.pk for a in made]))
