"""Helpers the org API endpoints share: turning request payloads into service arguments."""

from enum import Enum

from django.utils.translation import gettext as _

from dangjian.core.errors import InvalidInput


def plain(data: dict) -> dict:
    """Enum members from the schema as their plain values, which is what the models store."""
    return {name: value.value if isinstance(value, Enum) else value for name, value in data.items()}


def changed_fields(payload, *, required: tuple[str, ...] = (), blank_as_empty: tuple[str, ...] = ()) -> dict:
    """The fields a PATCH actually sent. A null for a field that must have a value is refused; for a text field that
    may be blank it means empty."""
    data = plain(payload.model_dump(exclude_unset=True))
    refused = sorted(name for name in required if name in data and data[name] is None)
    if refused:
        raise InvalidInput(
            _("Some fields cannot be emptied."), errors={name: [_("This field cannot be empty.")] for name in refused}
        )
    for name in blank_as_empty:
        if name in data and data[name] is None:
            data[name] = ""
    return data
