"""Handbook routes in the permission matrix and their world (the root matrix's world plus the standard procedures at
ROOT, a themed day in BA and in BB, a member's list with a duty in each, and both branches' terms ending in a month).

Procedures are the company's: every role with the procedure grant reads them wherever it sits in the company; only
the office at the root keeps them. Checklists are ticked by who records the org's meetings; lists are kept by the
office and the secretary, a duty reported by its owner too (李明, the member login, owns BA's)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from dangjian.handbook.models import DutyItem, DutyList, Procedure, ProcedureUse
from tests.matrix.footprint import AUDIT, rows, snapshot
from tests.matrix.policy import NOT_FOUND, anyone, only, org_visible, roles_in, scoped

PROCEDURE_READERS = ("party_office", "secretary", "committee_member", "group_leader", "leader", "member")
MEETING_READERS = PROCEDURE_READERS
DUTY_READERS = PROCEDURE_READERS
KEEPERS = ("party_office", "secretary")
TICKERS = ("party_office", "secretary", "group_leader")
EXPORTERS = ("party_office", "secretary", "committee_member", "leader")


def sees_procedure(role, target):
    return role in PROCEDURE_READERS


def sees_meeting(role, target):
    return role in MEETING_READERS and org_visible(role, target)


def sees_duty(role, target):
    return role in DUTY_READERS and org_visible(role, target)


def reports_duty(role, target):
    return role in KEEPERS or (role == "member" and target == "BA")


def report_rule(role, target):
    """GET /duties/report?org=BA: a reader of BA's lists; a reader who cannot see BA (the group leader over GA) is
    answered 404 (an org is an object); without the duty grant, 403."""
    if role in ("party_office", "secretary", "committee_member", "leader", "member"):
        return True
    return NOT_FOUND if role == "group_leader" else False


procedure_view = scoped(sees_procedure)
procedure_keep = scoped(sees_procedure, roles_in("party_office"))
meeting_view = scoped(sees_meeting)
meeting_tick = scoped(sees_meeting, roles_in(*TICKERS))
duty_view = scoped(sees_duty)
duty_keep = scoped(sees_duty, roles_in(*KEEPERS))

ROUTES = {
    "handbook:procedures": (None, only(*PROCEDURE_READERS), "GET"),
    "handbook:standard_load": (None, only("party_office"), "POST"),
    "handbook:procedure_create": (None, only("party_office"), "GET"),
    "handbook:procedure": ("procedure", procedure_view, "GET"),
    "handbook:procedure_publish": ("procedure", procedure_keep, "GET"),
    "handbook:procedure_retire": ("procedure", procedure_keep, "POST"),
    "handbook:meeting_tick": ("meeting", meeting_tick, "POST"),
    "handbook:elections": (None, only(*MEETING_READERS), "GET"),
    "handbook:election": ("org", meeting_view, "GET"),
    "handbook:election_tick": ("org", meeting_tick, "POST"),
    "handbook:duties": (None, only(*DUTY_READERS), "GET"),
    "handbook:duty_list_create": (None, only(*KEEPERS), "GET"),
    "handbook:duties_export": (None, only(*EXPORTERS), "GET"),
    "handbook:duty_list": ("list", duty_view, "GET"),
    "handbook:duty_list_edit": ("list", duty_keep, "GET"),
    "handbook:duty_list_retire": ("list", duty_keep, "POST"),
    "handbook:duty_item_add": ("list", duty_keep, "POST"),
    "handbook:duty_item_edit": ("item", duty_keep, "GET"),
    "handbook:duty_item_done": ("item", scoped(sees_duty, reports_duty), "POST"),
    "handbook:duty_item_delete": ("item", duty_keep, "POST"),
    "api:procedure_list": (None, anyone, "GET"),
    "api:procedure_create": (None, only("party_office"), "POST"),
    "api:procedure_standard": (None, only("party_office"), "POST"),
    "api:procedure_detail": ("procedure", procedure_view, "GET"),
    "api:procedure_publish": ("procedure", procedure_keep, "POST"),
    "api:procedure_retire": ("procedure", procedure_keep, "POST"),
    "api:meeting_checklist": ("meeting", meeting_view, "GET"),
    "api:meeting_tick": ("meeting", meeting_tick, "POST"),
    "api:election_checklist": ("org-code", meeting_view, "GET"),
    "api:election_tick": ("org-code", meeting_tick, "POST"),
    "api:duty_list_list": (None, anyone, "GET"),
    "api:duty_list_create": (None, only(*KEEPERS), "POST"),
    "api:duty_report": (None, report_rule, "GET"),
    "api:duty_list_detail": ("list", duty_view, "GET"),
    "api:duty_list_change": ("list", duty_keep, "PATCH"),
    "api:duty_list_retire": ("list", duty_keep, "POST"),
    "api:duty_item_add": ("list", duty_keep, "POST"),
    "api:duty_item_change": ("item", duty_keep, "PUT"),
    "api:duty_item_done": ("item", scoped(sees_duty, reports_duty), "POST"),
    "api:duty_item_delete": ("item", duty_keep, "DELETE"),
}
OBJECT_KINDS = ("meeting", "org", "org-code", "list", "item")


def extend(world, tmp_path) -> dict:
    from dangjian.core.services import SYSTEM
    from dangjian.handbook import selectors, services
    from dangjian.meetings import services as meetings
    from dangjian.org.models import PartyOrg

    today = timezone.localdate()
    services.standard_load(actor=SYSTEM, company=world["root"], effective_from=dt.date(2024, 1, 1))
    held = {}
    for key, org, person in (("BA", "branch_a", "person_a"), ("BB", "branch_b", "person_b")):
        held[key] = meetings.meeting_record(
            actor=SYSTEM,
            org=world[org],
            meeting_type="themed_day",
            held_on=dt.date(today.year, 1, 12),
            topic=f"主题党日{key}",
            attendance=[meetings.Mark(world[person], "present")],
        )
    PartyOrg.objects.filter(code__in=["BA", "BB"]).update(term_end=today + dt.timedelta(days=30))
    lists, items = {}, {}
    for key, org, person in (("BA", "branch_a", "person_a"), ("BB", "branch_b", "person_b")):
        lists[key] = services.duty_list_save(
            actor=SYSTEM, org=world[org], kind="member", holder=world[person], year=today.year, title=f"清单{key}"
        )
        items[key] = services.duty_item_save(actor=SYSTEM, duty_list=lists[key], text=f"事项{key}")
    procedure = Procedure.objects.get(company=world["root"], kind="themed_day")
    themed = selectors.meeting_checklist(held["BA"])
    election = Procedure.objects.get(company=world["root"], kind="election")
    election_items = selectors.version_items(election.versions.get())
    return {
        **world,
        "handbook": {
            "procedure": procedure,
            "meeting": held,
            "list": lists,
            "item": items,
            "meeting_step": next(s.item for s in themed.steps if not s.proved),
            "election_step": next(i for i in election_items if not i.proof),
        },
    }


def url_for(name, kind, target, w):
    if kind is None:
        url = reverse(name)
        return f"{url}?year={timezone.localdate().year}&org=BA" if name == "api:duty_report" else url
    h = w["handbook"]
    orgs = {"BA": w["branch_a"], "BB": w["branch_b"]}
    if kind == "procedure":
        key = "procedure_id" if name.startswith("api:") else "pk"
        return reverse(name, kwargs={key: h["procedure"].pk})
    if kind == "meeting":
        key = "meeting_id" if name.startswith("api:") else "pk"
        return reverse(name, kwargs={key: h["meeting"][target].pk})
    if kind == "org":
        return reverse(name, kwargs={"pk": orgs[target].pk})
    if kind == "org-code":
        return reverse(name, kwargs={"org_code": orgs[target].code})
    if kind == "list":
        key = "list_id" if name.startswith("api:") else "pk"
        return reverse(name, kwargs={key: h["list"][target].pk})
    item = h["item"][target]
    if name.startswith("api:"):
        return reverse(name, kwargs={"list_id": item.duty_list_id, "item_id": item.pk})
    return reverse(name, kwargs={"pk": item.duty_list_id, "item_pk": item.pk})


def targets(role, kind):
    return ["BA", "BB"] if kind in OBJECT_KINDS else ["-"]


def bodies(world) -> dict:
    h = world["handbook"]
    step = {"phase": "before", "text": "矩阵步骤"}
    return {
        "api:procedure_create": {"kind": "talk", "name": "谈心谈话", "steps": [step]},
        "api:procedure_publish": {"steps": [step], "note": "矩阵"},
        "api:meeting_tick": {"step": h["meeting_step"].pk},
        "api:election_tick": {"step": h["election_step"].pk},
        "api:duty_list_create": {
            "org": "BA",
            "kind": "member",
            "holder": world["person_e"].employee_no,
            "year": 2040,
            "title": "矩阵清单",
        },
        "api:duty_list_change": {"title": "矩阵"},
        "api:duty_item_add": {"text": "矩阵事项"},
        "api:duty_item_change": {"text": "矩阵事项"},
        "api:duty_item_done": {"done_on": None, "evidence": ""},
    }


def send(client, name, url, method, target, world):
    if name.startswith("api:") and method != "GET":
        body = bodies(world).get(name, {})
        return getattr(client, method.lower())(url, body, content_type="application/json")
    if method == "POST":
        return client.post(url, {})
    return client.get(url)


def state(world):
    return snapshot(
        AUDIT,
        rows(ProcedureUse, "ticks"),
        rows(DutyList, "title", "retired_on"),
        rows(DutyItem, "text", "done_on"),
    )
