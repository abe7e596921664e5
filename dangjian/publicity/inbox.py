"""The one-click actions of the publicity inbox items (core/capabilities.py: `inbox.py`)."""

from django.utils.translation import gettext_lazy as _

from dangjian.publicity.notices import RETURNED, REVIEW

ACTIONS = {REVIEW: _("Go and review"), RETURNED: _("Go and revise")}
