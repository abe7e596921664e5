"""The one-click action of a scoring sheet in the inbox (core/capabilities.py: `inbox.py`)."""

from django.utils.translation import gettext_lazy as _

from dangjian.projects.acceptance.notices import KIND

ACTIONS = {KIND: _("Go and score")}
