"""Grants on "project" (党建+X projects, scoped by the owner org), merged into core.permissions.GRANTS (see
core/capabilities.py). The boards, acceptance, costs, reviews and effects pages read and write projects under the same
grant. Lifecycle moves that need a particular standing are decided by the transition table (projects/lifecycle.py)."""

from dangjian.core.permissions import ADD, ALL, CHANGE, EXPORT, IMPORT, READ, VIEW, Role

GRANTS = {
    Role.PARTY_OFFICE: {"project": ALL},
    Role.SECRETARY: {"project": frozenset({VIEW, ADD, CHANGE, IMPORT, EXPORT})},
    Role.COMMITTEE_MEMBER: {"project": READ},
    Role.GROUP_LEADER: {"project": READ},
    Role.TEAM_LEADER: {"project": READ},
    Role.LEADER: {"project": READ},
    Role.PANEL_MEMBER: {"project": frozenset({VIEW})},
    Role.MEMBER: {"project": frozenset({VIEW})},
    Role.EMPLOYEE: {"project": frozenset({VIEW})},
}
