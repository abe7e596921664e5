from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
NAV = [(250, "value:overview", _("Team value"), "value", "view")]
