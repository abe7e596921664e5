"""Demonstration-post routes in the permission matrix and their world (the root matrix's world plus pairings and
challenges). Kinds: "pairing" and "challenge" (one in BA, one in BB). Out of the role's subtree is 404; a visible post
without the right, 403; without the posts grant at all, 403."""

import datetime as dt

from django.urls import reverse

from dangjian.core.models import AuditLog
from dangjian.posts.models import ChallengeApplication, OpenChallenge, PairingCheckIn
from tests.matrix.policy import NOT_FOUND, only, org_visible, roles_in, scoped

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


post_view = scoped(sees_post)
challenge_view = scoped(sees_challenge)
challenge_change = scoped(sees_challenge, roles_in("party_office", "secretary"))

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
    # counts of an org (`?org=`, default the outermost the role sees): a role that sees none is answered 404
    "api:post_counts": (None, lambda role, t: True if role in VIEWERS else NOT_FOUND, "GET"),
}


def build(tmp_path):
    from dangjian.core.services import SYSTEM
    from dangjian.posts import services
    from tests.factories import PersonFactory
    from tests.matrix.world import build_world

    world = build_world(tmp_path)
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
    services.post_save(
        actor=SYSTEM,
        kind="zones",
        org=world["branch_b"],
        name="发电机组责任区王芳",
        starts_on=day,
        area="1号机组",
        leader=world["person_b"],
    )
    challenges = {
        key: services.challenge_create(
            actor=SYSTEM, org=world[org], title=f"攻关{key}", problem="p", deadline=dt.date(2099, 1, 1)
        )
        for key, org in (("BA", "branch_a"), ("BB", "branch_b"))
    }
    return {**world, "pairings": pairings, "challenges": challenges}


def url_for(name, kind, target, w):
    if kind is None:
        return reverse(name)
    if isinstance(kind, dict):
        return reverse(name, kwargs=kind)
    objects = w["pairings"] if kind == "pairing" else w["challenges"]
    return reverse(name, kwargs={"pk": objects[target].pk})


def targets(role, kind):
    return ["BA", "BB"] if kind in ("pairing", "challenge") else ["-"]


def state(world):
    return (
        AuditLog.objects.exclude(action__in=["login", "export"]).count(),
        ChallengeApplication.objects.count(),
        PairingCheckIn.objects.count(),
        tuple(OpenChallenge.objects.order_by("pk").values_list("status", flat=True)),
    )
