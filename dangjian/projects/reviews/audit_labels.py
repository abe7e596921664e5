"""How the audit page names what the reviews app writes beside its models' fields (core/audit_display.py): a monthly
review's row carries the actual values of its goals."""

from django.utils.translation import gettext_lazy as _

KEYS = {"reviews.projectreview": {"actuals": (_("actual values of the goals"), None)}}
