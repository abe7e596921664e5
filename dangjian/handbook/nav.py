from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
NAV = [
    (520, "handbook:procedures", _("Standard handbook"), "procedure", "view"),
    (530, "handbook:duties", _("Responsibility lists"), "duty", "view"),
]
