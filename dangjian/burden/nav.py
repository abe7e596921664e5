from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
NAV = [(880, "burden:meter", _("Burden meter"), "burden", "list")]
