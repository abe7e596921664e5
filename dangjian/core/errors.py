"""Domain errors. Services raise these; views and the API map them to messages and HTTP codes in one place."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: `message` is a sentence the user can act on, already translated."""

    status = 400

    def __init__(self, message: str, *, errors: dict | list | None = None):
        super().__init__(message)
        self.message = str(message)
        self.errors = errors or {}


class InvalidInput(DomainError):
    status = 400


class NotPermitted(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


def from_validation_error(exc) -> InvalidInput:
    """Turn a Django ValidationError into InvalidInput with per-field messages."""
    from django.utils.translation import gettext as _

    if hasattr(exc, "message_dict"):
        errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        first = next(iter(errors.values()))[0] if errors else _("The input is not valid.")
        return InvalidInput(first, errors=errors)
    messages = [str(m) for m in exc.messages]
    return InvalidInput(messages[0] if messages else _("The input is not valid."), errors={"__all__": messages})
