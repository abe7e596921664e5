from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
NAV = [
    (100, "org:tree", _("Organisations"), "org", "view"),
    (110, "org:people", _("People"), "person", "view"),
    (120, "org:units", _("Production units"), "unit", "view"),
]
