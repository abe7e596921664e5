"""Grants of the acceptance capability, merged into core.permissions.GRANTS (see core/capabilities.py):

- "acceptance": reading the year-end acceptance (验收评比) — the panels over an org and their results. The panels sit
  over a company, so they are read by those who run or oversee its party work and projects: 党群工作部 (who sets them
  up, through its own standing), secretaries and committee members, company leaders and the panel members. Members,
  employees and team leaders read their projects' results on the project pages, not here.
- "panel": scoring as an acceptance panel member.
"""

from dangjian.core.permissions import CHANGE, VIEW, Role

READ_ONLY = frozenset({VIEW})

GRANTS = {
    Role.PARTY_OFFICE: {"acceptance": READ_ONLY},
    Role.SECRETARY: {"acceptance": READ_ONLY},
    Role.COMMITTEE_MEMBER: {"acceptance": READ_ONLY},
    Role.LEADER: {"acceptance": READ_ONLY},
    Role.PANEL_MEMBER: {"acceptance": READ_ONLY, "panel": frozenset({VIEW, CHANGE})},
}
