"""Every demonstration-post route × every role, in scope (BA) and out of scope (BB); refused writes change nothing;
registers do not leak BB's posts."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.posts import services
from dangjian.posts.models import ChallengeApplication, OpenChallenge, PairingCheckIn
from tests.factories import PersonFactory
from tests.posts.matrix import ROUTES
from tests.test_permission_matrix import ROLES, world  # noqa: F401


@pytest.fixture
def posts_world(world):  # noqa: F811
    day = dt.date(2025, 3, 1)
    helped_b = PersonFactory(branch=world["branch_b"], name="新工")
    pairings = {
        "BA": services.post_save(
            actor=SYSTEM,
            kind="pairings",
            org=world["branch_a"],
            name="师带徒甲",
            starts_on=day,
            member=world["person_a"],
            colleague=world["person_e"],
        ),
        "BB": services.post_save(
            actor=SYSTEM,
            kind="pairings",
            org=world["branch_b"],
            name="发电结对王芳",
            starts_on=day,
            member=world["person_b"],
            colleague=helped_b,
        ),
    }
    services.post_save(
        actor=SYSTEM,
        kind="zones",
        org=world["branch_b"],
        name="发电机组责任区王芳",
        starts_on=day,
        area="1号机组",
        leader=world["person_b"],
    )
    challenges = {
        key: services.challenge_create(
            actor=SYSTEM, org=world[org], title=f"攻关{key}", problem="p", deadline=dt.date(2099, 1, 1)
        )
        for key, org in (("BA", "branch_a"), ("BB", "branch_b"))
    }
    return {**world, "pairings": pairings, "challenges": challenges}


def url_for(name, kind, target, w):
    if kind is None:
        return reverse(name)
    if isinstance(kind, dict):
        return reverse(name, kwargs=kind)
    objects = w["pairings"] if kind == "pairing" else w["challenges"]
    return reverse(name, kwargs={"pk": objects[target].pk})


CELLS = [
    (name, role, target)
    for name, (kind, rule, method) in ROUTES.items()
    if rule is not None
    for role in ROLES
    for target in (["BA", "BB"] if kind in ("pairing", "challenge") else ["-"])
]


def _state():
    return (
        AuditLog.objects.exclude(action__in=["login", "export"]).count(),
        ChallengeApplication.objects.count(),
        PairingCheckIn.objects.count(),
        tuple(OpenChallenge.objects.order_by("pk").values_list("status", flat=True)),
    )


@pytest.mark.parametrize(("name", "role", "target"), CELLS, ids=["|".join(c) for c in CELLS])
def test_matrix_cell(posts_world, name, role, target):
    kind, rule, method = ROUTES[name]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if role != "anonymous":
        client.force_login(posts_world["users"][role])
    url = url_for(name, kind, target, posts_world)
    before = _state()
    response = client.post(url, {}) if method == "POST" else client.get(url)
    if role == "anonymous":
        assert response.status_code in ({401} if name.startswith("api:") else {302})
        return
    if rule(role, target):
        ok = {200} if method == "GET" else {302}
        assert response.status_code in ok, f"{name} should be allowed for {role} on {target}: {response.status_code}"
    else:
        assert response.status_code in {403, 404}, f"{name} must be refused for {role} on {target}"
        assert _state() == before, f"a refused {name} by {role} changed data"


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("posts:registers", {}),
        ("posts:register", {"kind": "zones"}),
        ("posts:register", {"kind": "pairings"}),
        ("posts:holders", {}),
        ("posts:challenges", {}),
        ("api:post_counts", {}),
    ],
)
def test_registers_do_not_leak(posts_world, role, name, kwargs):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(posts_world["users"][role])
    response = client.get(reverse(name, kwargs=kwargs))
    body = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        body = json.dumps(response.json(), ensure_ascii=False)
    if role in ("party_office", "leader"):
        if name == "posts:holders":
            assert "王芳" in body  # the test can fail: BB is visible from ROOT
        return
    for secret in ("王芳", "发电党支部", "攻关BB"):
        assert secret not in body, f"{name} leaks {secret} to {role}"
