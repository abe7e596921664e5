from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
NAV = [(820, "transfers:list", _("Transfers"), "transfer", "view")]
