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
# Resources: org, unit, person, import (the import pages), account, role, token (API tokens), audit, settings (system);
# indicator (production indicators and their values; values and targets are bounded by the company and written only
# for the units the assignment's orgs cover, see dangjian/org/tenancy.py);
# project (党建+X projects, scoped by the owner org); panel (scoring as an acceptance panel member).
# Lifecycle moves that need a particular standing (approve as the superior org, rate as 党群工作部) are decided by
# the projects app's transition table on top of these grants.
GRANTS: dict[str, dict[str, frozenset[str]]] = {
    Role.PARTY_OFFICE: {"org": ALL, "unit": ALL, "person": ALL, "import": ALL, "indicator": ALL, "project": ALL},
    Role.SECRETARY: {
        "org": frozenset({VIEW, CHANGE, EXPORT}),
        "unit": READ,
        "person": frozenset({VIEW, ADD, CHANGE, IMPORT, EXPORT}),
        "import": frozenset({VIEW, ADD}),
        "indicator": READ | {ADD, CHANGE, IMPORT},
        "project": frozenset({VIEW, ADD, CHANGE, IMPORT, EXPORT}),
    },
    Role.COMMITTEE_MEMBER: {"org": READ, "unit": READ, "person": READ, "indicator": READ, "project": READ},
    Role.GROUP_LEADER: {"org": READ, "unit": READ, "person": READ, "indicator": READ, "project": READ},
    Role.TEAM_LEADER: {
        "org": READ,
        "unit": READ,
        "person": READ,
        "indicator": READ | {ADD, CHANGE, IMPORT},
        "project": READ,
    },
    Role.LEADER: {"org": READ, "unit": READ, "person": READ, "indicator": READ, "project": READ},
    Role.PANEL_MEMBER: {
        "org": frozenset({VIEW}),
        "unit": frozenset({VIEW}),
        "indicator": frozenset({VIEW}),
        "project": frozenset({VIEW}),
        "panel": frozenset({VIEW, CHANGE}),
    },
    Role.MEMBER: {
        "org": frozenset({VIEW}),
        "unit": frozenset({VIEW}),
        "person": frozenset({SELF}),
        "indicator": frozenset({VIEW}),
        "project": frozenset({VIEW}),
    },
    Role.EMPLOYEE: {
        "org": frozenset({VIEW}),
        "unit": frozenset({VIEW}),
        "person": frozenset({SELF}),
        "indicator": frozenset({VIEW}),
        "project": frozenset({VIEW}),
    },
    # A machine account for MES/ERP pushes: writes indicator values through the API, sees nothing else. It is held
    # over a company's root org, so its pushes stay inside that company.
    Role.INTEGRATION: {"indicator": frozenset({VIEW, ADD, CHANGE, IMPORT})},
    Role.SYSTEM_ADMIN: {"account": ALL, "settings": ALL},
    # Tokens are access: the security administrator lists and revokes them (never sees their secret).
    Role.SECURITY_ADMIN: {"role": ALL, "account": frozenset({VIEW}), "token": frozenset({VIEW, DELETE})},
    Role.AUDIT_ADMIN: {"audit": READ},
}


def _merge_capability_grants() -> None:
    """Capabilities keep their grants beside their code (core/capabilities.py); scoping still reads one table."""
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
