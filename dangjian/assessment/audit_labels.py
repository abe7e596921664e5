"""How the audit page names what the assessment app writes beside its models' fields (core/audit_display.py): who
closed a key task or reviewed a sheet, and how many sheets a period opened."""

from django.utils.translation import gettext_lazy as _

KEYS = {
    "assessment.keytask": {"closed_by_id": (_("closed by"), None)},
    "assessment.sheet": {"reviewed_by_id": (_("reviewed by"), None)},
    "assessment.period": {"sheets": (_("sheets opened"), None)},
}
