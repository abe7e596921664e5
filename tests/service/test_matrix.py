"""Every service route × every role × a request in scope and one out of scope: 200 vs 403/404, refused writes change
nothing, and lists do not leak BB's request."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangjian.core.models import AuditLog
from dangjian.service.models import CalendarDay, ServiceRequest
from tests.service.matrix import ROUTES
from tests.test_permission_matrix import ROLES, world  # noqa: F401  (the shared world fixture)


@pytest.fixture
def svc(world):  # noqa: F811
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
    raise AssertionError(kind)


def targets_for(kind):
    return ["BA", "BB"] if kind in ("request", "request-id", "token") else ["BA"]


CELLS = [
    (name, role, target)
    for name, (kind, rule, method) in ROUTES.items()
    if rule is not None
    for role in ROLES
    for target in targets_for(kind)
]


def footprint():
    return (
        AuditLog.objects.exclude(action__in=["login", "export"]).count(),
        list(ServiceRequest.objects.order_by("pk").values_list("state", "handler_id", "escalated_to_id")),
        CalendarDay.objects.count(),
    )


@pytest.mark.parametrize(("name", "role", "target"), CELLS, ids=["|".join(c) for c in CELLS])
def test_matrix_cell(svc, name, role, target):
    kind, rule, method = ROUTES[name]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if role != "anonymous":
        client.force_login(svc["users"][role])
    url = url_for(name, kind, target, svc)
    before = footprint()
    response = client.post(url, {}) if method == "POST" else client.get(url)
    if role == "anonymous":
        assert response.status_code == (401 if name.startswith("api:") else 302), name
        return
    if rule(role, target):
        ok = {200} if method == "GET" else {200, 302, 400, 409}
        assert response.status_code in ok, f"{name} should be allowed for {role} on {target}: {response.status_code}"
    else:
        assert response.status_code in {403, 404}, f"{name} must be refused for {role} on {target}"
        assert footprint() == before, f"a refused {name} by {role} changed data"


def readable(response) -> str:
    """The response as text, with JSON's \\u escapes turned back into characters (so a Chinese name can be found)."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


LEAKS = [
    ("service:mine", {}),
    ("service:queue", {"state": ""}),
    ("service:dashboard", {}),
    ("service:board", {}),
    ("api:service_request_list", {"scope": "all"}),
    ("api:service_request_list", {"scope": "queue"}),
    ("api:service_request_list", {"scope": "mine"}),
]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
@pytest.mark.parametrize(("name", "params"), LEAKS)
def test_lists_do_not_leak_the_other_branch(svc, role, name, params):
    """BB's request (发电机房噪音) shows in no list of a role that cannot see BB."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(svc["users"][role])
    response = client.get(reverse(name), params)
    body = readable(response)
    visible_bb = role in {"party_office", "leader"}
    if not visible_bb:
        assert "发电机房噪音" not in body, f"{name} leaks BB's request to {role}"
    if role == "party_office" and name == "api:service_request_list" and params["scope"] == "all":
        assert "发电机房噪音" in body  # the check can fail
