"""The one-click action of a meeting reminder in the inbox (core/capabilities.py: `inbox.py`)."""

from django.utils.translation import gettext_lazy as _

from dangjian.meetings.services.reminders import KIND

ACTIONS = {KIND: _("Go and record it")}
