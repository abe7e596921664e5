"""The permission matrix: every page and API endpoint × every role × an object in scope and one out of scope.

The policy is restated here on its own terms (who may see and do what), not read from core/permissions.py, so a
change to the role table or a view that forgets to scope shows up as a failing cell. Every named route must appear
in ROUTES: a new page without a row here fails `test_every_route_is_in_the_matrix`.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dangjian.core.models import AuditLog, ImportJob
from dangjian.org.models import PartyOrg, Person
from tests.factories import PersonFactory, UserFactory, account_with_role

BUSINESS = [
    "party_office",
    "secretary",
    "committee_member",
    "group_leader",
    "member",
    "employee",
    "team_leader",
    "panel_member",
    "leader",
]
SYSTEM = ["system_admin", "security_admin", "audit_admin", "integration"]
ROLES = BUSINESS + SYSTEM + ["anonymous"]
# Where each business role is assigned (the org whose subtree it covers).
HOME_ORG = {
    "party_office": "ROOT",
    "secretary": "BA",
    "committee_member": "BA",
    "group_leader": "GA",
    "member": "BA",
    "employee": "BA",
    "team_leader": "BA",
    "panel_member": "ROOT",
    "leader": "ROOT",
}
SEES_PEOPLE = {"party_office", "secretary", "committee_member", "group_leader", "team_leader", "leader"}
SELF_ONLY = {"member", "employee"}


def org_visible(role: str, org: str) -> bool:
    """Orgs: every business role sees its own subtree (ROOT ⊃ BA ⊃ GA, ROOT ⊃ BB)."""
    home = HOME_ORG.get(role)
    subtree = {"ROOT": {"ROOT", "BA", "BB", "GA"}, "BA": {"BA", "GA"}, "GA": {"GA"}}
    return home is not None and org in subtree[home]


def person_visible(role: str, who: str) -> bool:
    """People: person_a is in BA and party group GA; person_b in BB; person_e (the employee login) in BA."""
    where = {"person_a": {"BA", "GA"}, "person_b": {"BB"}, "person_e": {"BA"}}[who]
    if role in SELF_ONLY:
        return (role, who) in {("member", "person_a"), ("employee", "person_e")}
    return role in SEES_PEOPLE and any(org_visible(role, org) for org in where)


def person_changeable(role: str, who: str) -> bool:
    return role in {"party_office", "secretary"} and person_visible(role, who)


# rule(role, target) -> allowed?  target is the object the URL points at ("in"/"out" are resolved per role below).
def anyone(role, target):
    return True


def business(role, target):
    return role in BUSINESS


def only(*roles):
    return lambda role, target: role in roles


def org_view(role, target):
    return org_visible(role, target)


def org_change(role, target):
    return role in {"party_office", "secretary"} and org_visible(role, target)


def person_view(role, target):
    return person_visible(role, target)


def person_change(role, target):
    return person_changeable(role, target)


def project_view(role, target):
    """Projects: every business role sees the projects of its subtree (target = the owner org, BA or BB)."""
    return role in BUSINESS and org_visible(role, target)


def project_change(role, target):
    return role in {"party_office", "secretary"} and org_visible(role, target)


def panel_view(role, target):
    """Acceptance panels (the matrix's panel serves ROOT): seen by those who see the projects of the panel's whole
    org (党群工作部, leaders, panel members over ROOT); the seated panel member also sits on it."""
    return role in {"party_office", "panel_member", "leader"}


def indicator_view(role, target):
    """Every business role and the MES/ERP account of the company read its indicators (values bounded by company)."""
    return role in BUSINESS or role == "integration"


def indicator_write(role, target):
    return role in {"party_office", "secretary", "team_leader", "integration"}


def indicator_export(role, target):
    """Series and tables leave the system only for roles that may export (not members, panels or machines)."""
    return role in {"party_office", "secretary", "committee_member", "group_leader", "team_leader", "leader"}


def programme_export(role, target):
    """Cost programmes are scoped like projects; their pay export needs the project export grant at the owner org."""
    return role in SEES_PEOPLE and org_visible(role, target)


# name: (url kwargs kind, rule, method) — kind says what the URL's argument is: None, "org", "person", "unit",
# "account", "assignment", "job", or a fixed dict.
ROUTES = {
    "home": (None, anyone, "GET"),
    "set_language": (None, None, "POST-OPEN"),
    "accounts:login": (None, None, "OPEN"),
    "accounts:logout": (None, None, "POST-OPEN"),
    "accounts:password_change": (None, anyone, "GET"),
    "accounts:list": (None, only("system_admin", "security_admin"), "GET"),
    "accounts:create": (None, only("system_admin"), "GET"),
    "accounts:set_active": ("account", only("system_admin"), "POST"),
    "accounts:set_password": ("account", only("system_admin"), "GET"),
    "accounts:roles": (None, only("security_admin"), "GET"),
    "accounts:role_assign": (None, only("security_admin"), "GET"),
    "accounts:role_revoke": ("assignment", only("security_admin"), "POST"),
    "accounts:tokens": (None, only("security_admin"), "GET"),
    "accounts:token_revoke": (None, only("security_admin"), "POST"),
    "org:tree": (None, business, "GET"),
    "org:create": (None, only("party_office"), "GET"),
    "org:detail": ("org", org_view, "GET"),
    "org:tree_node": ("org", org_view, "GET"),
    "org:edit": ("org", org_change, "GET"),
    "org:dissolve": ("org", org_change, "POST"),
    "org:health": (None, business, "GET"),
    "org:terms": (None, business, "GET"),
    "org:people": (None, lambda role, t: role in SEES_PEOPLE | SELF_ONLY, "GET"),
    "org:people_export": (None, lambda role, t: role in SEES_PEOPLE, "GET"),
    "org:person_create": (None, only("party_office", "secretary"), "GET"),
    "org:person": ("person", person_view, "GET"),
    "org:person_edit": ("person", person_change, "GET"),
    "org:person_status": ("person", person_change, "POST"),
    "org:units": (None, business, "GET"),
    "org:unit_create": (None, only("party_office"), "GET"),
    "org:unit_tree_node": ("unit", business, "GET"),
    "org:unit_edit": ("unit", only("party_office"), "GET"),
    "core:audit": (None, only("audit_admin"), "GET"),
    "core:audit_export": (None, only("audit_admin"), "GET"),
    "core:tasks": (None, only("system_admin"), "GET"),
    # a failure and its rerun: covered in tests/core/test_tasks.py
    "core:task_rerun": (None, None, "POST"),
    "core:imports": (None, only("party_office", "secretary"), "GET"),
    "core:import_new": ({"kind": "people"}, only("party_office", "secretary"), "GET"),
    "core:import_template": ({"kind": "people", "fmt": "xlsx"}, only("party_office", "secretary"), "GET"),
    "core:import_detail": ("job", only("party_office"), "GET"),
    "core:import_confirm": ("job", only("party_office"), "POST"),
    "projects:list": (None, business, "GET"),
    "projects:export": (None, lambda role, t: role in SEES_PEOPLE, "GET"),
    "projects:stats": (None, business, "GET"),
    "projects:create": (None, only("party_office", "secretary"), "GET"),
    "projects:detail": ("project", project_view, "GET"),
    "projects:edit": ("project", project_change, "GET"),
    # a viewer's POST is answered (400/403/409 from the lifecycle); out of scope is 404
    "projects:transition": ("project", project_view, "POST"),
    "projects:results": ("project", project_change, "POST"),
    "projects:rule_add": ("project", project_change, "POST"),
    "projects:task_report": ("task", project_change, "GET"),
    # needs a stored file: covered in tests/projects/test_pages.py
    "projects:task_evidence": ("task", None, "GET"),
    "effects:project": ("project", project_view, "GET"),
    # boards: redirects to the wall of the outermost visible org (covered in tests/boards/test_board_pages.py)
    "boards:home": (None, None, "GET"),
    "boards:org": ("org-code", org_view, "GET"),
    "boards:org_data": ("org-code", org_view, "GET"),
    "boards:kiosk": ("project", project_view, "GET"),
    "boards:kiosk_data": ("project", project_view, "GET"),
    # the annual compilation is an export of projects; a job and its files: covered in tests/boards/test_compilation.py
    "boards:compilations": (None, lambda role, t: role in SEES_PEOPLE, "GET"),
    "boards:compilation": ("compilation", None, "GET"),
    "boards:compilation_file": ("compilation", None, "GET"),
    # acceptance: set up, submitted and awarded by 党群工作部; the sheet is the seated member's own
    "acceptance:list": (None, business, "GET"),
    "acceptance:create": (None, only("party_office"), "GET"),
    "acceptance:detail": ("panel", panel_view, "GET"),
    "acceptance:configure": ("panel", only("party_office"), "GET"),
    "acceptance:member_add": ("panel", only("party_office"), "POST"),
    "acceptance:member_remove": ("panel-member", only("party_office"), "POST"),
    "acceptance:submit": ("panel", only("party_office"), "POST"),
    "acceptance:sheet": ("panel", only("panel_member"), "GET"),
    "acceptance:score": ("panel", only("panel_member"), "POST"),
    "acceptance:results": ("panel", panel_view, "GET"),
    "acceptance:export": ("panel", only("party_office", "leader"), "GET"),
    "acceptance:awards": ("panel", only("party_office"), "POST"),
    "acceptance:lock": ("panel", only("party_office"), "POST"),
    # needs an awarded result: covered in tests/acceptance/test_pages.py
    "acceptance:certificate": ("panel-project", None, "GET"),
    # monthly reviews: one month of a project (March 2022); writing it is covered in tests/reviews/test_pages.py
    "reviews:review": ("project-month", project_view, "GET"),
    "reviews:reminders": (None, anyone, "GET"),
    # one's own reminder: covered in tests/reviews/test_home.py
    "reviews:reminder_read": (None, None, "POST"),
    # API: lists answer 200 to any signed-in caller with only what they may see (checked for leaks below).
    # the API's description: any signed-in caller; anonymous gets 401 (the docs page's login redirect: test_openapi.py)
    "api:openapi-json": (None, anyone, "GET"),
    "api:openapi-view": (None, None, "GET"),
    "api:token_create": (None, None, "POST-OPEN"),
    "api:token_delete": (None, None, "POST-OPEN"),
    "api:api-root": (None, None, "OPEN"),
    "api:unknown_path": (None, None, "OPEN"),
    "api:me": (None, anyone, "GET"),
    "api:org_list": (None, anyone, "GET"),
    "api:org_create": (None, None, "POST-OPEN"),
    "api:org_detail": ("org-code", org_view, "GET"),
    "api:org_update": ("org-code", None, "POST-OPEN"),
    # a list: 200 wherever the org is visible, with only the people the caller may see (leak test below)
    "api:org_members": ("org-code", org_view, "GET"),
    "api:org_health": ("org-code", org_view, "GET"),
    "api:unit_list": (None, anyone, "GET"),
    "api:unit_detail": ("unit-code", business, "GET"),
    "api:person_list": (None, anyone, "GET"),
    "api:person_create": (None, None, "POST-OPEN"),
    "api:person_detail": ("employee-no", person_view, "GET"),
    "api:person_update": ("employee-no", None, "POST-OPEN"),
    "api:person_status": ("employee-no", person_change, "POST"),
    "api:person_history": ("employee-no", person_view, "GET"),
    "indicators:catalogue": (None, indicator_view, "GET"),
    "indicators:detail": ({"code": "OUT"}, indicator_view, "GET"),
    "indicators:export_series": ({"code": "OUT"}, indicator_export, "GET"),
    "indicators:export_table": ({"code": "OUT"}, indicator_export, "GET"),
    "indicators:entry": ({"code": "OUT"}, indicator_write, "GET"),
    "indicators:targets": ({"code": "OUT"}, indicator_write, "GET"),
    "indicators:kiosk": (None, indicator_view, "GET"),
    "indicators:kiosk_tiles": (None, indicator_view, "GET"),
    # cost-reduction programmes (owned by BA and BB, scoped like projects)
    "costs:list": (None, business, "GET"),
    "costs:create": (None, only("party_office", "secretary"), "GET"),
    "costs:detail": ("programme", project_view, "GET"),
    "costs:edit": ("programme", project_change, "GET"),
    "costs:export": ("programme", programme_export, "GET"),
    "costs:item_add": ("programme", project_change, "GET"),
    "costs:item_edit": ("programme-item", project_change, "GET"),
    "costs:item_remove": ("programme-item", project_change, "POST"),
    "api:indicator_list": (None, anyone, "GET"),
    "api:indicator_detail": ({"code": "OUT"}, indicator_view, "GET"),
    "api:indicator_series": ({"code": "OUT"}, indicator_view, "GET"),
    # the matrix body holds no values: 400 for a writer, 403 for anyone else, and nothing written
    "api:values_push": (None, indicator_write, "POST"),
    "api:programme_list": (None, anyone, "GET"),
    "api:programme_results": ("programme-id", project_view, "GET"),
    "api:project_list": (None, anyone, "GET"),
    "api:project_detail": ("project-id", project_view, "GET"),
    "api:goal_list": ("project-id", project_view, "GET"),
    "api:project_effects": ("project-id", project_view, "GET"),
    "api:review_list": ("project-id", project_view, "GET"),
    # running projects only, each as the caller may see it (leaks and scope: tests/reviews/test_api.py)
    "api:project_rag": (None, anyone, "GET"),
    # with its own body: covered in tests/reviews/test_api.py
    "api:review_save": ("project-id", None, "POST-OPEN"),
    "api:panel_list": (None, anyone, "GET"),
    "api:panel_results": ("panel-id", panel_view, "GET"),
    # a member's scores with their own body: covered in tests/acceptance/test_api.py
    "api:panel_scores": ("panel-id", None, "POST-OPEN"),
    # writes with their own bodies: covered in tests/projects/test_api.py
    "api:project_create": (None, None, "POST-OPEN"),
    "api:project_update": ("project-id", None, "POST-OPEN"),
    "api:project_transition": ("project-id", None, "POST-OPEN"),
    "api:goal_create": ("project-id", None, "POST-OPEN"),
    "api:goal_update": ("project-id", None, "POST-OPEN"),
    "api:goal_delete": ("project-id", None, "POST-OPEN"),
}


def named_routes() -> list[str]:
    names = []

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, namespace + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern) and p.name:
                names.append(namespace + p.name)

    walk(get_resolver().url_patterns)
    return sorted(set(names))


def capability_routes() -> set[str]:
    """Capabilities keep their own matrix beside their tests: `tests/<app>/matrix.py` defines ROUTES in the same shape
    (name: (kind, rule, method)) and `tests/<app>/test_matrix.py` runs its cells with its own objects."""
    names = set()
    for path in sorted(Path(__file__).parent.glob("*/matrix.py")):
        names |= set(importlib.import_module(f"tests.{path.parent.name}.matrix").ROUTES)
    return names


def test_every_route_is_in_the_matrix():
    covered = set(ROUTES) | capability_routes()
    missing = [name for name in named_routes() if name not in covered]
    assert missing == [], f"add these routes to the permission matrix: {missing}"


@pytest.fixture
def world(company, django_user_model):
    """One login per role, plus the objects each URL can point at."""
    person_e = PersonFactory(branch=company["branch_a"], name="赵工", employee_no="E-EMP")
    users = {}
    for role in BUSINESS:
        org = PartyOrg.objects.get(code=HOME_ORG[role])
        person = {"member": company["person_a"], "employee": person_e}.get(role)
        users[role] = account_with_role(role, org, person=person, username=f"m_{role}")
    for role in SYSTEM:
        # The MES/ERP account is held over the company's root committee (its company), the administrators globally.
        org = company["root"] if role == "integration" else None
        users[role] = account_with_role(role, org, username=f"m_{role}")
    target_user = UserFactory(username="m_target")
    assignment = account_with_role("member", company["branch_b"], username="m_assigned").role_assignments.get()
    from dangjian.indicators.models import Indicator

    Indicator.objects.create(code="OUT", name="铝产量", unit_of_measure="t", granularity="day")
    job = ImportJob.objects.create(
        kind="people", created_by=users["party_office"], file="imports/x.csv", original_name="x.csv"
    )
    from tests.projects.factories import ProjectFactory, TaskFactory

    projects = {code: ProjectFactory(owner=company[key]) for code, key in (("BA", "branch_a"), ("BB", "branch_b"))}
    projects["BB"].title = "发电节能项目"
    projects["BB"].save()
    tasks = {code: TaskFactory(project=p) for code, p in projects.items()}
    from dangjian.costs.models import Programme, ProgrammeItem

    programmes = {
        code: Programme.objects.create(owner_org=company[key], year=2022, name="降本增效")
        for code, key in (("BA", "branch_a"), ("BB", "branch_b"))
    }
    programme_items = {
        code: ProgrammeItem.objects.create(
            programme=p, indicator=Indicator.objects.get(code="OUT"), unit=company["workshop"], annual_target=1
        )
        for code, p in programmes.items()
    }
    from dangjian.acceptance.models import Criterion, Panel, PanelMember

    panel = Panel.objects.create(org=company["root"], year=2022, name="2022年度验收专项工作组")
    Criterion.objects.create(panel=panel, kind="goal_attainment", name="目标达成度", weight=100)
    seat = PanelMember.objects.create(panel=panel, user=users["panel_member"], department="leadership")
    return {
        "panel": panel,
        "seat": seat,
        **company,
        "projects": projects,
        "tasks": tasks,
        "programmes": programmes,
        "programme_items": programme_items,
        "users": users,
        "person_e": person_e,
        "target_user": target_user,
        "assignment": assignment,
        "job": job,
    }


def url_for(name: str, kind, target: str, world) -> str:
    orgs = {"ROOT": world["root"], "BA": world["branch_a"], "BB": world["branch_b"], "GA": world["group_a"]}
    people = {"person_a": world["person_a"], "person_b": world["person_b"], "person_e": world["person_e"]}
    if kind is None:
        return reverse(name)
    if isinstance(kind, dict):
        return reverse(name, kwargs=kind)
    if kind == "org":
        return reverse(name, kwargs={"pk": orgs[target].pk})
    if kind == "org-code":
        return reverse(name, kwargs={"code": orgs[target].code})
    if kind == "person":
        return reverse(name, kwargs={"pk": people[target].pk})
    if kind == "employee-no":
        return reverse(name, kwargs={"employee_no": people[target].employee_no})
    if kind == "unit":
        return reverse(name, kwargs={"pk": world["workshop"].pk})
    if kind == "unit-code":
        return reverse(name, kwargs={"code": world["workshop"].code})
    if kind == "account":
        return reverse(name, kwargs={"pk": world["target_user"].pk})
    if kind == "assignment":
        return reverse(name, kwargs={"pk": world["assignment"].pk})
    if kind == "job":
        return reverse(name, kwargs={"pk": world["job"].pk})
    if kind == "project":
        return reverse(name, kwargs={"pk": world["projects"][target].pk})
    if kind == "project-id":
        return reverse(name, kwargs={"project_id": world["projects"][target].pk})
    if kind == "project-month":
        return reverse(name, kwargs={"pk": world["projects"][target].pk, "year": 2022, "month": 3})
    if kind == "task":
        task = world["tasks"][target]
        return reverse(name, kwargs={"pk": task.project_id, "task_pk": task.pk})
    if kind == "panel":
        return reverse(name, kwargs={"pk": world["panel"].pk})
    if kind == "panel-member":
        return reverse(name, kwargs={"pk": world["panel"].pk, "member_pk": world["seat"].pk})
    if kind == "panel-id":
        return reverse(name, kwargs={"panel_id": world["panel"].pk})
    if kind == "programme":
        return reverse(name, kwargs={"pk": world["programmes"][target].pk})
    if kind == "programme-item":
        item = world["programme_items"][target]
        return reverse(name, kwargs={"pk": item.programme_id, "item_pk": item.pk})
    if kind == "programme-id":
        return reverse(name, kwargs={"programme_id": world["programmes"][target].pk})
    raise AssertionError(kind)


def targets_for(role: str, kind) -> list[str]:
    """An object in the role's scope and one out of it, for URLs that point at an object."""
    if kind in ("org", "org-code"):
        home = HOME_ORG.get(role, "BA")
        return [home, "BB" if home != "ROOT" else "BA"]
    if kind in ("project", "project-id", "task", "project-month", "programme", "programme-item", "programme-id"):
        return ["BA", "BB"]
    if kind in ("person", "employee-no"):
        inside = {"employee": "person_e", "group_leader": "person_a"}.get(role, "person_a")
        return [inside, "person_b"]
    return ["-"]


CELLS = [
    (name, role, target)
    for name, (kind, rule, method) in ROUTES.items()
    if rule is not None
    for role in ROLES
    for target in targets_for(role, kind)
]


@pytest.mark.parametrize(("name", "role", "target"), CELLS, ids=["|".join(c) for c in CELLS])
def test_matrix_cell(world, name, role, target):
    kind, rule, method = ROUTES[name]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if role != "anonymous":
        client.force_login(world["users"][role])
    url = url_for(name, kind, target, world)
    before = (AuditLog.objects.exclude(action__in=["login", "export"]).count(), Person.objects.count())
    if method == "POST" and name.startswith("api:"):
        body = {"to_status": "non_member", "on": "2026-01-05", "note": "matrix"}
        response = client.post(url, body, content_type="application/json")
    elif method == "POST":
        response = client.post(url, {})
    else:
        response = client.get(url)
    is_api = name.startswith("api:")
    if role == "anonymous":
        expected = {401} if is_api else {302}
        assert response.status_code in expected, f"{name} as anonymous: {response.status_code}"
        if not is_api:
            assert reverse("accounts:login") in response["Location"]
        return
    allowed = rule(role, target)
    if allowed:
        ok = {200} if method == "GET" else {200, 201, 302, 400, 409}
        assert response.status_code in ok, f"{name} should be allowed for {role} on {target}: {response.status_code}"
    else:
        assert response.status_code in {403, 404}, (
            f"{name} must be refused for {role} on {target}: {response.status_code}"
        )
        after = (AuditLog.objects.exclude(action__in=["login", "export"]).count(), Person.objects.count())
        assert after == before, f"a refused {name} by {role} changed data"


LEAK_LISTS = [
    ("org:people", "王芳"),
    ("api:person_list", "王芳"),
    ("api:org_list", '"BB"'),
    ("api:org_members", "王芳"),
    ("org:tree", "发电党支部"),
    ("org:health", "发电党支部"),
    ("org:terms", "发电党支部"),
    ("projects:list", "发电节能项目"),
    ("api:project_list", "发电节能项目"),
]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
@pytest.mark.parametrize(("name", "secret"), LEAK_LISTS)
def test_lists_do_not_leak_out_of_scope_rows(world, role, name, secret):
    """Branch BB (发电党支部) and its person 王芳 must not show in any list of a role that cannot see them."""
    visible = org_visible(role, "BB") if "王芳" not in secret else person_visible(role, "person_b")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world["users"][role])
    url = reverse(name, kwargs={"code": "ROOT"}) if name == "api:org_members" else reverse(name)
    response = client.get(url, {"q": "王"} if "people" in name or "person" in name else {})
    body = response.content.decode()
    if not visible:
        assert secret not in body, f"{name} leaks {secret} to {role}"


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_export_does_not_leak(world, role):
    from io import BytesIO

    from openpyxl import load_workbook

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world["users"][role])
    response = client.get(reverse("org:people_export"))
    if response.status_code != 200:
        return
    sheet = load_workbook(BytesIO(response.content)).active
    names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    headers = [c.value for c in sheet[1]]
    assert any("ame" in str(h) for h in headers)
    assert ("王芳" in names) == person_visible(role, "person_b")
