"""Who may do what with points and stars (merged into core.permissions.GRANTS).

- points: the ledger. 党群工作部 everything over its subtree; a secretary records and approves in the branch; leaders
  and committee members read; members see their own entries (and claim/appeal their own, which the services allow to
  the person themselves) — the branch's secretary, committee members and group leaders are members too, so they
  hold "self" as well (我的积分 in their menu). Points are for party members only (the ledger refuses anyone
  else), so a non-member employee (群众) holds no points grant: no "my points" for them.
- points_rule: the company catalogue, kept by 党群工作部, read by everyone in the company.
- stars: member stars, appraisal inputs and branch ratings; the secretary enters the branch's appraisal results.
- points_review: the gaming checks, for 党群工作部 only.
"""

from dangjian.core.permissions import ADD, ALL, CHANGE, EXPORT, IMPORT, READ, SELF, VIEW, Role

GRANTS = {
    Role.PARTY_OFFICE: {"points": ALL, "points_rule": ALL, "stars": ALL, "points_review": READ},
    Role.SECRETARY: {
        "points": frozenset({VIEW, ADD, CHANGE, EXPORT, SELF}),
        "points_rule": frozenset({VIEW}),
        "stars": frozenset({VIEW, CHANGE, IMPORT, EXPORT}),
    },
    Role.COMMITTEE_MEMBER: {"points": READ | {SELF}, "points_rule": frozenset({VIEW}), "stars": READ},
    Role.GROUP_LEADER: {"points": READ | {SELF}, "points_rule": frozenset({VIEW}), "stars": READ},
    Role.LEADER: {"points": READ, "points_rule": frozenset({VIEW}), "stars": READ},
    Role.TEAM_LEADER: {"points_rule": frozenset({VIEW})},
    Role.PANEL_MEMBER: {"points_rule": frozenset({VIEW})},
    Role.MEMBER: {"points": frozenset({SELF}), "points_rule": frozenset({VIEW}), "stars": frozenset({SELF})},
    Role.EMPLOYEE: {"points_rule": frozenset({VIEW})},
}
