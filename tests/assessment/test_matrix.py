"""Every assessment route × every role, with an object in scope and one out of scope; refused writes change nothing;
lists do not leak branch BB."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.assessment import services
from dangjian.assessment.models import KeyTask, Line, Sheet
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.org.models import PartyOrg
from tests.assessment.conftest import key_task
from tests.assessment.matrix import ROUTES
from tests.factories import PersonFactory, account_with_role
from tests.test_permission_matrix import BUSINESS, HOME_ORG, ROLES, org_visible
from tests.test_permission_matrix import SYSTEM as SYSTEM_ROLES


@pytest.fixture
def mworld(company, template):
    person_e = PersonFactory(branch=company["branch_a"], name="赵工", employee_no="E-EMP")
    users = {}
    for role in BUSINESS:
        org = PartyOrg.objects.get(code=HOME_ORG[role])
        person = {"member": company["person_a"], "employee": person_e}.get(role)
        users[role] = account_with_role(role, org, person=person, username=f"m_{role}")
    for role in SYSTEM_ROLES:
        users[role] = account_with_role(role, None, username=f"m_{role}")
    jan = services.period_open(actor=SYSTEM, template=template, month=dt.date(2022, 1, 1))
    for sheet in jan.sheets.all():
        Line.objects.filter(sheet=sheet, automatic=False).update(self_score=Decimal(3), evidence="记录")
        Sheet.objects.filter(pk=sheet.pk).update(status=Sheet.Status.REVIEWED)
    services.period_lock(actor=SYSTEM, period=jan)
    feb = services.period_open(actor=SYSTEM, template=template, month=dt.date(2022, 2, 1))
    sheets = {s.org.code: s for s in feb.sheets.select_related("org")}
    lines = {code: s.lines.filter(automatic=False).first() for code, s in sheets.items()}
    tasks = {
        "BA": key_task(company["branch_a"], "KT-A", dt.date(2022, 3, 31)),
        "BB": key_task(company["branch_b"], "KT-B", dt.date(2022, 3, 31)),
    }
    KeyTask.objects.filter(code="KT-B").update(title="发电党支部保密任务")
    return {
        "users": users,
        "template": template,
        "jan": jan,
        "feb": feb,
        "sheets": sheets,
        "lines": lines,
        "tasks": tasks,
    }


def url_for(name, kind, target, w):
    if kind is None:
        return reverse(name)
    if isinstance(kind, dict):
        return reverse(name) + "?" + kind["query"]
    pk = {
        "template": lambda: w["template"].pk,
        "period": lambda: w["feb"].pk,
        "locked-period": lambda: w["jan"].pk,
        "sheet": lambda: w["sheets"][target].pk,
        "keytask": lambda: w["tasks"][target].pk,
    }
    if kind == "line":
        line = w["lines"][target]
        return reverse(name, kwargs={"pk": line.sheet_id, "line_pk": line.pk})
    if kind == "keytask-id":
        return reverse(name, kwargs={"task_id": w["tasks"][target].pk})
    return reverse(name, kwargs={"pk": pk[kind]()})


def targets(kind):
    return ["BA", "BB"] if kind in ("sheet", "line", "keytask", "keytask-id") else ["-"]


CELLS = [
    (name, role, target) for name, (kind, rule, method) in ROUTES.items() for role in ROLES for target in targets(kind)
]


def snapshot():
    return (
        AuditLog.objects.exclude(action__in=["login", "export"]).count(),
        list(Sheet.objects.order_by("pk").values_list("status", flat=True)),
        list(KeyTask.objects.order_by("pk").values_list("status", flat=True)),
    )


@pytest.mark.parametrize(("name", "role", "target"), CELLS, ids=["|".join(c) for c in CELLS])
def test_matrix_cell(mworld, name, role, target):
    kind, rule, method = ROUTES[name]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if role != "anonymous":
        client.force_login(mworld["users"][role])
    url = url_for(name, kind, target, mworld)
    before = snapshot()
    if method == "POST" and name.startswith("api:"):
        response = client.post(url, {"evidence": ""}, content_type="application/json")
    elif method == "POST":
        response = client.post(url, {})
    else:
        response = client.get(url)
    is_api = name.startswith("api:")
    if role == "anonymous":
        assert response.status_code in ({401} if is_api else {302}), f"{name} as anonymous: {response.status_code}"
        return
    if rule(role, target):
        ok = {200} if method == "GET" else {200, 201, 302, 400, 409}
        assert response.status_code in ok, f"{name} should be allowed for {role} on {target}: {response.status_code}"
    else:
        assert response.status_code in {403, 404}, (
            f"{name} must be refused for {role} on {target}: {response.status_code}"
        )
        assert snapshot() == before, f"a refused {name} by {role} changed data"


LEAKS = [
    ("assessment:keytasks", "发电党支部保密任务", {"year": 2022}),
    ("api:keytask_list", "KT-B", {}),
    ("assessment:keytask_ranking", "发电党支部", {"month": "2022-03"}),
    ("assessment:rankings", "发电党支部", {"month": "2022-01"}),
    ("api:assessment_rankings", "BB", {"month": "2022-01"}),
    ("assessment:period", "发电党支部", None),
]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
@pytest.mark.parametrize(("name", "secret", "query"), LEAKS)
def test_lists_do_not_leak(mworld, role, name, secret, query):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(mworld["users"][role])
    url = reverse(name, kwargs={"pk": mworld["feb"].pk}) if query is None else reverse(name)
    body = client.get(url, query or {}).content.decode()
    if not org_visible(role, "BB"):
        assert secret not in body, f"{name} leaks {secret} to {role}"
    elif role in ("party_office", "leader") and name != "api:keytask_list":
        assert secret in body, f"{name} should show {secret} to {role}"
