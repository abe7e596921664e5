from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
NAV = [(800, "posts:registers", _("Demonstration posts"), "post", "view")]
