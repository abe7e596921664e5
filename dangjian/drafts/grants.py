"""Who reads the drafts from data: those who write or receive a branch's annual report — 党群工作部, the branch's
secretary and committee members, company leaders. A draft only states what its reader may see anyway."""

from dangjian.core.permissions import READ, Role

GRANTS = {
    Role.PARTY_OFFICE: {"drafts": READ},
    Role.SECRETARY: {"drafts": READ},
    Role.COMMITTEE_MEMBER: {"drafts": READ},
    Role.LEADER: {"drafts": READ},
}
