"""Who may see and record organisational life ("meeting": meetings, their attendance, actions, attachments, the
compliance of the orgs in scope). 党群工作部 does everything over its subtree; a secretary records its branch's
meetings; a party-group leader its group's; committee members and company leaders read; members read the meetings
of their own branch (they attend them). Employees, panels, the MES/ERP account and the 三员 see none of it."""

from dangjian.core.permissions import ADD, ALL, CHANGE, EXPORT, READ, VIEW, Role

GRANTS = {
    Role.PARTY_OFFICE: {"meeting": ALL},
    Role.SECRETARY: {"meeting": frozenset({VIEW, ADD, CHANGE, EXPORT})},
    Role.GROUP_LEADER: {"meeting": frozenset({VIEW, ADD, CHANGE, EXPORT})},
    Role.COMMITTEE_MEMBER: {"meeting": READ},
    Role.LEADER: {"meeting": READ},
    Role.MEMBER: {"meeting": frozenset({VIEW})},
}
