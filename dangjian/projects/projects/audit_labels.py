"""How the audit page names what the projects app writes beside its models' fields (core/audit_display.py): a
lifecycle move records the step taken."""

from django.utils.translation import gettext_lazy as _

from dangjian.projects.projects.lifecycle import ACTIONS

KEYS = {"projects.project": {"action": (_("step"), ACTIONS)}}
