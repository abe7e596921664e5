from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
NAV = [
    (840, "talent:index", _("Talent development"), "talent", "list"),
    (842, "talent:drills", _("Drills and lectures"), "drill", "list"),
    (844, "talent:mine", _("My training record"), "talent", "self"),
]
