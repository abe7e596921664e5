"""Grants on the org app's resources (merged into core.permissions.GRANTS, see core/capabilities.py): "org" (party
organisations), "unit" (production units) and "person" (people and their party status; {SELF} reaches only the
user's own record)."""

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
    Role.TEAM_LEADER: {"org": READ, "unit": READ, "person": READ},
    Role.LEADER: {"org": READ, "unit": READ, "person": READ},
    Role.PANEL_MEMBER: {"org": VIEW_ONLY, "unit": VIEW_ONLY},
    Role.MEMBER: {"org": VIEW_ONLY, "unit": VIEW_ONLY, "person": frozenset({SELF})},
    Role.EMPLOYEE: {"org": VIEW_ONLY, "unit": VIEW_ONLY, "person": frozenset({SELF})},
}
