"""Recruitment ("recruitment"): 党群工作部 everything over its subtree (the higher committee's steps — filing,
pre-review, approval — are taken there); the secretary runs the branch's files and plan (pages, API, import); the
committee members, party-group leaders and company leaders read. A file holds personal data (birth date, political
review, votes on the person), so members, employees and team leaders see none."""

from dangjian.core.permissions import ADD, ALL, CHANGE, EXPORT, IMPORT, READ, VIEW, Role

GRANTS = {
    Role.PARTY_OFFICE: {"recruitment": ALL},
    Role.SECRETARY: {"recruitment": frozenset({VIEW, ADD, CHANGE, EXPORT, IMPORT})},
    Role.COMMITTEE_MEMBER: {"recruitment": READ},
    Role.GROUP_LEADER: {"recruitment": READ},
    Role.LEADER: {"recruitment": READ},
}
