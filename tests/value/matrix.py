"""The value routes in the permission matrix's shape: name → (kind, rule, method). Kinds: None, or "unit"/"record"
(target "in": a team of the company whose orgs the roles hold; "out": a team of another company)."""

from tests.test_permission_matrix import BUSINESS


def sees(role, target):
    """Value accounting is read company-wide by every business role and by the MES/ERP account of the company, never
    across companies."""
    return (role in BUSINESS or role == "integration") and target in ("-", "in")


def exports(role, target):
    return role in {"party_office", "secretary", "committee_member", "group_leader", "team_leader", "leader"}


def enters(role, target):
    """Entering a day: the team leader and secretary over the responsible org (BA), the party office, the MES/ERP
    account."""
    return role in {"party_office", "secretary", "team_leader", "integration"}


def locks(role, target):
    """Locking a peer group's day needs the change grant over the group's org (the company committee)."""
    return role in {"party_office", "integration"}


def anyone(role, target):
    return True


ROUTES = {
    "value:overview": (None, sees, "GET"),
    "value:board": (None, sees, "GET"),
    "value:board_rows": (None, sees, "GET"),
    "value:board_export": (None, exports, "GET"),
    "value:lock": (None, locks, "POST"),
    "value:entry": (None, enters, "GET"),
    "value:record": ("record", sees, "GET"),
    "value:team": ("unit", sees, "GET"),
    "value:monthly": (None, sees, "GET"),
    "value:monthly_export": (None, exports, "GET"),
    # an empty body: 400 for a writer, 403 for anyone else, and nothing written
    "api:record_push": (None, enters, "POST"),
    # a ranking holds only the groups the caller may see (leak test in test_matrix.py)
    "api:ranking_list": (None, anyone, "GET"),
}
