"""Grants on transfers and floating members ("transfer"): 党群工作部 everything over its subtree (and approves); the
branch secretary requests transfers out of the branch, registers those coming in, confirms arrivals and keeps the
floating members; committee members and company leaders read. Approval itself needs a standing above the branch
(services.may_approve), not only this grant."""

from dangjian.core.permissions import ADD, ALL, CHANGE, EXPORT, IMPORT, READ, VIEW, Role

GRANTS = {
    Role.PARTY_OFFICE: {"transfer": ALL},
    Role.SECRETARY: {"transfer": frozenset({VIEW, ADD, CHANGE, EXPORT, IMPORT})},
    Role.COMMITTEE_MEMBER: {"transfer": READ},
    Role.LEADER: {"transfer": READ},
}
