"""Talent and drill routes in the permission matrix and their world (the root matrix's world plus, in BA and in BB,
a competency model with an item, a pool member, a criterion, a plan, a drill and a contest result). Out of the role's
subtree is 404; a visible object without the right, 403; a page without the grant, 403. Members and employees read
their own record and plans (BA's plan: the employee is its trainee, the member its mentor)."""

import datetime as dt

from django.urls import reverse

from dangjian.talent.models import (
    CompetencyItem,
    CompetencyModel,
    ContestResult,
    Criterion,
    Drill,
    DrillAttendance,
    PoolMember,
    Rating,
    TrainingPlan,
)
from tests.matrix.policy import NOT_FOUND, anyone, only, org_visible, roles_in, scoped

VIEWERS = ("party_office", "secretary", "committee_member", "group_leader", "team_leader", "leader")
KEEPERS = ("party_office", "secretary")
DRILL_KEEPERS = ("party_office", "secretary", "team_leader")
EXPORTERS = ("party_office", "secretary", "committee_member", "group_leader", "leader")


def sees(role, target):
    return role in VIEWERS and org_visible(role, target)


def own(role, target):
    """BA's plan and person_a's record are the member's; BA's plan is the employee's too (its trainee)."""
    return target == "BA" and role in ("member", "employee")


def sees_plan(role, target):
    return sees(role, target) or own(role, target)


def sees_record(role, target):
    return sees(role, target) or (target == "BA" and role == "member")


view = scoped(sees)
change = scoped(sees, roles_in(*KEEPERS))
drill_change = scoped(sees, roles_in(*DRILL_KEEPERS))
plan_view = scoped(sees_plan)
plan_change = scoped(sees_plan, roles_in(*KEEPERS))

PAGES = {
    "talent:index": (None, only(*VIEWERS), "GET"),
    "talent:pools": (None, only(*VIEWERS), "GET"),
    "talent:plans": (None, only(*VIEWERS), "GET"),
    "talent:criteria": (None, only(*VIEWERS), "GET"),
    "talent:contests": (None, only(*VIEWERS), "GET"),
    "talent:reports": (None, only(*VIEWERS), "GET"),
    "talent:drills": (None, only(*VIEWERS), "GET"),
    "talent:pool_add": (None, only(*KEEPERS), "GET"),
    "talent:model_create": (None, only(*KEEPERS), "GET"),
    "talent:plan_create": (None, only(*KEEPERS), "GET"),
    "talent:contest_create": (None, only(*KEEPERS), "GET"),
    "talent:drill_create": (None, only(*DRILL_KEEPERS), "GET"),
    "talent:mine": (None, only("member", "employee"), "GET"),
    "talent:export": ({"what": "pool"}, only(*EXPORTERS), "GET"),
    "talent:model": ("model", view, "GET"),
    "talent:model_edit": ("model", change, "GET"),
    "talent:model_retire": ("model", change, "POST"),
    "talent:item_add": ("model", change, "POST"),
    "talent:rate": ("model", change, "POST"),
    "talent:item_edit": ("item", change, "GET"),
    "talent:item_remove": ("item", change, "POST"),
    "talent:pool_edit": ("pool_member", change, "GET"),
    "talent:pool_leave": ("pool_member", change, "POST"),
    "talent:criterion_edit": ("criterion", change, "GET"),
    "talent:criterion_retire": ("criterion", change, "POST"),
    "talent:plan": ("plan", plan_view, "GET"),
    "talent:plan_edit": ("plan", plan_change, "GET"),
    "talent:plan_evaluate": ("plan", plan_change, "POST"),
    "talent:plan_end": ("plan", plan_change, "POST"),
    "talent:contest_edit": ("contest", change, "GET"),
    "talent:contest_delete": ("contest", change, "POST"),
    "talent:drill": ("drill", view, "GET"),
    "talent:drill_edit": ("drill", drill_change, "GET"),
    "talent:drill_attendance": ("drill", drill_change, "POST"),
    "talent:drill_delete": ("drill", drill_change, "POST"),
    "talent:record": ("person", scoped(sees_record), "GET"),
}

