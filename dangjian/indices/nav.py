from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
NAV = [
    (760, "indices:list", _("Indices"), "index", "list"),
    (765, "indices:mine", _("My member index"), "index", "self"),
    (770, "indices:weights", _("Index weights"), "index_weights", "list"),
]
