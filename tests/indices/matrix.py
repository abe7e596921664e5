"""The indices' routes in the permission matrix and their world (the root matrix's world with the indices' data of
tests/indices/world.py: values of BA, BB and 李明 (person_a, the member login) computed for December and January).

Pages without an object: the list, distribution and export answer 党群工作部, the leader and the secretary (403 for
everyone else, the member included — their page is 我的先锋指数); the weights page the office and the leader; only the
office saves weights and recomputes. A value (target BA, BB or PA = 李明's member index) is seen by the office and
the leader (ROOT), by BA's secretary for BA and PA, by the member for PA only; everyone else: 404. A weight version
(ROOT's) is seen by the office and the leader, retired by the office only (a used version: 409 / the message)."""

from django.urls import reverse

from tests.matrix.policy import only, roles_in, scoped

READERS = ("party_office", "secretary", "leader")
HOLDERS = ("party_office", "leader", "secretary", "committee_member", "group_leader", "member")


def sees_value(role, target):
    if role in ("party_office", "leader"):
        return True
    if role == "secretary":
        return target in ("BA", "PA")
    return role == "member" and target == "PA"


value_view = scoped(sees_value)
version_rule = scoped(lambda role, target: role in ("party_office", "leader"), roles_in("party_office"))

ROUTES = {
    "indices:list": (None, only(*READERS), "GET"),
    "indices:export": (None, only(*READERS), "GET"),
    "indices:distribution": (None, only(*READERS), "GET"),
    "indices:recompute": (None, only("party_office"), "POST"),
    "indices:mine": (None, only(*HOLDERS), "GET"),
    "indices:detail": ("value", value_view, "GET"),
    "indices:weights": (None, only("party_office", "leader"), "GET"),
    "indices:weights_set": (None, only("party_office"), "POST"),
    "indices:weights_retire": ("version", version_rule, "POST"),
    "api:indices_values": (None, only(*READERS), "GET"),
    "api:indices_value": ("value", value_view, "GET"),
    "api:indices_distribution": (None, only(*READERS), "GET"),
    "api:indices_weights": (None, only("party_office", "leader"), "GET"),
    "api:indices_weights_add": (None, only("party_office"), "POST"),
    "api:indices_weights_retire": ("version", version_rule, "DELETE"),
    "api:indices_recompute": (None, only("party_office"), "POST"),
}


def bodies() -> dict:
    from tests.indices.world import JAN

    month = f"{JAN:%Y-%m}"
    return {
        "indices:recompute": {"org": "ROOT", "month": month},
        "indices:weights_set": {"kind": "member", "valid_from": month, "w_member_points": "100"},
        "api:indices_weights_add": {"kind": "member", "valid_from": month, "weights": {"member_points": 100}},
        "api:indices_recompute": {"first": month},
    }


def send(client, name, url, method, target, world):
    body = bodies().get(name, {})
    if name.startswith("api:") and method != "GET":
        return getattr(client, method.lower())(url, body, content_type="application/json")
    if method == "POST":
        return client.post(url, body)
    return client.get(url)


def extend(world, tmp_path) -> dict:
    from dangjian.indices.models import IndexValue, Kind
    from tests.indices.world import DEC, seed

    data = seed(world)
    values = {
        "BA": IndexValue.objects.get(kind=Kind.BRANCH, month=DEC, org=world["branch_a"]),
        "BB": IndexValue.objects.get(kind=Kind.BRANCH, month=DEC, org=world["branch_b"]),
        "PA": IndexValue.objects.get(kind=Kind.MEMBER, month=DEC, person=world["person_a"]),
    }
    return {**world, "index_values": values, "index_version": data["v1"][Kind.BRANCH]}


def url_for(name, kind, target, w):
    if kind == "value":
        pk = w["index_values"][target].pk
        return reverse(name, args=[pk])
    if kind == "version":
        return reverse(name, args=[w["index_version"].pk])
    return reverse(name)


def targets(role, kind):
    return ["BA", "BB", "PA"] if kind == "value" else ["-"]


def state(world):
    from dangjian.indices.models import IndexValue, WeightVersion
    from tests.matrix.footprint import AUDIT, count, rows, snapshot

    return snapshot(
        AUDIT,
        count(WeightVersion),
        rows(IndexValue, "id", "value", "version"),
    )
