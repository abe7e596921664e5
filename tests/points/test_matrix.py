"""Every points route × every role, with an object in scope (BA) and one out of scope (BB); refused writes change
nothing; lists do not leak BB's rows."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.points import services
from dangjian.points.models import Appeal, PointsEntry, PointsRule
from tests.points.matrix import ROUTES
from tests.test_permission_matrix import ROLES, world  # noqa: F401  (the shared world fixture)

YEAR = 2025


@pytest.fixture
def points_world(world):  # noqa: F811
    services.defaults_install(actor=SYSTEM, company=world["root"], valid_from=dt.date(2020, 1, 1))
    rule = PointsRule.objects.get(company=world["root"], code="HONOUR")
    entries, appeals = {}, {}
    for key, person in (("BA", world["person_a"]), ("BB", world["person_b"])):
        entry = services.entry_create(
            actor=SYSTEM,
            person=person,
            rule=rule,
            occurred_on=dt.date(YEAR, 3, 1),
            reason="省级劳模" if key == "BA" else "发电能手王芳",
            evidence="文件",
        )
        entries[key] = entry
        appeals[key] = Appeal.objects.create(entry=entry, reason="x")
        services.entry_approve(
            actor=SYSTEM,
            entry=services.entry_create(
                actor=SYSTEM, person=person, rule=rule, occurred_on=dt.date(YEAR, 4, 1), reason="r", evidence="e"
            ),
        )
    services.branch_template_save(actor=SYSTEM, company=world["root"], year=YEAR)
    return {**world, "entries": entries, "appeals": appeals}


def url_for(name, kind, target, w):
    if kind is None:
        return reverse(name)
    if kind == "entry":
        key = "entry_id" if name.startswith("api:") else "pk"
        return reverse(name, kwargs={key: w["entries"][target].pk})
    if kind == "appeal":
        return reverse(name, kwargs={"pk": w["appeals"][target].pk})
    if kind == "rule":
        return reverse(name, kwargs={"pk": PointsRule.objects.get(company=w["root"], code="HONOUR").pk})
    if kind == "branch-year":
        org = w["branch_a"] if target == "BA" else w["branch_b"]
        return reverse(name, kwargs={"pk": org.pk, "year": YEAR})
    raise AssertionError(kind)


CELLS = [
    (name, role, target)
    for name, (kind, rule, method) in ROUTES.items()
    if rule is not None
    for role in ROLES
    for target in (["BA", "BB"] if kind not in (None, "rule") else ["-"])
]


def _state():
    return (
        AuditLog.objects.exclude(action__in=["login", "export"]).count(),
        PointsEntry.objects.count(),
        PointsEntry.objects.filter(status="pending").count(),
        Appeal.objects.filter(status="open").count(),
    )


@pytest.mark.parametrize(("name", "role", "target"), CELLS, ids=["|".join(c) for c in CELLS])
def test_matrix_cell(points_world, name, role, target):
    kind, rule, method = ROUTES[name]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if role != "anonymous":
        client.force_login(points_world["users"][role])
    url = url_for(name, kind, target, points_world)
    before = _state()
    response = client.post(url, {}) if method == "POST" else client.get(url)
    if role == "anonymous":
        assert response.status_code in ({401} if name.startswith("api:") else {302})
        return
    if rule(role, target):
        ok = {200} if method == "GET" else {200, 302}
        assert response.status_code in ok, f"{name} should be allowed for {role} on {target}: {response.status_code}"
    else:
        assert response.status_code in {403, 404}, f"{name} must be refused for {role} on {target}"
        assert _state() == before, f"a refused {name} by {role} changed data"


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
@pytest.mark.parametrize(
    "name",
    [
        "points:queue",
        "points:leaderboard",
        "points:stars",
        "api:points_entries",
        "api:points_leaderboard",
        "points:mine",
    ],
)
def test_lists_do_not_leak(points_world, role, name):
    """王芳 (BB) and her entry's reason must not show to anyone who cannot see BB."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(points_world["users"][role])
    response = client.get(reverse(name), {"period": str(YEAR), "year": str(YEAR)})
    body = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        body = json.dumps(response.json(), ensure_ascii=False)
    if role not in {"party_office", "leader"}:
        assert "王芳" not in body and "发电能手王芳" not in body, f"{name} leaks BB to {role}"
    if role == "party_office" and name in ("points:leaderboard", "api:points_leaderboard"):
        assert "王芳" in body  # the test can fail: BB is visible to 党群工作部


def test_secretary_decision_through_the_matrix_route_changes_the_entry(points_world):
    client = Client()
    client.force_login(points_world["users"]["secretary"])
    entry = points_world["entries"]["BA"]
    client.post(reverse("points:decide", kwargs={"pk": entry.pk}), {"decision": "approve"})
    assert PointsEntry.objects.get(pk=entry.pk).awarded == Decimal(10)
