"""How the audit page names what the points app writes beside its models' fields (core/audit_display.py): who rated
a branch, and the criteria a branch star template lists."""

from django.utils.translation import gettext_lazy as _

KEYS = {
    "points.branchrating": {"rated_by_id": (_("rated by"), None)},
    "points.branchtemplate": {"criteria": (_("criteria"), None)},
}
