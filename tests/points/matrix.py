"""The points pages and endpoints in the permission matrix (see tests/test_permission_matrix.py for the shape).

Kinds: "entry" (an entry of person_a in BA, or of person_b in BB), "appeal" (an open appeal on such an entry),
"branch-year" (branch BA or BB, 2025)."""

from tests.test_permission_matrix import anyone, only

SEE_POINTS = ("party_office", "secretary", "committee_member", "group_leader", "leader")
DECIDE = ("party_office", "secretary")


def decide(role, target):
    """Approving and correcting: 党群工作部 over ROOT, the secretary in BA."""
    return role == "party_office" or (role == "secretary" and target == "BA")


def own_entry(role, target):
    return role == "member" and target == "BA"


def business_rules(role, target):
    return role in {
        "party_office",
        "secretary",
        "committee_member",
        "group_leader",
        "member",
        "employee",
        "team_leader",
        "panel_member",
        "leader",
    }


ROUTES = {
    "points:mine": (None, only("member", "employee"), "GET"),
    "points:claim": (None, only("party_office", "secretary", "member", "employee"), "GET"),
    "points:appeal": ("entry", own_entry, "GET"),
    "points:decide": ("entry", decide, "POST"),
    "points:reverse": ("entry", decide, "POST"),
    "points:appeal_decide": ("appeal", decide, "POST"),
    "points:queue": (None, only(*DECIDE), "GET"),
    "points:rules": (None, business_rules, "GET"),
    "points:rule_create": (None, only("party_office"), "GET"),
    # the company's rule (ROOT): only 党群工作部 changes the catalogue
    "points:rule_version": ("rule", only("party_office"), "GET"),
    "points:leaderboard": (None, only(*SEE_POINTS), "GET"),
    # a member sees the distribution (counts only) of their own branch and their own row
    "points:stars": (None, only(*SEE_POINTS, "member"), "GET"),
    "points:appraisal": (None, only(*DECIDE), "GET"),
    "points:branches": (None, only(*SEE_POINTS), "GET"),
    "points:branch_rate": ("branch-year", decide, "GET"),
    "points:gaming": (None, only("party_office"), "GET"),
    "api:points_entries": (None, anyone, "GET"),
    # writes with their own bodies: covered in tests/points/test_api.py
    "api:points_entry_create": (None, None, "POST-OPEN"),
    "api:points_entry_decide": ("entry", None, "POST-OPEN"),
    "api:points_leaderboard": (None, only(*SEE_POINTS), "GET"),
    "api:stars": (None, only(*SEE_POINTS, "member"), "GET"),
}
