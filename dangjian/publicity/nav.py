from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
NAV = [
    (410, "publicity:news", _("News"), "article", "view"),
    (415, "publicity:forums", _("Forums"), "forum", "view"),
]
