"""Who reads the burden meter: 党群工作部 (its subtree; it may also recompute the month) and company leaders. The
figures are per org, role and form — never per person — so no one else needs them."""

from dangjian.core.permissions import CHANGE, READ, VIEW, Role

GRANTS = {
    Role.PARTY_OFFICE: {"burden": READ | {CHANGE}},
    Role.LEADER: {"burden": frozenset({VIEW})},
}
