"""Who may do what: one table of roles → resources → actions. Scope (which orgs) comes from role assignments.

Business roles are assigned over an org subtree. The three system roles (三员分立) are global and see no business data:
the system administrator manages accounts and settings, the security administrator manages roles and assignments, and
the audit administrator only reads the audit log.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

VIEW, ADD, CHANGE, DELETE, IMPORT, EXPORT = "view", "add", "change", "delete", "import", "export"
ALL = frozenset({VIEW, ADD, CHANGE, DELETE, IMPORT, EXPORT})
READ = frozenset({VIEW, EXPORT})
# A grant on "self" reaches only the user's own record (resource models define `self_q`).
SELF = "self"


class Role:
    PARTY_OFFICE = "party_office"
    SECRETARY = "secretary"
    COMMITTEE_MEMBER = "committee_member"
    GROUP_LEADER = "group_leader"
    MEMBER = "member"
    EMPLOYEE = "employee"
    TEAM_LEADER = "team_leader"
    PANEL_MEMBER = "panel_member"
    LEADER = "leader"
    INTEGRATION = "integration"
    SYSTEM_ADMIN = "system_admin"
    SECURITY_ADMIN = "security_admin"
    AUDIT_ADMIN = "audit_admin"


ROLE_CHOICES = [
    (Role.PARTY_OFFICE, _("Party office (党群工作部)")),
    (Role.SECRETARY, _("Secretary")),
    (Role.COMMITTEE_MEMBER, _("Committee member")),
    (Role.GROUP_LEADER, _("Party group leader")),
    (Role.MEMBER, _("Party member")),
    (Role.EMPLOYEE, _("Employee")),
    (Role.TEAM_LEADER, _("Team leader")),
    (Role.PANEL_MEMBER, _("Acceptance panel member")),
    (Role.LEADER, _("Company leader (read-only)")),
    (Role.INTEGRATION, _("Data integration (MES/ERP)")),
    (Role.SYSTEM_ADMIN, _("System administrator")),
    (Role.SECURITY_ADMIN, _("Security administrator")),
    (Role.AUDIT_ADMIN, _("Audit administrator")),
]
ROLE_LABELS = dict(ROLE_CHOICES)
# Roles that see no business pages: the three administrators (三员) and the MES/ERP machine account.
SYSTEM_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.INTEGRATION})
# Roles held over the whole system (no org): only the three administrators, who see no business data. Every other
# role, the MES/ERP account included, is held over an org and so bounded by its company (dangjian/org/tenancy.py).
GLOBAL_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})

# role -> resource -> actions granted over the assignment's org subtree ({SELF} = own record only).
# Core owns only its own resources: import (the import pages), settings (the system), audit. Every other resource
# belongs to the app that defines it and is granted in that app's `grants.py` (core/capabilities.py): org, unit and
# person in org; account, role and token (API tokens) in accounts; indicator in indicators; project in projects;
# panel (scoring as an acceptance panel member) in acceptance; and so on. Lifecycle moves that need a particular
# standing (approve as the superior org, rate as 党群工作部) are decided by the projects app's transition table on top
# of these grants.
GRANTS: dict[str, dict[str, frozenset[str]]] = {role: {} for role, _label in ROLE_CHOICES}
GRANTS[Role.PARTY_OFFICE]["import"] = ALL
GRANTS[Role.SECRETARY]["import"] = frozenset({VIEW, ADD})
GRANTS[Role.SYSTEM_ADMIN]["settings"] = ALL
GRANTS[Role.AUDIT_ADMIN]["audit"] = READ


def _merge_capability_grants() -> None:
    """Apps keep their grants beside their code (core/capabilities.py); scoping still reads one table."""
    from django.core.exceptions import ImproperlyConfigured

    from dangjian.core.capabilities import capability_modules

    for module in capability_modules("grants"):
        for role, resources in module.GRANTS.items():
            granted = GRANTS.setdefault(role, {})
            for resource, actions in resources.items():
                if resource in granted:
                    raise ImproperlyConfigured(f"{module.__name__}: {role} already has grants on {resource!r}")
                granted[resource] = frozenset(actions)


_merge_capability_grants()


def role_grants(role: str, resource: str, action: str) -> bool:
    return action in GRANTS.get(role, {}).get(resource, frozenset())
