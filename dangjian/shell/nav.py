from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py: the home page, for everyone signed in, and
# the set-up centre (基础设置) for the party office: the last business entry, before the system pages.
NAV = [
    (0, "home", _("Home"), None, None),
    (890, "setup", _("Set-up centre"), "org", "add"),
]
