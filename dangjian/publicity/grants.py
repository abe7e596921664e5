"""Publicity ("article"), its columns ("column") and the forums ("forum").

Everyone signed in within a company reads its published news and its forum sessions (models: the company-wide
view) and may draft an article for their org; the org's secretary and committee members edit and — the publicity
officer, or the secretary where there is none — review it (workflow.py); 党群工作部 keeps the columns, reviews
everything below it and runs forums; a secretary runs the forums their org hosts."""

from dangjian.core.permissions import ADD, ALL, CHANGE, EXPORT, IMPORT, READ, VIEW, Role

WRITER = {"article": frozenset({VIEW, ADD}), "column": frozenset({VIEW}), "forum": frozenset({VIEW})}

GRANTS = {
    Role.PARTY_OFFICE: {"article": ALL, "column": ALL, "forum": ALL},
    Role.SECRETARY: {
        "article": frozenset({VIEW, ADD, CHANGE, EXPORT}),
        "column": frozenset({VIEW}),
        "forum": frozenset({VIEW, ADD, CHANGE, EXPORT, IMPORT}),
    },
    Role.COMMITTEE_MEMBER: {
        "article": frozenset({VIEW, ADD, CHANGE, EXPORT}),
        "column": frozenset({VIEW}),
        "forum": READ,
    },
    Role.LEADER: {"article": READ, "column": frozenset({VIEW}), "forum": READ},
    Role.GROUP_LEADER: WRITER,
    Role.TEAM_LEADER: WRITER,
    Role.PANEL_MEMBER: WRITER,
    Role.MEMBER: WRITER,
    Role.EMPLOYEE: WRITER,
}
