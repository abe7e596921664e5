"""The one-click actions of the projects' inbox items (core/capabilities.py: `inbox.py`)."""

from django.utils.translation import gettext_lazy as _

from dangjian.projects.projects.notices import APPROVE, RETURNED

ACTIONS = {APPROVE: _("Go and approve"), RETURNED: _("Go and revise")}
