from django.utils.translation import gettext_lazy as _

NAV = [
    ("meetings:list", _("Organisational life"), "meeting", "view"),
    ("meetings:matrix", _("Meeting compliance"), "meeting", "view"),
]
