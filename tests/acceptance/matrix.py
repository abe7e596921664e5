"""The acceptance API's set-up routes (issue 15) in the permission matrix's shape: name → (kind, rule, method). The
world is the root matrix's: an open 2022 panel over ROOT with the panel member login seated. Only 党群工作部 over the
panel's org sets a panel up; those who see the panel (leaders, panel members) get 403, everyone else 404. Creating
one names the org in the body: a role that does not see ROOT gets 400 on `org`, as for an unknown code."""

from django.urls import reverse

from dangjian.projects.acceptance.models import Criterion, Panel, PanelMember
from tests.matrix.footprint import AUDIT, count, rows, snapshot
from tests.matrix.policy import NOT_FOUND, org_visible


def panel_visible(role, target):
    return role in {"party_office", "panel_member", "leader"}


def office_only(role, target):
    if not panel_visible(role, target):
        return NOT_FOUND
    return role == "party_office"


def creates(role, target):
    """POST /panels for ROOT: 党群工作部 may; a role that sees ROOT may not (403); the org is unknown to the rest."""
    if role == "party_office":
        return True
    return False if org_visible(role, "ROOT") else 400


ROUTES = {
    "api:panel_detail": ("panel-id", lambda role, t: True if panel_visible(role, t) else NOT_FOUND, "GET"),
    "api:panel_create": (None, creates, "POST"),
    "api:panel_update": ("panel-id", office_only, "PATCH"),
    "api:panel_criteria": ("panel-id", office_only, "PUT"),
    "api:panel_member_add": ("panel-id", office_only, "POST"),
    "api:panel_member_remove": ("panel-member", office_only, "DELETE"),
}
BODIES = {
    "api:panel_create": {"org": "ROOT", "year": 2031},
    "api:panel_update": {"name": "矩阵工作组"},
    "api:panel_criteria": {"attainment_weight": "60", "qualitative": [{"name": "党建融合", "weight": "40"}]},
    "api:panel_member_add": {"user": "m_panel_member", "department": "hr"},
}


def url_for(name, kind, target, world) -> str:
    if kind is None:
        return reverse(name)
    if kind == "panel-member":
        return reverse(name, kwargs={"panel_id": world["panel"].pk, "member_id": world["seat"].pk})
    return reverse(name, kwargs={"panel_id": world["panel"].pk})


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
        rows(Panel, "name", "status"),
        rows(Criterion, "name", "weight"),
        count(PanelMember),
    )
