"""Grants of the assessment capability: "assessment" (templates, periods, sheets, production scores) and "keytask"
(the key-task list), mirroring the project policy — 党群工作部 everything over its subtree, the secretary runs its
branch (self-assesses, closes its tasks; as the superior org's secretary it reviews the branches below), leaders and
committee members read, members and employees see their branch's results and tasks, the system roles nothing."""

from dangjian.core.permissions import ADD, ALL, CHANGE, EXPORT, IMPORT, READ, VIEW, Role

GRANTS = {
    Role.PARTY_OFFICE: {"assessment": ALL, "keytask": ALL},
    Role.SECRETARY: {
        "assessment": frozenset({VIEW, CHANGE, EXPORT}),
        "keytask": frozenset({VIEW, ADD, CHANGE, IMPORT, EXPORT}),
    },
    Role.COMMITTEE_MEMBER: {"assessment": READ, "keytask": READ},
    Role.GROUP_LEADER: {"assessment": frozenset({VIEW}), "keytask": frozenset({VIEW})},
    Role.TEAM_LEADER: {"assessment": frozenset({VIEW}), "keytask": frozenset({VIEW})},
    Role.LEADER: {"assessment": READ, "keytask": READ},
    Role.MEMBER: {"assessment": frozenset({VIEW}), "keytask": frozenset({VIEW})},
    Role.EMPLOYEE: {"keytask": frozenset({VIEW})},
}
