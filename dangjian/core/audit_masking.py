"""What the audit administrator may not read in the audit log, decided here only (三员分立: the auditor sees who did
what to which object, not the business data itself). The pages and the export both go through `mask()`, and the
selector's text and actor filters through `actor_hidden()` and SENSITIVE_COMMENTS, so a search cannot find a row by
what the page would hide. Which models and fields are sensitive is said by each app in its `privacy.py`
(core/capabilities.py); the rules are applied here only.

- SENSITIVE_FIELDS: per model (audit label), the fields whose values are masked in the listed changes
  (`masked_changes`). The key still shows, so "phone changed" stays visible; the numbers do not.
- SENSITIVE_COMMENTS: models whose audit comment is free text about a person (a party status note, a concern's
  step) — masked whole and never searched.
- REFERENCE_ONLY: models whose object text carries more than the object's reference: only its first word (the number
  people quote, S2026-00042) is shown and searched — a concern's subject can name its sender.
- Anonymous concerns: on the rows of an anonymous employee request, an action taken by its submitter (sending it,
  rating, reopening) shows neither the actor nor the client address. The row itself keeps them (append-only, and
  older rows already hold them); only what the auditor reads is masked.

`mask()` changes attributes of the fetched instances for display; they are never saved. The views list a row's
changes only through `masked_changes`, never from before/after directly.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, Q, Value
from django.utils.translation import gettext as _

from dangjian.core.capabilities import capability_modules


@dataclass(frozen=True)
class Rules:
    """What the auditor may not read, merged from every app's `privacy.py` (core/capabilities.py)."""

    sensitive_fields: dict[str, frozenset[str]]
    sensitive_comments: frozenset[str]
    reference_only: frozenset[str]
    # audit label -> a function giving the Exists() subquery that tells a row acted by the anonymous sender
    anonymous: dict[str, Callable]


@functools.cache
def rules() -> Rules:
    fields: dict[str, frozenset[str]] = {}
    comments: set[str] = set()
    reference: set[str] = set()
    anonymous: dict[str, Callable] = {}
    for module in capability_modules("privacy"):
        fields.update(getattr(module, "SENSITIVE_FIELDS", {}))
        comments |= set(getattr(module, "SENSITIVE_COMMENTS", ()))
        reference |= set(getattr(module, "REFERENCE_ONLY", ()))
        if hasattr(module, "ANONYMOUS_LABEL"):
            anonymous[module.ANONYMOUS_LABEL] = module.anonymous_submitter
    return Rules(fields, frozenset(comments), frozenset(reference), anonymous)


def __getattr__(name: str):
    # SENSITIVE_FIELDS, SENSITIVE_COMMENTS, REFERENCE_ONLY: read from the apps on first use (the registry needs the
    # apps' modules, which may not be importable while core is).
    if name in {"SENSITIVE_FIELDS", "SENSITIVE_COMMENTS", "REFERENCE_ONLY"}:
        return getattr(rules(), name.lower())
    raise AttributeError(name)


def masked_text() -> str:
    return _("(masked)")


def masked_changes(label: str, items: list[tuple[str, object, object]]) -> list[tuple[str, object, object]]:
    """(field, before, after) with the values of sensitive fields masked. Masked after the comparison, so that a
    change still shows as a change: "phone: (masked) → (masked)"."""
    fields = rules().sensitive_fields.get(label)
    if not fields:
        return items

    def hide(key, value):
        return masked_text() if key in fields and value not in (None, "") else value

    return [(key, hide(key, old), hide(key, new)) for key, old, new in items]


def actor_hidden():
    """A boolean expression for AuditLog querysets: True on rows whose actor is the anonymous submitter."""
    anonymous = rules().anonymous
    if not anonymous:
        return Value(False, output_field=BooleanField())
    # `by_submitter()`: the app's row behind the audit row if it is anonymous and the row's actor sent it, as a
    # queryset over OuterRef("object_id") and OuterRef("actor__person_id").
    parts = [Q(object_type=label) & Exists(by_submitter()) for label, by_submitter in anonymous.items()]
    return ExpressionWrapper(functools.reduce(operator.or_, parts), output_field=BooleanField())


def text_q(text: str) -> Q:
    """The audit page's text search: the object, its id and the comment — never what the page masks."""
    masking = rules()
    q = (
        (Q(object_repr__icontains=text) & ~Q(object_type__in=masking.reference_only))
        | Q(object_id=text)
        | (Q(comment__icontains=text) & ~Q(object_type__in=masking.sensitive_comments))
    )
    if " " not in text:
        # A prefix without a space stays inside the reference (its first word), never reaching the subject.
        q |= Q(object_type__in=masking.reference_only, object_repr__istartswith=text)
    return q


def mask(row):
    """Mask the actor, address and comment of one fetched AuditLog row for display or export (needs the
    `actor_hidden` annotation from the selector; without it the anonymous rule applies as if hidden, never as if
    shown). Before/after values go through `masked_changes` when the changes are listed."""
    label, masking = row.object_type, rules()
    if label in masking.reference_only:
        row.object_repr = row.object_repr.split(" ", 1)[0]
    if label in masking.sensitive_comments and row.comment:
        row.comment = masked_text()
    hidden = getattr(row, "actor_hidden", label in masking.anonymous)
    if hidden:
        row.actor_name = _("Anonymous submitter")
        row.actor_id = None
        row.client_address = None
    row.masked = True
    return row
