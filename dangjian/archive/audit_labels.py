"""How the audit page names what the archive writes beside its models' fields (core/audit_display.py): one row per
filing run of an org's year, with how many records were filed, updated and skipped."""

from django.utils.translation import gettext_lazy as _

KEYS = {
    "archive.item": {
        "year": (_("year"), None),
        "filed": (_("records filed"), None),
        "updated": (_("records updated"), None),
        "skipped": (_("records skipped"), None),
    },
}
