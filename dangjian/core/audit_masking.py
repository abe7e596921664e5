"""What the audit administrator may not read in the audit log, decided here only (三员分立: the auditor sees who did
what to which object, not the business data itself). The pages and the export both go through `mask()`, and the
selector's text and actor filters through `actor_hidden()` and SENSITIVE_COMMENTS, so a search cannot find a row by
what the page would hide.

- SENSITIVE_FIELDS: per model (audit label), the fields whose values are masked in the listed changes
  (`masked_changes`). The key still shows, so "phone changed" stays visible; the numbers do not.
- SENSITIVE_COMMENTS: models whose audit comment is free text about a person (a party status note, a concern's
  step) — masked whole and never searched.
- Anonymous concerns: on the rows of an anonymous employee request, an action taken by its submitter (sending it,
  rating, reopening) shows neither the actor nor the client address. The row itself keeps them (append-only, and
  older rows already hold them); only what the auditor reads is masked.

`mask()` changes attributes of the fetched instances for display; they are never saved. The views list a row's
changes only through `masked_changes`, never from before/after directly.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import BooleanField, CharField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

PERSON_FIELDS = frozenset(
    {
        "phone",
        "birth_date",
        "gender",
        "education",
        "id_number",
        "address",
        # Political status is personal data: the status and the dates of every step on the way to membership.
        "party_status",
        "applied_on",
        "activist_on",
        "candidate_on",
        "probationary_on",
        "full_member_on",
    }
)

SENSITIVE_FIELDS: dict[str, frozenset[str]] = {
    "org.person": PERSON_FIELDS,
    "org.statuschange": frozenset({"from_status", "to_status", "on", "note"}),
    "accounts.user": frozenset({"email", "first_name", "last_name"}),
    "meetings.attendance": frozenset({"reason"}),
    # A meeting's row carries its attendance as {person id: "status:reason"}; an absence reason can be medical.
    "meetings.meeting": frozenset({"attendance"}),
    # Who sent a concern and what it says: the handler's business, not the auditor's.
    "service.servicerequest": frozenset({"submitter", "submitter_id", "title", "description", "resolution"}),
}
SENSITIVE_COMMENTS = frozenset({"org.person", "service.servicerequest"})
# Models whose object text carries more than the object's reference: only its first word (the number people quote,
# S2026-00042) is shown and searched — a concern's subject can name its sender.
REFERENCE_ONLY = frozenset({"service.servicerequest"})

ANONYMOUS_LABEL = "service.servicerequest"


def masked_text() -> str:
    return _("(masked)")


def masked_changes(label: str, items: list[tuple[str, object, object]]) -> list[tuple[str, object, object]]:
    """(field, before, after) with the values of sensitive fields masked. Masked after the comparison, so that a
    change still shows as a change: "phone: (masked) → (masked)"."""
    fields = SENSITIVE_FIELDS.get(label)
    if not fields:
        return items

    def hide(key, value):
        return masked_text() if key in fields and value not in (None, "") else value

    return [(key, hide(key, old), hide(key, new)) for key, old, new in items]


def actor_hidden():
    """A boolean expression for AuditLog querysets: True on rows whose actor is the anonymous submitter."""
    if not apps.is_installed("dangjian.service"):
        return Value(False, output_field=BooleanField())
    request_model = apps.get_model("service", "ServiceRequest")
    # Compared as text (object_id is a string column): casting object_id to a number would fail on other rows.
    by_submitter = (
        request_model._base_manager.annotate(pk_text=Cast("pk", output_field=CharField()))
        .filter(anonymous=True, pk_text=OuterRef("object_id"), submitter_id=OuterRef("actor__person_id"))
        .values("pk")
    )
    return ExpressionWrapper(Q(object_type=ANONYMOUS_LABEL) & Exists(by_submitter), output_field=BooleanField())


def text_q(text: str) -> Q:
    """The audit page's text search: the object, its id and the comment — never what the page masks."""
    q = (
        (Q(object_repr__icontains=text) & ~Q(object_type__in=REFERENCE_ONLY))
        | Q(object_id=text)
        | (Q(comment__icontains=text) & ~Q(object_type__in=SENSITIVE_COMMENTS))
    )
    if " " not in text:
        # A prefix without a space stays inside the reference (its first word), never reaching the subject.
        q |= Q(object_type__in=REFERENCE_ONLY, object_repr__istartswith=text)
    return q


def mask(row):
    """Mask the actor, address and comment of one fetched AuditLog row for display or export (needs the
    `actor_hidden` annotation from the selector; without it the anonymous rule applies as if hidden, never as if
    shown). Before/after values go through `masked_changes` when the changes are listed."""
    label = row.object_type
    if label in REFERENCE_ONLY:
        row.object_repr = row.object_repr.split(" ", 1)[0]
    if label in SENSITIVE_COMMENTS and row.comment:
        row.comment = masked_text()
    hidden = getattr(row, "actor_hidden", label == ANONYMOUS_LABEL)
    if hidden:
        row.actor_name = _("Anonymous submitter")
        row.actor_id = None
        row.client_address = None
    row.masked = True
    return row
