"""Talent development ("talent": competency models, pools, ratings, criteria, plans, contest results) and drills
("drill"): 党群工作部 everything over its subtree; the secretary keeps the branch's (pages, API, import); a team leader
records the drills and lectures of their team and reads the talent lists; committee members, party-group leaders and
leaders read; members and employees read their own record (plans, drills, ratings, contests)."""

from dangjian.core.permissions import ADD, ALL, CHANGE, EXPORT, IMPORT, READ, SELF, VIEW, Role

KEEP = frozenset({VIEW, ADD, CHANGE, EXPORT, IMPORT})

GRANTS = {
    Role.PARTY_OFFICE: {"talent": ALL, "drill": ALL},
    Role.SECRETARY: {"talent": KEEP, "drill": KEEP},
    Role.COMMITTEE_MEMBER: {"talent": READ, "drill": READ},
    Role.GROUP_LEADER: {"talent": READ, "drill": READ},
    Role.TEAM_LEADER: {"talent": frozenset({VIEW}), "drill": KEEP},
    Role.LEADER: {"talent": READ, "drill": READ},
    Role.MEMBER: {"talent": frozenset({SELF}), "drill": frozenset({SELF})},
    Role.EMPLOYEE: {"talent": frozenset({SELF}), "drill": frozenset({SELF})},
}
