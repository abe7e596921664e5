from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
NAV = [
    (310, "boards:home", _("Boards"), "project", "view"),
    (320, "boards:compilations", _("Annual compilation"), "project", "export"),
]
