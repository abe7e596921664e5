from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
# System pages (900 and up), interleaved with the accounts app's.
NAV = [
    (5, "core:notifications", _("Notifications"), None, None),  # everyone signed in: their own reminders and notices
    (900, "core:imports", _("Imports"), "import", "view"),
    (930, "core:tasks", _("Background tasks"), "settings", "view"),
    (950, "core:audit", _("Audit log"), "audit", "view"),
]
