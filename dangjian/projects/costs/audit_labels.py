"""How the audit page names what the costs app writes beside its models' fields (core/audit_display.py): a programme
item's row carries its measures and monthly targets."""

from django.utils.translation import gettext_lazy as _

KEYS = {
    "costs.programmeitem": {
        "measures": (_("measures"), None),
        "monthly_targets": (_("monthly targets"), None),
    }
}
