"""Transfer routes in the permission matrix and their world (the root matrix's world plus, in BA and in BB, a
requested transfer out of the system ("transfer"), one whose letter is sent ("sent") and a floating member
("floating")). A transfer is seen from its ends' subtrees by 党群工作部, secretaries, committee members and leaders;
only 党群工作部 approves (BA's secretary asked for BA's transfer); out of the role's subtree is 404; a page without an
object answers 403 to a role without the grant; the API lists answer everyone with what they may see."""

import datetime as dt

from django.urls import reverse

from tests.matrix.policy import anyone, only, org_visible, roles_in, scoped

VIEWERS = ("party_office", "secretary", "committee_member", "leader")
KEEPERS = only("party_office", "secretary")


def sees(role, target):
    return role in VIEWERS and org_visible(role, target)


view = scoped(sees)
change = scoped(sees, roles_in("party_office", "secretary"))
approve = scoped(sees, roles_in("party_office"))

ROUTES = {
    "transfers:list": (None, only(*VIEWERS), "GET"),
    "transfers:export": (None, only(*VIEWERS), "GET"),
    "transfers:create": ({"kind": "internal"}, KEEPERS, "GET"),
    "transfers:detail": ("transfer", view, "GET"),
    "transfers:letter": ("sent", view, "GET"),
    "transfers:step": ("transfer", approve, "POST"),
    "transfers:floating": (None, only(*VIEWERS), "GET"),
    "transfers:floating_create": (None, KEEPERS, "GET"),
    "transfers:floating_edit": ("floating", change, "GET"),
    "transfers:floating_end": ("floating", change, "POST"),
    "api:transfer_list": (None, anyone, "GET"),
    "api:transfer_detail": ("transfer", view, "GET"),
    "api:transfer_create": (None, KEEPERS, "POST"),
    "api:transfer_step": ("transfer", approve, "POST"),
    "api:transfer_floating_list": (None, anyone, "GET"),
    "api:transfer_floating": ("floating", view, "GET"),
    "api:transfer_floating_create": (None, KEEPERS, "POST"),
    "api:transfer_floating_update": ("floating", change, "PATCH"),
}


def extend(world, tmp_path) -> dict:
    from dangjian.affairs.transfers import services
    from dangjian.core.services import SYSTEM
    from tests.factories import PersonFactory

    world["mover"] = PersonFactory(branch=world["branch_a"], member=True, name="调动人")
    objects = {"transfer": {}, "sent": {}, "floating": {}}
    for key, branch in (("BA", "branch_a"), ("BB", "branch_b")):
        people = [PersonFactory(branch=world[branch], member=True, name=f"转出{key}{n}") for n in range(3)]
        objects["transfer"][key] = services.transfer_request(
            actor=SYSTEM, kind="out", person=people[0], outside_org="外单位", reason="调出"
        )
        sent = services.transfer_request(
            actor=SYSTEM, kind="out", person=people[1], outside_org="外单位", reason="调出"
        )
        services.transfer_approve(actor=SYSTEM, transfer=sent)
        objects["sent"][key] = services.transfer_send(actor=SYSTEM, transfer=sent, on=dt.date(2025, 3, 3))
        objects["floating"][key] = services.floating_create(
            actor=SYSTEM,
            person=people[2],
            location="深圳" if key == "BA" else "发电外派王芳",
            contact_method="phone",
            since=dt.date(2025, 1, 1),
        )
    return {**world, "transfer_objects": objects}


def url_for(name, kind, target, w):
    if kind is None:
        return reverse(name)
    if isinstance(kind, dict):
        return reverse(name, kwargs=kind)
    pk = w["transfer_objects"][kind][target].pk
    if name == "transfers:step":
        return reverse(name, kwargs={"pk": pk, "step": "approve"})
    if name == "api:transfer_step":
        return reverse(name, kwargs={"transfer_id": pk, "step": "approve"})
    if name.startswith("api:"):
        return reverse(name, kwargs={"record_id" if kind == "floating" else "transfer_id": pk})
    return reverse(name, kwargs={"pk": pk})


def targets(role, kind):
    return ["BA", "BB"] if kind in ("transfer", "sent", "floating") else ["-"]


def send(client, name, url, method, target, world):
    mover = world["mover"].employee_no
    bodies = {
        "api:transfer_create": {"kind": "internal", "person": mover, "to_org": "BB", "reason": "矩阵"},
        "api:transfer_floating_create": {
            "person": mover,
            "location": "矩阵",
            "contact_method": "phone",
            "since": "2025-01-01",
        },
        "api:transfer_floating_update": {"location": "矩阵"},
    }
    if name.startswith("api:") and method != "GET":
        return getattr(client, method.lower())(url, bodies.get(name, {}), content_type="application/json")
    if method == "POST":
        return client.post(url, {})
    return client.get(url)
