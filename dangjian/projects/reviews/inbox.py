"""The one-click action of a review reminder in the inbox (core/capabilities.py: `inbox.py`)."""

from django.utils.translation import gettext_lazy as _

from dangjian.projects.reviews.services import REMINDER_KIND

ACTIONS = {REMINDER_KIND: _("Go and write it")}
