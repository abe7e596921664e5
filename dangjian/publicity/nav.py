from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
NAV = [
    (820, "publicity:news", _("News"), "article", "view"),
    (825, "publicity:forums", _("Forums"), "forum", "view"),
]
