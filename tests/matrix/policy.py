"""The policy of the permission matrix, restated on its own terms (who may see and do what), not read from
core/permissions.py, so a change to the role table or a view that forgets to scope shows up as a failing cell.

A rule is `rule(role, target) -> outcome`: True (allowed: 200 for a read; 200/201/302/400/409 for a write, which the
lifecycle may still refuse on its own terms), False (the object is visible but the role lacks the right: exactly 403)
or NOT_FOUND (the object is outside the role's scope: exactly 404); 400 where the object is named in the body.
`target` names the object the URL points at. The one rule (docs/architecture.md, "403 or 404"): a page without an
object answers 403 to a role without its grant (`only`); an object is looked up in scope first (`scoped`: a role that
does not see it gets 404 whatever its grants), then the right (403).
"""

from __future__ import annotations

NOT_FOUND = 404

BUSINESS = [
    "party_office",
    "secretary",
    "committee_member",
    "group_leader",
    "member",
    "employee",
    "team_leader",
    "panel_member",
    "leader",
]
SYSTEM = ["system_admin", "security_admin", "audit_admin", "integration"]
ROLES = BUSINESS + SYSTEM + ["anonymous"]
SIGNED_IN = [r for r in ROLES if r != "anonymous"]
# Where each business role is assigned (the org whose subtree it covers).
HOME_ORG = {
    "party_office": "ROOT",
    "secretary": "BA",
    "committee_member": "BA",
    "group_leader": "GA",
    "member": "BA",
    "employee": "BA",
    "team_leader": "BA",
    "panel_member": "ROOT",
    "leader": "ROOT",
}
# The roll of people (party status and the dates of each recruitment step) is read by those who run or oversee the
# party organisations; a team leader is a production role and, like members and employees, sees only their own record.
SEES_PEOPLE = {"party_office", "secretary", "committee_member", "group_leader", "leader"}
SELF_ONLY = {"member", "employee", "team_leader"}
# Roles that may take projects, indicator series and the annual compilation out of the system (the export grants).
EXPORTERS = {"party_office", "secretary", "committee_member", "group_leader", "team_leader", "leader"}
# Production figures (indicators, cost programmes, team value): every business role but the non-member employee.
READS_PRODUCTION = set(BUSINESS) - {"employee"}
# The year-end acceptance pages (验收评比): those who run or oversee the party work and projects, and the panels.
READS_ACCEPTANCE = {"party_office", "secretary", "committee_member", "leader", "panel_member"}
SUBTREE = {"ROOT": {"ROOT", "BA", "BB", "GA"}, "BA": {"BA", "GA"}, "GA": {"GA"}}


def org_visible(role: str, org: str) -> bool:
    """Orgs: every business role sees its own subtree (ROOT ⊃ BA ⊃ GA, ROOT ⊃ BB)."""
    home = HOME_ORG.get(role)
    return home is not None and org in SUBTREE[home]


def person_visible(role: str, who: str) -> bool:
    """People: person_a is in BA and party group GA; person_b in BB; person_e (the employee login) in BA. The
    self-only roles see their own record: the member is person_a, the employee person_e, the team leader nobody."""
    where = {"person_a": {"BA", "GA"}, "person_b": {"BB"}, "person_e": {"BA"}}[who]
    if role in SELF_ONLY:
        return (role, who) in {("member", "person_a"), ("employee", "person_e")}
    return role in SEES_PEOPLE and any(org_visible(role, org) for org in where)


def person_changeable(role: str, who: str) -> bool:
    return role in {"party_office", "secretary"} and person_visible(role, who)


# Rule builders.
def anyone(role, target):
    return True


def business(role, target):
    return role in BUSINESS


def only(*roles):
    """A page or list without an object: the roles named may use it, everyone else gets 403."""
    return lambda role, target: role in roles


def scoped(visible, may=None):
    """An object route: NOT_FOUND (404) where `visible(role, target)` is false; otherwise allowed where `may` (default:
    everyone who sees it) holds, else 403."""

    def rule(role, target):
        if not visible(role, target):
            return NOT_FOUND
        return True if may is None else bool(may(role, target))

    return rule


def roles_in(*roles):
    return lambda role, target: role in roles


def org_view(role, target):
    return True if org_visible(role, target) else NOT_FOUND


org_change = scoped(org_visible, roles_in("party_office", "secretary"))
person_view = scoped(person_visible)
person_change = scoped(person_visible, roles_in("party_office", "secretary"))


def project_visible(role, target):
    """Projects: every business role sees the projects of its subtree (target = the owner org, BA or BB)."""
    return role in BUSINESS and org_visible(role, target)


project_view = scoped(project_visible)
project_change = scoped(project_visible, roles_in("party_office", "secretary"))
