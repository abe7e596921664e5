"""Grants of the cost-reduction capability (merged into core.permissions.GRANTS, see core/capabilities.py): "cost" is
reading the programmes (降本增效) and their monthly results, which are production figures — for the roles that also
read the indicators they are judged from: 党群工作部, secretaries, committee members, party-group leaders, team
leaders, company leaders, acceptance panels and party members. A non-member employee (群众) reads none of it.

Running a programme (create, change, export for performance pay) follows the org's projects: the services and pages
check the "project" grant at the owner org (costs/models.py), on top of seeing the programme."""

from dangjian.core.permissions import VIEW, Role

READ_ONLY = frozenset({VIEW})

GRANTS = {
    role: {"cost": READ_ONLY}
    for role in (
        Role.PARTY_OFFICE,
        Role.SECRETARY,
        Role.COMMITTEE_MEMBER,
        Role.GROUP_LEADER,
        Role.TEAM_LEADER,
        Role.LEADER,
        Role.PANEL_MEMBER,
        Role.MEMBER,
    )
}
