"""Who may do what with party dues.

- dues: the monthly sheets, payments, reasons for arrears, reconciliations and the collection up the tree. 党群工作部
  everything over its subtree; the secretary collects, notes reasons and closes the branch's month; committee
  members and leaders read; a party member sees their own payments (我的党费).
- dues_base: the bases (党费基数) from payroll. 党群工作部 imports, enters and recalculates them in July; the secretary
  and leaders read; a member sees their own; the payroll system (the MES/ERP-style integration account) pushes them.
"""

from dangjian.core.permissions import ADD, ALL, CHANGE, EXPORT, READ, SELF, VIEW, Role

GRANTS = {
    Role.PARTY_OFFICE: {"dues": ALL, "dues_base": ALL},
    Role.SECRETARY: {"dues": frozenset({VIEW, ADD, CHANGE, EXPORT, SELF}), "dues_base": frozenset({VIEW, SELF})},
    Role.COMMITTEE_MEMBER: {"dues": READ | {SELF}, "dues_base": frozenset({SELF})},
    Role.GROUP_LEADER: {"dues": frozenset({SELF}), "dues_base": frozenset({SELF})},
    Role.LEADER: {"dues": READ, "dues_base": frozenset({VIEW})},
    Role.MEMBER: {"dues": frozenset({SELF}), "dues_base": frozenset({SELF})},
    Role.INTEGRATION: {"dues_base": frozenset({ADD, CHANGE})},
}

# What an API token of scope "push" may call (core/api/auth.py): the payroll system's push of a member's base.
PUSH_ENDPOINTS = frozenset({("POST", "/dues/bases")})
