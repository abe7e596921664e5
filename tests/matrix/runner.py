"""The one runner of every permission matrix.

A matrix is a table of routes, `name: (kind, rule, method)`, where `kind` says what the URL's argument is (None for a
page without an object), `rule(role, target)` gives the expected outcome (see policy.py; None: the route is covered
elsewhere) and `method` is "GET", "POST", "OPEN" or "POST-OPEN" (public or covered elsewhere, not run here).

The world a matrix runs against is either the shared one (`base_world`: tests/matrix/world.py's world, built once per
test run, plus what the module adds in a savepoint rolled back when the module ends) or the module's own
(`module_world`: built once per module inside an outer transaction rolled back when the module ends). Each cell runs
inside pytest-django's per-test transaction (a savepoint of those), so whatever a cell writes is gone before the next
cell starts.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from dangjian.accounts.middleware import REFRESHED
from dangjian.org.models import PartyOrg
from tests.factories import PersonFactory, account_with_role
from tests.matrix.footprint import AUDIT, snapshot
from tests.matrix.policy import BUSINESS, HOME_ORG, NOT_FOUND, ROLES, SYSTEM
from tests.worlds import OuterTransaction

WRITE_OK = frozenset({200, 201, 302, 400, 409})


def module_world(build: Callable[..., dict], name: str = "world"):
    """A module-scoped fixture returning `build(tmp_path)`'s world, built once and rolled back at module end."""

    @pytest.fixture(scope="module", name=name)
    def fixture(django_db_setup, django_db_blocker, tmp_path_factory):
        outer = OuterTransaction(django_db_blocker)

        def build_with_sessions():
            world = build(tmp_path_factory.mktemp("matrix"))
            world["sessions"] = sessions(world.get("users", {}))
            return world

        try:
            yield outer.open(build_with_sessions)
        finally:
            outer.close()

    return fixture


def base_world(extend: Callable[[dict, object], dict] | None = None, name: str = "world"):
    """A module-scoped fixture returning a copy of the shared world (tests/matrix/world.py), with what
    `extend(world, tmp_path)` adds to it (and returns) and a signed-in session per role, written in a savepoint rolled
    back at module end.

    The copy is a deep one: a module gets the objects as they were built, whatever an earlier module did to its own
    instances (the database is as built anyway: everything since ran in savepoints that were rolled back, which
    `assert_base_intact` checks before each module). The sessions are the module's own, as with `module_world`: a
    session idle for SESSION_COOKIE_AGE ends, and the shared world may be open for longer than that."""

    @pytest.fixture(scope="module", name=name)
    def fixture(matrix_base, django_db_blocker, tmp_path_factory):
        def build():
            from tests.matrix.world import assert_base_intact  # here: tests/matrix/world.py imports this module

            assert_base_intact()
            world = copy.deepcopy(matrix_base)
            if extend is not None:
                world = extend(world, tmp_path_factory.mktemp("matrix"))
            world["sessions"] = sessions(world.get("users", {}))
            return world

        savepoint = OuterTransaction(django_db_blocker)  # nested in the shared world's: a savepoint
        try:
            yield savepoint.open(build)
        finally:
            savepoint.close()

    return fixture


def logins(company: dict, prefix: str = "m") -> tuple[dict, object]:
    """One login per role: business roles over HOME_ORG (the member is person_a, the employee a new person_e in BA),
    the MES/ERP account over the company's root (it belongs to the company), the three administrators global.
    Returns (users by role, person_e)."""
    person_e = PersonFactory(branch=company["branch_a"], name="赵工", employee_no=f"E-EMP-{prefix}")
    users = {}
    for role in BUSINESS:
        org = PartyOrg.objects.get(code=HOME_ORG[role])
        person = {"member": company["person_a"], "employee": person_e}.get(role)
        users[role] = account_with_role(role, org, person=person, username=f"{prefix}_{role}")
    for role in SYSTEM:
        org = company["root"] if role == "integration" else None
        users[role] = account_with_role(role, org, username=f"{prefix}_{role}")
    return users, person_e


def audit_count() -> int:
    return snapshot(AUDIT)[0]


