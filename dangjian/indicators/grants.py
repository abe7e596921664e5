"""Grants on "indicator" (production indicators and their values), merged into core.permissions.GRANTS (see
core/capabilities.py). Values and targets are bounded by the company and written only for the units the assignment's
orgs cover (dangjian/org/tenancy.py).

Who reads them: those who plan, enter or judge production figures — 党群工作部, secretaries, committee members,
party-group leaders, team leaders (who enter their units' values), company leaders, acceptance panels and party members
(whose projects set goals against them). A non-member employee (群众) has no indicator to enter or judge: the numbers
reach them through their projects' boards, not the catalogue."""

from dangjian.core.permissions import ADD, ALL, CHANGE, IMPORT, READ, VIEW, Role

GRANTS = {
    Role.PARTY_OFFICE: {"indicator": ALL},
    Role.SECRETARY: {"indicator": READ | {ADD, CHANGE, IMPORT}},
    Role.COMMITTEE_MEMBER: {"indicator": READ},
    Role.GROUP_LEADER: {"indicator": READ},
    Role.TEAM_LEADER: {"indicator": READ | {ADD, CHANGE, IMPORT}},
    Role.LEADER: {"indicator": READ},
    Role.PANEL_MEMBER: {"indicator": frozenset({VIEW})},
    Role.MEMBER: {"indicator": frozenset({VIEW})},
    # A machine account for MES/ERP pushes: writes indicator values through the API, sees nothing else. It is held
    # over a company's root org, so its pushes stay inside that company.
    Role.INTEGRATION: {"indicator": frozenset({VIEW, ADD, CHANGE, IMPORT})},
}

# What an API token of scope "push" may call (core/api/auth.py): the MES/ERP push of indicator values.
PUSH_ENDPOINTS = frozenset({("POST", "/indicators/values")})
