from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
# System pages (900 and up), interleaved with core's own.
NAV = [
    (910, "accounts:list", _("Accounts"), "account", "view"),
    (920, "accounts:roles", _("Roles"), "role", "view"),
    (940, "accounts:tokens", _("API tokens"), "token", "view"),
]
