"""Grants on the org app's resources (merged into core.permissions.GRANTS, see core/capabilities.py): "org" (party
organisations), "unit" (production units) and "person" (people and their party status; {SELF} reaches only the
user's own record).

The roll of people is the party organisation's record of party status and the dates of each recruitment step: it is
read by those who run or oversee the party organisations (党群工作部, secretaries, committee members, party-group
leaders, company leaders). A team leader (班组长) is a production role: they see their own record, never the
party-development dates of the people of their branch; members and employees likewise see only their own."""

from dangjian.core.permissions import ADD, ALL, CHANGE, EXPORT, IMPORT, READ, SELF, VIEW, Role

VIEW_ONLY = frozenset({VIEW})

GRANTS = {
    Role.PARTY_OFFICE: {"org": ALL, "unit": ALL, "person": ALL},
    Role.SECRETARY: {
        "org": frozenset({VIEW, CHANGE, EXPORT}),
        "unit": READ,
        "person": frozenset({VIEW, ADD, CHANGE, IMPORT, EXPORT}),
    },
    Role.COMMITTEE_MEMBER: {"org": READ, "unit": READ, "person": READ},
    Role.GROUP_LEADER: {"org": READ, "unit": READ, "person": READ},
    Role.TEAM_LEADER: {"org": READ, "unit": READ, "person": frozenset({SELF})},
    Role.LEADER: {"org": READ, "unit": READ, "person": READ},
    Role.PANEL_MEMBER: {"org": VIEW_ONLY, "unit": VIEW_ONLY},
    Role.MEMBER: {"org": VIEW_ONLY, "unit": VIEW_ONLY, "person": frozenset({SELF})},
    Role.EMPLOYEE: {"org": VIEW_ONLY, "unit": VIEW_ONLY, "person": frozenset({SELF})},
}
