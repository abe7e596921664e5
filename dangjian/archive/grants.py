"""Who may do what with the archive (党建资料档案).

- archive: the items of an org's archive, its box labels, the year's zip and the catalogue export. 党群工作部 files,
  uploads, edits and retires over its subtree; a branch's secretary reads the branch's archive and uploads what comes
  from outside; committee members and company leaders read.
- archive_category: the company's categories and their retention periods, set by 党群工作部; read by whoever reads
  the archive.
"""

from dangjian.core.permissions import ADD, ALL, EXPORT, READ, VIEW, Role

GRANTS = {
    Role.PARTY_OFFICE: {"archive": ALL, "archive_category": ALL},
    Role.SECRETARY: {"archive": frozenset({VIEW, ADD, EXPORT}), "archive_category": frozenset({VIEW})},
    Role.COMMITTEE_MEMBER: {"archive": READ, "archive_category": frozenset({VIEW})},
    Role.LEADER: {"archive": READ, "archive_category": frozenset({VIEW})},
}
