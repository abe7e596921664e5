from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
NAV = [
    (840, "archive:index", _("Archive"), "archive", "list"),
    (845, "archive:categories", _("Archive categories"), "archive_category", "change"),
]
