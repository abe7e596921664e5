from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
NAV = [
    (100, "org:tree", _("Organisations"), "org", "view"),
    # the roll, for those who see other people; one's own record is on the home page ("list": SELF does not count)
    (110, "org:people", _("People"), "person", "list"),
    (120, "org:units", _("Production units"), "unit", "view"),
]
