"""Who may do what with the explainable indices.

- index: the computed values. 党群工作部 reads its subtree, exports and recomputes; leaders read and export their
  subtree; a secretary reads the branch's index and its members'; every member reads their own member index (self).
- index_weights: the weights per index and year, versioned. 党群工作部 sets (on the page, by the API or
  importing a weights sheet) and retires versions; leaders read them.
"""

from dangjian.core.permissions import ADD, CHANGE, DELETE, EXPORT, IMPORT, SELF, VIEW, Role

GRANTS = {
    Role.PARTY_OFFICE: {
        "index": frozenset({VIEW, CHANGE, EXPORT}),
        "index_weights": frozenset({VIEW, ADD, DELETE, IMPORT}),
    },
    Role.LEADER: {"index": frozenset({VIEW, EXPORT}), "index_weights": frozenset({VIEW})},
    Role.SECRETARY: {"index": frozenset({VIEW, EXPORT, SELF})},
    Role.COMMITTEE_MEMBER: {"index": frozenset({SELF})},
    Role.GROUP_LEADER: {"index": frozenset({SELF})},
    Role.MEMBER: {"index": frozenset({SELF})},
}
