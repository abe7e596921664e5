"""Who may read and keep the handbook ("procedure": the company's checklists, kept at the company's root org) and
the responsibility lists ("duty"). 党群工作部 keeps both over its subtree (the office at the root keeps the
procedures); a secretary keeps the branch's lists (pages, API, import) and reads the procedures; committee members,
group leaders and company leaders read; members read the procedures and their branch's lists (their own duties are
reported by themselves: services.duty_item_done). Ticking a checklist is recording the meeting ("meeting" change)."""

from dangjian.core.permissions import ADD, ALL, CHANGE, EXPORT, IMPORT, READ, VIEW, Role

GRANTS = {
    Role.PARTY_OFFICE: {"procedure": ALL, "duty": ALL},
    Role.SECRETARY: {"procedure": frozenset({VIEW}), "duty": frozenset({VIEW, ADD, CHANGE, EXPORT, IMPORT})},
    Role.COMMITTEE_MEMBER: {"procedure": frozenset({VIEW}), "duty": READ},
    Role.GROUP_LEADER: {"procedure": frozenset({VIEW}), "duty": frozenset({VIEW})},
    Role.LEADER: {"procedure": frozenset({VIEW}), "duty": READ},
    Role.MEMBER: {"procedure": frozenset({VIEW}), "duty": frozenset({VIEW})},
}
