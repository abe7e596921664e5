"""The projects routes added with the set-up paths (issue 15) in the permission matrix's shape: name → (kind, rule,
method). The world is the root matrix's (tests/matrix/world.py: a proposed project of BA and one of BB, each with a
task) plus a measure, a sub-plan and a rule revised on each. Writes send a valid body, so an allowed role's answer is
the service's (201/200/204, or 409 where the project's state refuses it, as reporting a task of a proposed project)."""

from django.urls import reverse

from dangjian.projects.projects.models import Measure, RuleRevision, SubPlan, Task
from tests.matrix.footprint import AUDIT, count, rows, snapshot
from tests.matrix.policy import project_change, project_view

# path word → (url name stem, the world's rows, a valid body)
SECTIONS = {
    "measure": ("measures", {"text": "矩阵措施"}),
    "sub_plan": ("sub_plans", {"title": "矩阵子方案"}),
    "task": ("tasks", {"title": "矩阵任务"}),
    "rule_revision": ("rule_revisions", {"title": "矩阵制度"}),
}
ROUTES = {
    # the edit page of a rule revised, and its removal: the project's writers (change over the owner org)
    "projects:rule_edit": ("rule", project_change, "GET"),
    "projects:rule_remove": ("rule", project_change, "POST"),
    "api:task_report": ("row-task", project_change, "POST"),
}
for stem in SECTIONS:
    ROUTES[f"api:{stem}_list"] = ("project-id", project_view, "GET")
    ROUTES[f"api:{stem}_create"] = ("project-id", project_change, "POST")
    ROUTES[f"api:{stem}_update"] = (f"row-{stem}", project_change, "PATCH")
    ROUTES[f"api:{stem}_delete"] = (f"row-{stem}", project_change, "DELETE")


def extend(world, tmp_path) -> dict:
    from tests.projects.factories import MeasureFactory, RuleRevisionFactory, SubPlanFactory

    world["rows"] = {
        "task": world["tasks"],
        "measure": {code: MeasureFactory(project=p) for code, p in world["projects"].items()},
        "sub_plan": {code: SubPlanFactory(project=p) for code, p in world["projects"].items()},
        "rule_revision": {code: RuleRevisionFactory(project=p) for code, p in world["projects"].items()},
    }
    return world


ARGS = {"measure": "measure_id", "sub_plan": "sub_plan_id", "task": "task_id", "rule_revision": "rule_id"}


def url_for(name, kind, target, world) -> str:
    project = world["projects"][target]
    if kind == "project-id":
        return reverse(name, kwargs={"project_id": project.pk})
    if kind == "rule":
        return reverse(name, kwargs={"pk": project.pk, "rule_pk": world["rows"]["rule_revision"][target].pk})
    stem = kind.removeprefix("row-")
    row = world["rows"][stem][target]
    return reverse(name, kwargs={"project_id": project.pk, ARGS[stem]: row.pk})


def targets(role, kind) -> list[str]:
    return ["BA", "BB"]


def send(client, name, url, method, target, world):
    stem = name.removeprefix("api:").rsplit("_", 1)[0]
    body = SECTIONS.get(stem, (None, {}))[1]
    if name == "api:task_report":
        return client.post(url, {"done_on": "2022-05-01", "evidence": "矩阵"}, content_type="application/json")
    if method == "PATCH":
        return client.patch(url, body, content_type="application/json")
    if method == "DELETE":
        return client.delete(url)
    if method == "POST" and name.startswith("api:"):
        return client.post(url, body, content_type="application/json")
    if method == "POST":
        return client.post(url, {})
    return client.get(url)


def state(world):
    return snapshot(
        AUDIT,
        count(Measure),
        count(SubPlan),
        count(Task),
        rows(RuleRevision, "title"),
        rows(Task, "title", "done_on"),
    )