API = {
    "api:talent_models": (None, anyone, "GET"),
    "api:talent_model_create": (None, only(*KEEPERS), "POST"),
    "api:talent_model": ("model", view, "GET"),
    "api:talent_model_update": ("model", change, "PATCH"),
    "api:talent_model_retire": ("model", change, "POST"),
    "api:talent_item_create": ("model", change, "POST"),
    "api:talent_readiness": ("model", view, "GET"),
    "api:talent_item_update": ("item", change, "PATCH"),
    "api:talent_item_delete": ("item", change, "DELETE"),
    "api:talent_rating_set": (None, only(*KEEPERS), "POST"),
    "api:talent_pool": (None, anyone, "GET"),
    "api:talent_pool_add": (None, only(*KEEPERS), "POST"),
    "api:talent_pool_update": ("pool_member", change, "PATCH"),
    "api:talent_pool_leave": ("pool_member", change, "POST"),
    "api:talent_criteria": (None, anyone, "GET"),
    "api:talent_criterion_create": (None, only(*KEEPERS), "POST"),
    "api:talent_criterion_update": ("criterion", change, "PATCH"),
    "api:talent_criterion_retire": ("criterion", change, "POST"),
    "api:talent_plans": (None, anyone, "GET"),
    "api:talent_plan_create": (None, only(*KEEPERS), "POST"),
    "api:talent_plan": ("plan", plan_view, "GET"),
    "api:talent_plan_update": ("plan", plan_change, "PATCH"),
    "api:talent_plan_evaluate": ("plan", plan_change, "POST"),
    "api:talent_plan_end": ("plan", plan_change, "POST"),
    "api:talent_mentors": (None, anyone, "GET"),
    "api:talent_contests": (None, anyone, "GET"),
    "api:talent_contest_create": (None, only(*KEEPERS), "POST"),
    "api:talent_contest_update": ("contest", change, "PATCH"),
    "api:talent_contest_delete": ("contest", change, "DELETE"),
    "api:drills": (None, anyone, "GET"),
    "api:drill_create": (None, only(*DRILL_KEEPERS), "POST"),
    "api:drills_per_team": (None, lambda role, t: True if role in VIEWERS else NOT_FOUND, "GET"),
    "api:drill": ("drill", view, "GET"),
    "api:drill_update": ("drill", drill_change, "PATCH"),
    "api:drill_delete": ("drill", drill_change, "DELETE"),
    "api:drill_attendance": ("drill", drill_change, "PUT"),
}
ROUTES = {**PAGES, **API}
OBJECTS = ("model", "item", "pool_member", "criterion", "plan", "contest", "drill", "person")

# Valid bodies, so a refusal is the permission's, never the body's.
BODIES = {
    "api:talent_model_create": {"org": "BA", "post": "矩阵岗位", "talent_class": "technical"},
    "api:talent_model_update": {"description": "改"},
    "api:talent_item_create": {"name": "矩阵能力", "required_level": 2},
    "api:talent_item_update": {"required_level": 2},
    "api:talent_rating_set": {"person": "{person_a}", "item": "{item}", "level": 3},
    "api:talent_pool_add": {"person": "{person_a}", "pool": "talent", "talent_class": "technical"},
    "api:talent_pool_update": {"specialty": "改"},
    "api:talent_criterion_create": {"org": "BA", "name": "矩阵标准", "weight": 10},
    "api:talent_criterion_update": {"weight": 20},
    "api:talent_plan_create": {
        "trainee": "{person_e}",
        "mentor": "{person_a}",
        "goals": "g",
        "starts_on": "2025-03-01",
        "ends_on": "2025-09-01",
    },
    "api:talent_plan_update": {"goals": "改"},
    "api:talent_plan_evaluate": {"scores": {}},
    "api:talent_contest_create": {"contest": "矩阵竞赛", "held_on": "2025-03-01", "person": "{person_a}", "rank": 1},
    "api:talent_contest_update": {"award": "改"},
    "api:drill_create": {"org": "BA", "topic": "矩阵练兵", "held_on": "2025-03-01"},
    "api:drill_update": {"topic": "改"},
    "api:drill_attendance": {"rows": []},
}


