"""The service routes in the permission matrix (same shape as tests/test_permission_matrix.ROUTES).

The world: a request handled by branch BA and sent by the employee login's person (person_e), and one handled by BB
sent by 王芳 (no login). In the shared world only the member and employee logins have a personal record."""

from django.urls import reverse

from dangjian.service.models import CalendarDay, ServiceRequest, SlaPolicy
from tests.matrix.footprint import AUDIT, rows, snapshot
from tests.matrix.policy import BUSINESS, NOT_FOUND, anyone, business, only
from tests.matrix.runner import default_send

WITH_PERSON = {"member", "employee"}


def request_visible(role, target):
    """BA's request: seen over BA (secretary, committee member) or ROOT (党群工作部, leaders), and by its sender
    (employee); BB's only from ROOT. Party-group leaders, team leaders, members and panel members see requests only
    of their own."""
    if role in {"party_office", "leader"}:
        return True
    if role in {"secretary", "committee_member"}:
        return target == "BA"
    return role == "employee" and target == "BA"


def request_view(role, target):
    """A request out of reach of a business role is not found (requests are reached through their handling org or
    as their sender)."""
    if role not in BUSINESS:
        return False  # the administrators and the MES account hold no service standing at all: 403
    return True if request_visible(role, target) else NOT_FOUND


def exporter(role, target):
    return role in {"party_office", "secretary", "leader"}


def sender(role, target):
    return role in WITH_PERSON


ROUTES = {
    "service:mine": (None, business, "GET"),
    "service:submit": (None, sender, "GET"),
    "service:queue": (None, business, "GET"),
    "service:detail": ("request", request_view, "GET"),
    # a viewer's POST is answered (400 without a step, 403/409 from the workflow); out of reach is 404
    "service:transition": ("request", request_view, "POST"),
    # needs a stored file: covered in tests/service/test_pages.py
    "service:attachment": ("request-file", None, "GET"),
    # the private link is the key: any business user holding it sees the request (never who sent it)
    "service:track": ("token", business, "GET"),
    "service:dashboard": (None, exporter, "GET"),
    "service:export": (None, exporter, "GET"),
    "service:board": (None, business, "GET"),
    "service:settings": (None, only("party_office"), "GET"),
    "service:calendar_day_delete": ("day", only("party_office"), "POST"),
    # lists answer 200 to any signed-in caller with only what they may see (leak test in test_matrix.py)
    "api:service_request_list": (None, anyone, "GET"),
    # the API decides scope first: 404 for anyone who does not reach the request, administrators included
    "api:service_request_detail": (
        "request-id",
        lambda role, t: True if request_visible(role, t) else NOT_FOUND,
        "GET",
    ),
    # writes with their own bodies: covered in tests/service/test_api.py
    "api:service_request_create": (None, None, "POST-OPEN"),
    "api:service_request_transition": ("request-id", None, "POST-OPEN"),
    # the settings through the API: one for the installation, 党群工作部's alone — 403 to everyone else, like the page
    "api:service_deadline_list": (None, only("party_office"), "GET"),
    "api:service_deadline_set": ("category", only("party_office"), "PUT"),
    "api:service_calendar_list": (None, only("party_office"), "GET"),
    "api:service_calendar_mark": (None, only("party_office"), "POST"),
    "api:service_calendar_clear": ("calendar-date", only("party_office"), "DELETE"),
}
BODIES = {
    "api:service_deadline_set": {"accept_days": 2, "resolve_days": 9},
    "api:service_calendar_mark": {"day": "2030-10-01", "until": "2030-10-03", "kind": "holiday", "name": "矩阵"},
}


def extend(world, tmp_path) -> dict:
    from django.utils import timezone

    today = timezone.localdate()
    common = {"category": "production", "submitted_on": today, "accept_due": today, "resolve_due": today}
    requests = {
        "BA": ServiceRequest.objects.create(
            title="电解槽边通道照明不足",
            description="d",
            submitter=world["person_e"],
            handling_org=world["branch_a"],
            **common,
        ),
        "BB": ServiceRequest.objects.create(
            title="发电机房噪音", description="d", submitter=world["person_b"], handling_org=world["branch_b"], **common
        ),
    }
    day = CalendarDay.objects.create(day=today, kind="holiday", name="节日")
    return {**world, "requests": requests, "day": day}


def url_for(name, kind, target, svc):
    if kind is None:
        return reverse(name)
    request = svc["requests"][target]
    if kind == "request":
        return reverse(name, kwargs={"pk": request.pk})
    if kind == "request-id":
        return reverse(name, kwargs={"request_id": request.pk})
    if kind == "token":
        return reverse(name, kwargs={"token": request.token})
    if kind == "day":
        return reverse(name, kwargs={"pk": svc["day"].pk})
    if kind == "category":
        return reverse(name, kwargs={"category": "welfare"})
    if kind == "calendar-date":
        return reverse(name, kwargs={"day": svc["day"].day.isoformat()})
    raise AssertionError(kind)


def targets(role, kind):
    return ["BA", "BB"] if kind in ("request", "request-id", "token") else ["BA"]


def send(client, name, url, method, target, world):
    if name == "api:service_deadline_set":
        return client.put(url, BODIES[name], content_type="application/json")
    if name in BODIES:
        return client.post(url, BODIES[name], content_type="application/json")
    if method == "DELETE":
        return client.delete(url)
    if name == "api:service_calendar_list":
        return client.get(url, {"year": world["day"].day.year})
    return default_send(client, name, url, method, target, world)


def state(world):
    return snapshot(
        AUDIT,
        rows(ServiceRequest, "state", "handler", "escalated_to"),
        rows(CalendarDay, "day", "kind", "name"),
        rows(SlaPolicy, "category", "accept_days", "resolve_days"),
    )
