from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
NAV = [
    (450, "talent:index", _("Talent development"), "talent", "list"),
    (452, "talent:drills", _("Drills and lectures"), "drill", "list"),
    (454, "talent:mine", _("My training record"), "talent", "self"),
]
