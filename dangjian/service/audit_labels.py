"""How the audit page names what the service app writes beside its models' fields (core/audit_display.py): each step
of a request records the step taken, a new request how many files came with it."""

from django.utils.translation import gettext_lazy as _

from dangjian.service.lifecycle import STEP_LABELS

KEYS = {
    "service.servicerequest": {
        "action": (_("step"), STEP_LABELS),
        "attachments": (_("attachments"), None),  # how many files came with it
    }
}
