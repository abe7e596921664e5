"""Demonstration posts ("post"): 党群工作部 everything over its subtree; the secretary keeps the branch's registers
(on the pages, through the API and by import) and challenges; leaders and committee members read; members and
employees see the registers of their branch (who holds which post is meant to be seen) and the challenges posted
above them, and apply to those."""

from dangjian.core.permissions import ADD, ALL, CHANGE, EXPORT, IMPORT, READ, VIEW, Role

GRANTS = {
    Role.PARTY_OFFICE: {"post": ALL},
    Role.SECRETARY: {"post": frozenset({VIEW, ADD, CHANGE, EXPORT, IMPORT})},
    Role.COMMITTEE_MEMBER: {"post": READ},
    Role.GROUP_LEADER: {"post": READ},
    Role.TEAM_LEADER: {"post": READ},
    Role.LEADER: {"post": READ},
    Role.MEMBER: {"post": frozenset({VIEW})},
    Role.EMPLOYEE: {"post": frozenset({VIEW})},
}
