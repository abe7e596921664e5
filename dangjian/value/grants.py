"""Grants on "value" (team value accounting, 卓越行动). Reading is company-wide for the business roles that run,
oversee or judge the teams' accounting (the ranking board also hangs on the shop floor); a non-member employee's
account has nothing to enter or decide there, so it holds no grant and its menu does not offer the page. Entering
and correcting a team's day is for the team leader and the secretary over the responsible org, everything (prices,
locks, winners) for the party office (its catalogue under "value_catalogue"); the MES/ERP account pushes records."""

from dangjian.core.permissions import ADD, ALL, CHANGE, EXPORT, IMPORT, READ, VIEW, Role

GRANTS = {
    # The catalogue (items, prices, peer groups, enrolment, winners) is the party office's alone: the MES/ERP
    # account writes records over the whole company, but sets nothing up.
    Role.PARTY_OFFICE: {"value": ALL, "value_catalogue": ALL},
    Role.SECRETARY: {"value": frozenset({VIEW, ADD, CHANGE, IMPORT, EXPORT})},
    Role.TEAM_LEADER: {"value": frozenset({VIEW, ADD, CHANGE, IMPORT, EXPORT})},
    Role.COMMITTEE_MEMBER: {"value": READ},
    Role.GROUP_LEADER: {"value": READ},
    Role.LEADER: {"value": READ},
    Role.PANEL_MEMBER: {"value": frozenset({VIEW})},
    Role.MEMBER: {"value": frozenset({VIEW})},
    Role.INTEGRATION: {"value": frozenset({VIEW, ADD, CHANGE})},
}

# What an API token of scope "push" may call (core/api/auth.py): the MES/ERP push of team-day records,
# one at a time or in batches.
PUSH_ENDPOINTS = frozenset({("POST", "/value/records"), ("POST", "/value/records/batch")})
