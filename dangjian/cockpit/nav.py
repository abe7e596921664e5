from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py. First in the menu: it is where a leader starts.
NAV = [
    (6, "cockpit:page", _("Cockpit"), "cockpit", "list"),
    (7, "cockpit:map", _("Colour map"), "cockpit_map", "list"),
]