def send(client, name, url, method, target, world):
    body = BODIES.get(name, {})
    names = {f"{{{key}}}": world[key].employee_no for key in ("person_a", "person_e")}
    names["{item}"] = world["talent"]["item"]["BA"].pk
    body = {k: names.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    if name == "api:drills_per_team":
        return client.get(url, {"year": 2025})
    if name.startswith("api:") and method != "GET":
        return getattr(client, method.lower())(url, body, content_type="application/json")
    if method == "POST":
        return client.post(url, {})
    return client.get(url)


def extend(world, tmp_path) -> dict:
    from dangjian.core.services import SYSTEM
    from dangjian.talent import services
    from tests.factories import PersonFactory

    day = dt.date(2025, 3, 1)
    objects = {kind: {} for kind in OBJECTS}
    for key, branch in (("BA", world["branch_a"]), ("BB", world["branch_b"])):
        model = services.model_save(actor=SYSTEM, org=branch, post=f"岗位{key}", talent_class="operating")
        objects["model"][key] = model
        objects["item"][key] = services.item_save(actor=SYSTEM, model=model, name=f"能力{key}", required_level=3)
        objects["criterion"][key] = services.criterion_save(actor=SYSTEM, org=branch, name=f"标准{key}", weight=50)
        objects["drill"][key] = services.drill_save(actor=SYSTEM, org=branch, topic=f"练兵{key}", held_on=day)
    helped_b = PersonFactory(branch=world["branch_b"], name="新工乙")
    for key, trainee, mentor in (("BA", world["person_e"], world["person_a"]), ("BB", helped_b, world["person_b"])):
        objects["plan"][key] = services.plan_save(
            actor=SYSTEM, trainee=trainee, mentor=mentor, goals="g", starts_on=day, ends_on=day
        )
        objects["pool_member"][key] = services.pool_add(
            actor=SYSTEM, person=mentor, pool="mentor", talent_class="operating"
        )
        objects["contest"][key] = services.contest_result_save(
            actor=SYSTEM, person=mentor, contest=f"竞赛{key}", held_on=day, rank=1
        )
    objects["person"] = {"BA": world["person_a"], "BB": world["person_b"]}
    return {**world, "talent": objects}


def url_for(name, kind, target, w):
    if kind is None:
        return reverse(name)
    if isinstance(kind, dict):
        return reverse(name, kwargs=kind)
    pk = w["talent"][kind][target].pk
    if not name.startswith("api:"):
        return reverse(name, kwargs={"pk": pk})
    param = {
        "model": "model_id",
        "item": "item_id",
        "pool_member": "member_id",
        "criterion": "criterion_id",
        "plan": "plan_id",
        "contest": "result_id",
        "drill": "drill_id",
    }[kind]
    return reverse(name, kwargs={param: pk})


def targets(role, kind):
    return ["BA", "BB"] if kind in OBJECTS else ["-"]


def state(world):
    """What a refused request must leave as it was: the audit rows, and each talent table's row ids (a create or a
    delete shows), and plans' status and goals (an update without an audit row), in one statement."""
    from tests.matrix.footprint import AUDIT, rows, snapshot

    tables = (
        CompetencyModel, CompetencyItem, Criterion, PoolMember, ContestResult, Drill, Rating, DrillAttendance
    )  # fmt: skip
    return snapshot(
        AUDIT,
        *(rows(m, "id") for m in tables),
        rows(TrainingPlan, "status", "goals"),
    )