def readable(response) -> str:
    """The body as text, JSON's \\u escapes turned back into characters (so a Chinese name can be found)."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode(errors="replace")


def default_send(client, name, url, method, target, world):
    if method == "POST" and name.startswith("api:"):
        return client.post(url, {}, content_type="application/json")
    if method == "POST":
        return client.post(url, {})
    return client.get(url)


def sessions(users: dict) -> dict:
    """A signed-in session per role, made once with the world (a cell's own writes to it roll back with the cell).

    Each counts as refreshed until a day from now (accounts.middleware.SessionRefreshMiddleware): a refresh a cell
    writes rolls back with the cell, so without this every cell would write its session again (three queries)."""
    keys = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        session = client.session
        session[REFRESHED] = int(time.time()) + 24 * 3600
        session.save()
        keys[role] = session.session_key
    return keys


_HANDLER: list = []  # one ClientHandler for every cell's client: its middleware chain is loaded once, not per cell


def signed_in(world, role) -> Client:
    """A fresh client (no cookies left by another cell) carrying the role's session."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if _HANDLER:
        client.handler = _HANDLER[0]
    else:
        _HANDLER.append(client.handler)
    if role == "anonymous":
        return client
    key = world.get("sessions", {}).get(role)
    if key is None:
        client.force_login(world["users"][role])
    else:
        client.cookies[settings.SESSION_COOKIE_NAME] = key
    return client


@dataclass
class Matrix:
    routes: dict
    url_for: Callable[[str, object, str, dict], str]
    targets: Callable[[str, object], list[str]] = lambda role, kind: ["-"]
    send: Callable = default_send
    state: Callable[[dict], object] = lambda world: audit_count()
    write_ok: frozenset = field(default=WRITE_OK)

    def cells(self) -> list[tuple[str, str, str]]:
        return [
            (name, role, target)
            for name, (kind, rule, _method) in self.routes.items()
            if rule is not None
            for role in ROLES
            for target in self.targets(role, kind)
        ]

    def parametrize(self, test):
        cells = self.cells()
        return pytest.mark.parametrize(("name", "role", "target"), cells, ids=["|".join(c) for c in cells])(test)

    def expected(self, name: str, role: str, target: str) -> set[int]:
        kind, rule, method = self.routes[name]
        if role == "anonymous":
            return {401} if name.startswith("api:") else {302}
        outcome = rule(role, target)
        if outcome in (NOT_FOUND, 400):
            return {outcome}
        if outcome:
            return {200} if method == "GET" else set(self.write_ok)
        return {403}

    def check(self, world: dict, name: str, role: str, target: str) -> None:
        """Runs one cell: the exact status expected, and a refused request changes nothing."""
        kind, rule, method = self.routes[name]
        client = signed_in(world, role)
        url = self.url_for(name, kind, target, world)
        before = self.state(world)
        response = self.send(client, name, url, method, target, world)
        expected = self.expected(name, role, target)
        assert response.status_code in expected, (
            f"{name} as {role} on {target}: {response.status_code}, expected {sorted(expected)}"
        )
        if role == "anonymous" and not name.startswith("api:"):
            assert reverse("accounts:login") in response["Location"]
        if expected & {302, 401, 403, 404} == expected:
            assert self.state(world) == before, f"a refused {name} by {role} on {target} changed data"

    def list_status(self, name: str, role: str) -> int:
        """What a list route answers to a role: 200 where the rule allows it, 404 where it says NOT_FOUND, else 403."""
        kind, rule, method = self.routes[name]
        outcome = rule(role, "-")
        return 404 if outcome == NOT_FOUND else 200 if outcome else 403


def assert_no_leak(response, status: int, secrets, *, where: str, shown=()):
    """A leak check that cannot pass by accident: the status first, then none of `secrets` in the body, and each of
    `shown` (what the role may see) in it, so a page that lists nothing does not pass."""
    assert response.status_code == status, f"{where}: {response.status_code}, expected {status}"
    body = readable(response)
    for secret in secrets:
        assert secret not in body, f"{where} leaks {secret}"
    for text in shown:
        assert text in body, f"{where} should show {text}"
