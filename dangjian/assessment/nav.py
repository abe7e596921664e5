from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
NAV = [
    (850, "assessment:index", _("Branch assessment"), "assessment", "view"),
    (860, "assessment:keytasks", _("Key tasks"), "keytask", "view"),
]
