from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
NAV = [
    (820, "dues:sheet", _("Party dues"), "dues", "list"),
    (825, "dues:mine", _("My dues"), "dues", "self"),
]
NAV.append((830, "dues:bases", _("Dues bases"), "dues_base", "list"))
