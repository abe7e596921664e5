"""The burden meter's recorder: form opens and sends, from the site's own requests (issue 21).

Cheap by design: a request that is not an HTML page costs a settings check; an HTML page without an input form costs
no query, only a search of its bytes for POST forms with a field to fill in (a few µs per KB); a form page costs no
query either: its open is held in memory and written in bulk (burden/buffer.py), and a token is stamped into each
input form; a send carrying that token costs one INSERT (with the opens still held). The token is
signed and carries what pairing needs (the open's key and time, the page, the form's field names and short hashes of
its pre-filled values), so a send reads nothing back. Only core is imported here: the meter knows no capability, it
reads the URL's namespace."""

from __future__ import annotations

import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.core import signing
from django.http.request import RawPostDataException

from dangjian.burden import buffer, scan
from dangjian.core.scoping import assignments

logger = logging.getLogger(__name__)

SALT = "dangjian.burden"
TOKEN_AGE = 12 * 3600  # a form left open overnight is a new start
SKIP = ("/api/", "/static/", "/media/", "/favicon")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The role whose work an input is counted as, when an account holds several: the job before the membership.
PRIORITY = (
    "secretary",
    "committee_member",
    "group_leader",
    "party_office",
    "team_leader",
    "panel_member",
    "leader",
    "member",
    "employee",
    "integration",
    "system_admin",
    "security_admin",
    "audit_admin",
)


def acting_role(user) -> tuple[str, str]:
    """(role, org path) the input counts under: the account's first role in PRIORITY order (no query: the role
    assignments are read once per request and cached on the user)."""
    held = assignments(user)
    for role in PRIORITY:
        for held_role, path, _kind in held:
            if held_role == role:
                return role, path or ""
    return "", ""


def capability_of(request) -> tuple[str, str]:
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name:
        return "", ""
    return (match.namespaces[0] if match.namespaces else ""), match.view_name


def _is_html(response) -> bool:
    return not getattr(response, "streaming", False) and response.get("Content-Type", "").startswith("text/html")


def _write(**fields) -> None:
    """A send's row, after the opens this process still holds (a POST writes anyway; its open lands with it)."""
    buffer.flush()
    buffer.write([fields])


def _set_content(response, page: str) -> None:
    response.content = page.encode(response.charset or "utf-8")
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))


def record_open(request, response) -> None:
    page = response.content.decode(response.charset or "utf-8")
    forms = scan.input_forms(page)
    if not forms:
        return
    user = request.user
    if not user.is_authenticated:
        return
    capability, name = capability_of(request)
    if not name or name in settings.BURDEN_IGNORE:
        return
    role, org_path = acting_role(user)
    key, now = uuid.uuid4().hex, time.time()
    buffer.add(
        dict(
            kind="open",
            at=datetime.fromtimestamp(now, UTC),
            user_id=user.pk,  # the id, not the request's user object: the open may wait in memory a while
            role=role,
            org_path=org_path,
            capability=capability,
            url_name=name,
            open_key=key,
            fields=sum(len(names) for _at, names, _prefill in forms),
        )
    )
    tokens = [
        (at, signing.dumps({"k": key, "t": now, "p": name, "f": names, "h": prefill}, salt=SALT, compress=True))
        for at, names, prefill in forms
    ]
    _set_content(response, scan.stamp(page, tokens))


def record_send(request, response, token: str) -> None:
    try:
        opened = signing.loads(token, salt=SALT, max_age=TOKEN_AGE)
    except signing.BadSignature:
        return
    user = request.user
    if not user.is_authenticated:
        return
    capability, name = capability_of(request)
    # A refusal shown as a message comes back as a redirect, like a success: the page leaves its status on the
    # request (core.views.pages.refusal_as_message).
    status = getattr(request, "refusal_status", None) or response.status_code
    outcome = "ok" if status < 400 else ("invalid" if status == 400 else "refused")
    typed, reused, typed_values, dates = 0, 0, {}, []
    prefill = opened.get("h", {})
    for field in opened.get("f", []):
        value = scan.joined(request.POST.getlist(field))
        if not value and not request.FILES.getlist(field):
            continue
        if DATE.match(value):
            dates.append(value)
        if value and prefill.get(field) == scan.digest(value):
            reused += 1
            continue
        typed += 1
        # what the twice-typed check compares: typed values of two characters or more, not dates or ticks
        if len(value) >= 2 and not DATE.match(value) and value != "on":
            typed_values[field] = scan.digest(value)
    role, org_path = acting_role(user)
    _write(
        kind="submit",
        user=user,
        role=role,
        org_path=org_path,
        capability=capability or opened.get("p", "").partition(":")[0],
        url_name=name or opened.get("p", ""),
        page=opened.get("p", ""),
        open_key=opened.get("k", ""),
        opened_at=datetime.fromtimestamp(opened.get("t", time.time()), UTC),
        outcome=outcome,
        fields=len(opened.get("f", [])),
        typed=typed,
        reused=reused,
        typed_values=typed_values,
        dates=sorted(set(dates)),
    )
    if response.status_code == 400 and _is_html(response):
        # the form comes back with its errors: keep the same open, so the time counts from the first opening
        page = response.content.decode(response.charset or "utf-8")
        forms = scan.input_forms(page)
        _set_content(response, scan.stamp(page, [(at, token) for at, _names, _prefill in forms]))


class BurdenMeterMiddleware:
    """Records form opens and sends for the burden meter (`BURDEN_METER`); never breaks a page (a failure to record
    is logged and the page goes out as it was)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not settings.BURDEN_METER or request.path_info.startswith(SKIP):
            return response
        try:
            if request.method == "GET":
                if response.status_code == 200 and _is_html(response) and scan.has_input_form(response.content):
                    record_open(request, response)
            elif request.method == "POST":
                token = _token_of(request)
                if token:
                    record_send(request, response, token)
        except Exception:  # the meter is a measure, never a reason for a page to fail
            logger.exception("burden meter: could not record %s %s", request.method, request.path_info)
        return response


def _token_of(request) -> str | None:
    """The meter's token in a form POST; None for anything else (JSON, or a body the view read as a stream)."""
    if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return None
    try:
        return request.POST.get(scan.TOKEN_FIELD)
    except RawPostDataException:
        return None
