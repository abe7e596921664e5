"""What the audit administrator may not read of employees' concerns (core/audit_masking.py): who sent a concern and
what it says is the handler's business, not the auditor's; on an anonymous concern's rows, the actions its sender
took show neither actor nor address."""

from django.db.models import CharField, OuterRef
from django.db.models.functions import Cast

SENSITIVE_FIELDS = {
    "service.servicerequest": frozenset({"submitter", "submitter_id", "title", "description", "resolution"}),
}
SENSITIVE_COMMENTS = frozenset({"service.servicerequest"})
# The object text of a concern carries its subject, which can name its sender: only the number is shown and searched.
REFERENCE_ONLY = frozenset({"service.servicerequest"})

ANONYMOUS_LABEL = "service.servicerequest"


def anonymous_submitter():
    """The concern behind an audit row, if it is anonymous and the row's actor sent it (for an Exists())."""
    from dangjian.service.models import ServiceRequest

    # Compared as text (object_id is a string column): casting object_id to a number would fail on other rows.
    return (
        ServiceRequest._base_manager.annotate(pk_text=Cast("pk", output_field=CharField()))
        .filter(anonymous=True, pk_text=OuterRef("object_id"), submitter_id=OuterRef("actor__person_id"))
        .values("pk")
    )
