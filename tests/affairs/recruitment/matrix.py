"""Recruitment routes in the permission matrix and their world (the root matrix's world plus an open file in BA and
one in BB). Files are read by 党群工作部, the secretary, committee members and company leaders in their subtree (the
party-group leader's subtree holds no file: 404); only 党群工作部 and the secretary change them. Members, employees and
team leaders hold no recruitment grant: 403 for a page, 404 for a file; the API lists answer them with nothing."""

import datetime as dt

from django.urls import reverse

from dangjian.affairs.recruitment.models import Dossier, Plan, StepRecord
from tests.matrix.footprint import AUDIT, count, rows, snapshot
from tests.matrix.policy import anyone, only, org_visible, roles_in, scoped

SEES = ("party_office", "secretary", "committee_member", "group_leader", "leader")
KEEPERS = only("party_office", "secretary")


def sees_file(role, target):
    return role in SEES and org_visible(role, target)


file_view = scoped(sees_file)
file_change = scoped(sees_file, roles_in("party_office", "secretary"))

ROUTES = {
    "recruitment:board": (None, only(*SEES), "GET"),
    "recruitment:file_open": (None, KEEPERS, "GET"),
    "recruitment:plans": (None, only(*SEES), "GET"),
    "recruitment:steps": (None, only(*SEES), "GET"),
    "recruitment:export": (None, only(*SEES), "GET"),
    "recruitment:file": ("file", file_view, "GET"),
    "recruitment:file_pdf": ("file", file_view, "GET"),
    "recruitment:file_stop": ("file", file_change, "POST"),
    "recruitment:file_extend": ("file", file_change, "POST"),
    "api:recruitment_steps": (None, anyone, "GET"),
    "api:recruitment_files": (None, anyone, "GET"),
    "api:recruitment_plans": (None, anyone, "GET"),
    "api:recruitment_file_open": (None, KEEPERS, "POST"),
    "api:recruitment_plan_save": (None, KEEPERS, "PUT"),
    "api:recruitment_file": ("file", file_view, "GET"),
    "api:recruitment_step_record": ("file", file_change, "POST"),
    "api:recruitment_file_stop": ("file", file_change, "POST"),
    "api:recruitment_file_extend": ("file", file_change, "POST"),
}

API_BODIES = {
    "api:recruitment_file_open": {"employee_no": "{person_e}", "applied_on": "2025-03-01"},
    "api:recruitment_plan_save": {"org": "BA", "year": 2025, "planned": 2},
    "api:recruitment_step_record": {"step": "talk", "done_on": "2025-03-02"},
    "api:recruitment_file_stop": {"reason": "矩阵"},
    "api:recruitment_file_extend": {"months": 6, "reason": "矩阵"},
}


def send(client, name, url, method, target, world):
    body = API_BODIES.get(name, {})
    body = {k: world["person_e"].employee_no if v == "{person_e}" else v for k, v in body.items()}
    if name.startswith("api:") and method != "GET":
        return getattr(client, method.lower())(url, body, content_type="application/json")
    if method == "POST":
        return client.post(url, {})
    return client.get(url)


def extend(world, tmp_path) -> dict:
    from dangjian.affairs.recruitment import services
    from dangjian.core.services import SYSTEM
    from tests.factories import PersonFactory

    files = {}
    for key, org in (("BA", "branch_a"), ("BB", "branch_b")):
        person = PersonFactory(branch=world[org], name=f"申请人{key}王芳" if key == "BB" else "申请人甲")
        files[key] = services.dossier_open(actor=SYSTEM, person=person, applied_on=dt.date(2025, 3, 1))
    return {**world, "files": files}


def url_for(name, kind, target, w):
    if kind is None:
        return reverse(name)
    pk = w["files"][target].pk
    if name.startswith("api:"):
        return reverse(name, kwargs={"file_id": pk})
    if name == "recruitment:file_pdf":
        return reverse(name, kwargs={"pk": pk, "doc": "summary"})
    return reverse(name, kwargs={"pk": pk})


def targets(role, kind):
    return ["BA", "BB"] if kind == "file" else ["-"]


def state(world):
    return snapshot(
        AUDIT,
        rows(Dossier, "state", "extension_months"),
        count(StepRecord),
        count(Plan),
    )
