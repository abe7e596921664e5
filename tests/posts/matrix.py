"""Demonstration-post routes in the permission matrix. Kinds: "pairing" and "challenge" (one in BA, one in BB)."""

from tests.test_permission_matrix import only, org_visible

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


def post_view(role, target):
    return role in VIEWERS and org_visible(role, target)


def challenge_view(role, target):
    """A challenge is visible in its org's subtree and to everyone below it (the GA group leader sees BA's)."""
    return post_view(role, target) or (role == "group_leader" and target == "BA")


def post_change(role, target):
    return role in ("party_office", "secretary") and org_visible(role, target)


def may_apply(role, target):
    """Applying needs a person on the roll: the member and employee logins, to BA's challenge."""
    return role in ("member", "employee") and target == "BA"


ROUTES = {
    "posts:registers": (None, only(*VIEWERS), "GET"),
    "posts:register": ({"kind": "zones"}, only(*VIEWERS), "GET"),
    "posts:create": ({"kind": "taskforces"}, only("party_office", "secretary"), "GET"),
    "posts:holders": (None, only(*VIEWERS), "GET"),
    "posts:pairing": ("pairing", post_view, "GET"),
    "posts:challenges": (None, only(*VIEWERS), "GET"),
    "posts:challenge_create": (None, only("party_office", "secretary"), "GET"),
    "posts:challenge": ("challenge", challenge_view, "GET"),
    "posts:challenge_apply": ("challenge", may_apply, "POST"),
    "posts:challenge_appoint": ("challenge", post_change, "POST"),
    "posts:challenge_accept": ("challenge", post_change, "POST"),
    "api:post_counts": (None, only(*VIEWERS), "GET"),
}
