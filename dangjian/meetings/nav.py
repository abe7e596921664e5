from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
NAV = [
    (500, "meetings:list", _("Organisational life"), "meeting", "view"),
    (510, "meetings:matrix", _("Meeting compliance"), "meeting", "view"),
]
