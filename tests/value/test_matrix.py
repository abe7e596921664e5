"""Every value route × every role, with a team in scope (the company the roles belong to) and one out of scope
(another company): 200 where allowed, 403/404 where not, refused writes change nothing; lists do not leak."""

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.org.models import PartyOrg
from dangjian.value import services
from dangjian.value.models import DailyRecord, DayLock
from tests.factories import PersonFactory, account_with_role
from tests.test_permission_matrix import BUSINESS, HOME_ORG, ROLES
from tests.test_permission_matrix import SYSTEM as SYSTEM_ROLES
from tests.value.conftest import DAY, record_row
from tests.value.matrix import ROUTES


@pytest.fixture
def world(accounting):
    users = {}
    person_e = PersonFactory(branch=accounting["branch_a"], name="赵工", employee_no="E-EMP")
    for role in BUSINESS:
        org = PartyOrg.objects.get(code=HOME_ORG[role])
        person = {"member": accounting["person_a"], "employee": person_e}.get(role)
        users[role] = account_with_role(role, org, person=person, username=f"v_{role}")
    for role in SYSTEM_ROLES:
        # The MES/ERP account is held over the company's root committee, the administrators globally.
        org = accounting["root"] if role == "integration" else None
        users[role] = account_with_role(role, org, username=f"v_{role}")
    written = services.records_write(
        actor=SYSTEM, rows=[record_row("CA", AL="1"), record_row("OX", AL="1")], source="api"
    )
    records = {"in": written[0].record, "out": written[1].record}
    units = {"in": accounting["units"]["CA"], "out": accounting["units"]["OX"]}
    return {**accounting, "users": users, "records": records, "teams": units}


def targets(kind) -> list[str]:
    return ["in", "out"] if kind else ["-"]


CELLS = [
    (name, role, target)
    for name, (kind, _rule, _method) in ROUTES.items()
    for role in ROLES
    for target in targets(kind)
]


def url_for(name, kind, target, world) -> str:
    if kind == "record":
        return reverse(name, args=[world["records"][target].pk])
    if kind == "unit":
        return reverse(name, args=[world["teams"][target].pk])
    return reverse(name)


def state():
    return (
        AuditLog.objects.exclude(action__in=["login", "export"]).count(),
        DailyRecord.objects.count(),
        DayLock.objects.count(),
    )


@pytest.mark.parametrize(("name", "role", "target"), CELLS, ids=["|".join(c) for c in CELLS])
def test_matrix_cell(world, name, role, target):
    kind, rule, method = ROUTES[name]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if role != "anonymous":
        client.force_login(world["users"][role])
    url = url_for(name, kind, target, world)
    before = state()
    if name == "api:record_push":
        response = client.post(url, {}, content_type="application/json")
    elif name == "value:lock":
        response = client.post(url, {"group": "ELEC", "date": DAY.isoformat()})
    elif name == "api:ranking_list":
        response = client.get(url, {"date": DAY.isoformat()})
    else:
        response = client.get(url)
    is_api = name.startswith("api:")
    if role == "anonymous":
        assert response.status_code == (401 if is_api else 302), f"{name} as anonymous: {response.status_code}"
        return
    if rule(role, target):
        ok = {200} if method == "GET" else {200, 201, 302, 400, 409}
        assert response.status_code in ok, f"{name} should be allowed for {role} on {target}: {response.status_code}"
    else:
        assert response.status_code in {403, 404}, (
            f"{name} must be refused for {role} on {target}: {response.status_code}"
        )
        assert state() == before, f"a refused {name} by {role} changed data"


LEAKS = ["value:board", "value:monthly", "api:ranking_list", "value:overview"]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
@pytest.mark.parametrize("name", LEAKS)
def test_lists_do_not_leak_another_company(world, role, name):
    """The other company's team (外公司甲班, OX) and group never show to a role of this company."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world["users"][role])
    query = {"date": DAY.isoformat()} if name != "value:monthly" else {"month": "2024-03"}
    response = client.get(reverse(name), query)
    body = response.content.decode()
    assert "外公司" not in body and '"OX"' not in body, f"{name} leaks the other company to {role}"
    if role in BUSINESS and response.status_code == 200:
        assert "CA" in body or "电解横班" in body
