"""The one-click actions of the employees' concerns in the inbox (core/capabilities.py: `inbox.py`)."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "service.submitted": _("Go and accept"),
    "service.accepted": _("Go and handle"),
    "service.reopened": _("Go and handle"),
    "service.escalated": _("Go and follow up"),
    "service.resolved": _("Go and rate"),
}
