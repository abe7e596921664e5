"""Template context shared by every page: the navigation the user may see."""

from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import can_anywhere

# (url name, label, resource, action) — an entry shows when the user holds that grant anywhere.
NAV = [
    ("home", _("Home"), None, None),
    ("org:setup", _("Set-up centre"), "org", "add"),
    ("org:tree", _("Organisations"), "org", "view"),
    ("org:people", _("People"), "person", "view"),
    ("org:units", _("Production units"), "unit", "view"),
    ("indicators:catalogue", _("Indicators"), "indicator", "view"),
    ("projects:list", _("Projects"), "project", "view"),
    ("boards:home", _("Boards"), "project", "view"),
    ("boards:compilations", _("Annual compilation"), "project", "export"),
    ("acceptance:list", _("Acceptance"), "project", "view"),
    ("costs:list", _("Cost reduction"), "project", "view"),
    ("core:imports", _("Imports"), "import", "view"),
    ("accounts:list", _("Accounts"), "account", "view"),
    ("accounts:roles", _("Roles"), "role", "view"),
    ("core:tasks", _("Background tasks"), "settings", "view"),
    ("accounts:tokens", _("API tokens"), "token", "view"),
    ("core:audit", _("Audit log"), "audit", "view"),
]


def _nav() -> list:
    """The shell's entries, then each capability's (core/capabilities.py), before the system pages."""
    from dangjian.core.capabilities import capability_modules

    system = [entry for entry in NAV if entry[2] in {"import", "account", "role", "token", "audit", "settings"}]
    business = [entry for entry in NAV if entry not in system]
    for module in capability_modules("nav"):
        business.extend(module.NAV)
    return business + system


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    items = [(name, label) for name, label, res, act in _nav() if res is None or can_anywhere(user, res, act)]
    return {"nav": items}
