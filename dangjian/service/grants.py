"""Who may do what with employees' requests, merged into core.permissions.GRANTS.

- service_request (scoped by the handling org): 党群工作部 manages every request of its subtree; a secretary handles
  its branch's; company leaders and committee members read; every business role sends its own requests (SELF: the
  submitter reaches their own however anonymous). Handlers assigned to a request reach it through the workflow's
  HANDLER standing (lifecycle.py), whatever their role. The system roles (三员) and the MES/ERP account see nothing.
- service_settings: the deadlines per category and the holiday calendar (also by import), 党群工作部 only.
"""

from dangjian.core.permissions import ALL, CHANGE, EXPORT, IMPORT, SELF, VIEW, Role

GRANTS = {
    Role.PARTY_OFFICE: {"service_request": ALL | {SELF}, "service_settings": frozenset({VIEW, CHANGE, IMPORT})},
    Role.SECRETARY: {"service_request": frozenset({VIEW, CHANGE, EXPORT, SELF})},
    Role.LEADER: {"service_request": frozenset({VIEW, EXPORT, SELF})},
    Role.COMMITTEE_MEMBER: {"service_request": frozenset({VIEW, SELF})},
    Role.GROUP_LEADER: {"service_request": frozenset({SELF})},
    Role.TEAM_LEADER: {"service_request": frozenset({SELF})},
    Role.PANEL_MEMBER: {"service_request": frozenset({SELF})},
    Role.MEMBER: {"service_request": frozenset({SELF})},
    Role.EMPLOYEE: {"service_request": frozenset({SELF})},
}
