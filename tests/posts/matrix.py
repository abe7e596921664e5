"""Demonstration-post routes in the permission matrix and their world (the root matrix's world plus a post of each
kind and challenges). Kinds: "zone", "pioneer", "taskforce", "pairing" and "challenge" (one in BA, one in BB), and
"applied": a challenge with an application (the employee's in BA, a person without a login's in BB). Out of the
role's subtree is 404; a visible post without the right, 403; without the posts grant at all, 403 (a page) — the API
lists answer everyone with what they may see. One's own application is 404 to everyone else."""

import datetime as dt

from django.urls import reverse

from dangjian.posts.models import (
    ChallengeApplication,
    OpenChallenge,
    Pairing,
    PairingCheckIn,
    PioneerPost,
    ResponsibilityZone,
    TaskForce,
)
from tests.matrix.policy import NOT_FOUND, anyone, only, org_visible, roles_in, scoped

VIEWERS = (
    "party_office",
    "secretary",
    "committee_member",
    "group_leader",
    "team_leader",
    "leader",
    "member",
    "employee",
)


def challenge_visible(role, target):
    """A challenge is visible in its org's subtree and to everyone below it (the GA group leader sees BA's)."""
    return org_visible(role, target) or (role == "group_leader" and target == "BA")


def may_apply(role, target):
    """Applying needs a person on the roll: the member and employee logins, to BA's challenge."""
    return role in ("member", "employee") and target == "BA"


def sees_post(role, target):
    return role in VIEWERS and org_visible(role, target)


def sees_challenge(role, target):
    return role in VIEWERS and challenge_visible(role, target)


def own_application(role, target):
    """Only the employee has applied (to BA's "applied" challenge); anyone else has no application there: 404."""
    return True if role == "employee" and target == "BA" else NOT_FOUND


def records_check_in(role, target):
    """Either of the pair (BA's pairing: the member and the employee) or those who change the org's posts."""
    return role in ("party_office", "secretary") or (target == "BA" and role in ("member", "employee"))


post_view = scoped(sees_post)
post_change = scoped(sees_post, roles_in("party_office", "secretary"))
challenge_view = scoped(sees_challenge)
challenge_change = scoped(sees_challenge, roles_in("party_office", "secretary"))
KEEPERS = only("party_office", "secretary")
POST_KINDS = {"zones": "zone", "pioneers": "pioneer", "taskforces": "taskforce", "pairings": "pairing"}

ROUTES = {
    "posts:registers": (None, only(*VIEWERS), "GET"),
    "posts:register": ({"kind": "zones"}, only(*VIEWERS), "GET"),
    "posts:create": ({"kind": "taskforces"}, only("party_office", "secretary"), "GET"),
    "posts:holders": (None, only(*VIEWERS), "GET"),
    "posts:pairing": ("pairing", post_view, "GET"),
    "posts:challenges": (None, only(*VIEWERS), "GET"),
    "posts:challenge_create": (None, only("party_office", "secretary"), "GET"),
    "posts:challenge": ("challenge", challenge_view, "GET"),
    "posts:challenge_apply": ("challenge", scoped(sees_challenge, may_apply), "POST"),
    "posts:challenge_appoint": ("challenge", challenge_change, "POST"),
    "posts:challenge_accept": ("challenge", challenge_change, "POST"),
    "posts:edit": ("zone", post_change, "GET"),
    "posts:end": ("pioneer", post_change, "POST"),
    "posts:challenge_edit": ("challenge", challenge_change, "GET"),
    "posts:challenge_cancel": ("challenge", challenge_change, "POST"),
    "posts:application_edit": ("applied", own_application, "GET"),
    "posts:application_withdraw": ("applied", own_application, "POST"),
    **{
        name: route
        for kind, target in POST_KINDS.items()
        for name, route in {
            f"api:post_{kind}": (None, anyone, "GET"),
            f"api:post_{kind}_create": (None, KEEPERS, "POST"),
            f"api:post_{kind}_detail": (target, post_view, "GET"),
            f"api:post_{kind}_update": (target, post_change, "PATCH"),
            f"api:post_{kind}_end": (target, post_change, "POST"),
        }.items()
    },
    "api:post_check_ins": ("pairing", post_view, "GET"),
    "api:post_check_in_create": ("pairing", scoped(sees_post, records_check_in), "POST"),
    "api:post_challenges": (None, anyone, "GET"),
    "api:post_challenge": ("challenge", challenge_view, "GET"),
    "api:post_challenge_create": (None, KEEPERS, "POST"),
    "api:post_challenge_update": ("challenge", challenge_change, "PATCH"),
    "api:post_challenge_cancel": ("challenge", challenge_change, "POST"),
    "api:post_challenge_apply": ("challenge", scoped(sees_challenge, may_apply), "POST"),
    "api:post_application_update": ("applied", own_application, "PATCH"),
    "api:post_application_withdraw": ("applied", own_application, "DELETE"),
    # counts of an org (`?org=`, default the outermost the role sees): a role that sees none is answered 404
    "api:post_counts": (None, lambda role, t: True if role in VIEWERS else NOT_FOUND, "GET"),
}


