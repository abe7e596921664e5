"""The costs API's set-up routes (issue 15) in the permission matrix's shape: name → (kind, rule, method). The world is
the root matrix's (a programme of BA and one of BB, each with an item OUT@W1) plus a measure on each item. Programmes
are read with the "cost" grant over the owner org (not by the employee) and run like the org's projects (党群工作部 and
the secretary); starting one names the org in the body: a role that does not see BA gets 400 on `owner_org`."""

from django.urls import reverse

from dangjian.projects.costs.models import Measure, MonthlyTarget, Programme, ProgrammeItem
from tests.matrix.footprint import AUDIT, count, rows, snapshot
from tests.matrix.policy import READS_PRODUCTION, org_visible, project_visible, roles_in, scoped


def programme_visible(role, target):
    return role in READS_PRODUCTION and project_visible(role, target)


programme_view = scoped(programme_visible)
programme_change = scoped(programme_visible, roles_in("party_office", "secretary"))


def starts(role, target):
    if role in ("party_office", "secretary"):
        return True
    return False if org_visible(role, "BA") else 400


ROUTES = {
    "api:programme_detail": ("programme-id", programme_view, "GET"),
    "api:programme_create": (None, starts, "POST"),
    "api:programme_update": ("programme-id", programme_change, "PATCH"),
    "api:cost_item_list": ("programme-id", programme_view, "GET"),
    "api:cost_item_create": ("programme-id", programme_change, "POST"),
    "api:cost_item_update": ("item", programme_change, "PATCH"),
    "api:cost_item_delete": ("item", programme_change, "DELETE"),
    "api:cost_measure_create": ("item", programme_change, "POST"),
    "api:cost_measure_update": ("measure", programme_change, "PATCH"),
    "api:cost_measure_delete": ("measure", programme_change, "DELETE"),
}
BODIES = {
    "api:programme_create": {"owner_org": "BA", "year": 2031, "name": "矩阵降本"},
    "api:programme_update": {"description": "矩阵"},
    "api:cost_item_create": {"indicator": "OUT", "unit": "CO", "annual_target": "2"},
    "api:cost_item_update": {"annual_target": "3", "measures": ["矩阵措施"]},
    "api:cost_measure_create": {"text": "矩阵措施"},
    "api:cost_measure_update": {"text": "矩阵措施二"},
}


def extend(world, tmp_path) -> dict:

    world["measures"] = {
        code: Measure.objects.create(item=item, text="原措施") for code, item in world["programme_items"].items()
    }
    return world


def url_for(name, kind, target, world) -> str:
    if kind is None:
        return reverse(name)
    item = world["programme_items"][target]
    args = {"programme_id": item.programme_id}
    if kind in ("item", "measure"):
        args["item_id"] = item.pk
    if kind == "measure":
        args["measure_id"] = world["measures"][target].pk
    return reverse(name, kwargs=args)


def targets(role, kind) -> list[str]:
    return ["BA", "BB"] if kind else ["-"]


def send(client, name, url, method, target, world):
    body = BODIES.get(name, {})
    if method == "GET":
        return client.get(url)
    if method == "DELETE":
        return client.delete(url)
    return getattr(client, method.lower())(url, body, content_type="application/json")


def state(world):
    return snapshot(
        AUDIT,
        rows(Programme, "name", "description"),
        rows(ProgrammeItem, "annual_target"),
        rows(Measure, "text"),
        count(MonthlyTarget),
    )