# The bodies of the API writes: valid, so a refusal is the permission's, never the body's.
START = {"org": "BA", "name": "矩阵岗", "starts_on": "2025-03-01"}
API_BODIES = {
    "api:post_zones_create": {**START, "area": "1号槽"},
    "api:post_pioneers_create": {**START, "holder": "{person_e}"},
    "api:post_taskforces_create": {**START, "problem": "效应"},
    "api:post_pairings_create": {**START, "member": "{person_a}", "colleague": "{person_e}"},
    "api:post_challenge_create": {"org": "BA", "title": "矩阵攻关", "problem": "p", "deadline": "2099-01-01"},
    "api:post_challenge_update": {"title": "矩阵攻关"},
    "api:post_challenge_apply": {"plan": "矩阵方案"},
    "api:post_application_update": {"plan": "新方案"},
    "api:post_check_in_create": {"note": "矩阵谈心", "on": "2025-03-02"},
}


def send(client, name, url, method, target, world):
    body = API_BODIES.get(name, {"name": "矩阵"} if method == "PATCH" else {})
    people = {f"{{{key}}}": world[key].employee_no for key in ("person_a", "person_e")}
    body = {k: people.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    if name.startswith("api:") and method != "GET":
        return getattr(client, method.lower())(url, body, content_type="application/json")
    if method == "POST":
        return client.post(url, {})
    return client.get(url)


def extend(world, tmp_path) -> dict:
    from dangjian.core.services import SYSTEM
    from dangjian.posts import services
    from tests.factories import PersonFactory

    day = dt.date(2025, 3, 1)
    helped_b = PersonFactory(branch=world["branch_b"], name="新工")
    pairings = {
        "BA": services.post_save(
            actor=SYSTEM,
            kind="pairings",
            org=world["branch_a"],
            name="师带徒甲",
            starts_on=day,
            member=world["person_a"],
            colleague=world["person_e"],
        ),
        "BB": services.post_save(
            actor=SYSTEM,
            kind="pairings",
            org=world["branch_b"],
            name="发电结对王芳",
            starts_on=day,
            member=world["person_b"],
            colleague=helped_b,
        ),
    }
    extra = {
        "zones": {"area": "1号机组"},
        "pioneers": {"holder": "person"},
        "taskforces": {"problem": "机组效率"},
    }
    posts = {"pairing": pairings}
    for kind, fields in extra.items():
        posts[POST_KINDS[kind]] = {
            key: services.post_save(
                actor=SYSTEM,
                kind=kind,
                org=world[org],
                name=f"发电机组{kind}王芳" if key == "BB" else f"电解{kind}",
                starts_on=day,
                **{k: (world[person] if v == "person" else v) for k, v in fields.items()},
                **({"leader": world[person]} if kind == "zones" else {}),
            )
            for key, org, person in (("BA", "branch_a", "person_a"), ("BB", "branch_b", "person_b"))
        }
    challenges = {
        key: services.challenge_create(
            actor=SYSTEM, org=world[org], title=f"攻关{key}", problem="p", deadline=dt.date(2099, 1, 1)
        )
        for key, org in (("BA", "branch_a"), ("BB", "branch_b"))
    }
    applied = {
        key: services.challenge_create(
            actor=SYSTEM, org=world[org], title=f"已揭榜{key}", problem="p", deadline=dt.date(2099, 1, 1)
        )
        for key, org in (("BA", "branch_a"), ("BB", "branch_b"))
    }
    services.challenge_apply(actor=SYSTEM, challenge=applied["BA"], plan="方案", applicant=world["person_e"])
    services.challenge_apply(actor=SYSTEM, challenge=applied["BB"], plan="方案", applicant=world["person_b"])
    return {**world, "posts": posts, "pairings": pairings, "challenges": challenges, "applied": applied}


def url_for(name, kind, target, w):
    if kind is None:
        return reverse(name)
    if isinstance(kind, dict):
        return reverse(name, kwargs=kind)
    if kind in ("challenge", "applied"):
        pk = w["challenges" if kind == "challenge" else "applied"][target].pk
        return reverse(name, kwargs={"challenge_id": pk} if name.startswith("api:") else {"pk": pk})
    pk = w["posts"][kind][target].pk
    if name.startswith("api:"):
        return reverse(name, kwargs={"post_id": pk})
    if name == "posts:pairing":
        return reverse(name, kwargs={"pk": pk})
    plural = next(k for k, v in POST_KINDS.items() if v == kind)
    return reverse(name, kwargs={"kind": plural, "pk": pk})


def targets(role, kind):
    return ["BA", "BB"] if kind in (*POST_KINDS.values(), "challenge", "applied") else ["-"]


def state(world):
    from tests.matrix.footprint import AUDIT, count, rows, snapshot

    posts = [rows(model, "org", "name", "ends_on") for model in (ResponsibilityZone, PioneerPost, TaskForce, Pairing)]
    return snapshot(
        AUDIT,
        *posts,
        rows(ChallengeApplication, "plan", "team_name"),
        count(PairingCheckIn),
        rows(OpenChallenge, "status", "title"),
    )
