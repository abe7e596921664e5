"""Writes of the channels app: an account's message addresses (the system administrator, who keeps accounts) and
one's own channel preferences (every signed-in user). Each is one transaction: permission, validation with
per-field messages, save, audit row. Delivery rows are the system's bookkeeping (routing.py)."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from dangjian.channels.models import ADDRESSED, EXTERNAL, ChannelAddress, ChannelPreference
from dangjian.core import audit
from dangjian.core.errors import InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.services import is_system, require_global, save_audited

MOBILE = re.compile(r"^(\+86)?1[3-9]\d{9}$")
USERID = re.compile(r"^[A-Za-z0-9_.@\-]{1,64}$")


def clean_address(channel: str, address: str) -> str:
    """The address as stored, or InvalidInput naming the field: a mainland mobile number for SMS, a userid (letters,
    digits, _ . @ -) for WeCom and DingTalk."""
    address = (address or "").strip().replace(" ", "")
    if channel not in ADDRESSED:
        raise InvalidInput(_("Choose WeCom, DingTalk or SMS."), errors={"channel": [_("Unknown channel.")]})
    if channel == "sms" and not MOBILE.match(address):
        raise InvalidInput(
            _("“%(value)s” is not a mobile number (11 digits starting with 1).") % {"value": address[:20]},
            errors={channel: [_("Enter an 11-digit mobile number.")]},
        )
    if channel != "sms" and not USERID.match(address):
        raise InvalidInput(
            _("“%(value)s” is not a userid (letters, digits, _ . @ -, at most 64).") % {"value": address[:20]},
            errors={channel: [_("Enter the userid as the administrator console shows it.")]},
        )
    return address


@transaction.atomic
def address_set(*, actor, account, channel: str, address: str) -> ChannelAddress | None:
    """Set (or, with an empty address, remove) where `account` is reached on `channel`. Returns the address row, or
    None when removed."""
    require_global(actor, "channel_address", "change")
    found = ChannelAddress.objects.select_for_update().filter(account=account, channel=channel).first()
    if not (address or "").strip():
        if found is not None:
            require_global(actor, "channel_address", "delete")
            audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=found, before=audit.snapshot(found))
            found.delete()
        return None
    address = clean_address(channel, address)
    if found is None:
        row = ChannelAddress(account=account, channel=channel, address=address)
        return save_audited(row, actor=actor, conflict=_("This account's address was just set by someone else."))
    if found.address == address:
        return found
    before = audit.snapshot(found)
    found.address = address
    return save_audited(found, actor=actor, before=before)


@transaction.atomic
def addresses_set(*, actor, account, addresses: dict[str, str]) -> None:
    """Set all of an account's addresses at once (the address page): every field is checked before any is saved,
    so a wrong mobile number leaves the WeCom userid typed beside it unsaved too."""
    require_global(actor, "channel_address", "change")
    errors = {}
    for channel, address in addresses.items():
        if (address or "").strip():
            try:
                clean_address(channel, address)
            except InvalidInput as exc:
                errors.update(exc.errors)
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)
    for channel, address in addresses.items():
        address_set(actor=actor, account=account, channel=channel, address=address)


@transaction.atomic
def preferences_set(*, actor, modes: dict[str, str]) -> list[ChannelPreference]:
    """The actor's own choice, per external channel, of how notifications reach them (at once, daily digest, off).
    Only the channels named change; each change is audited."""
    if is_system(actor) or not getattr(actor, "is_authenticated", False):
        raise NotPermitted(_("Only a signed-in user chooses their own channels."))
    errors = {
        name: [_("Choose at once, daily digest or not at all.")]
        for name, mode in modes.items()
        if name not in EXTERNAL or mode not in ChannelPreference.Mode.values
    }
    if errors:
        raise InvalidInput(_("Choose how each channel reaches you."), errors=errors)
    existing = {p.channel: p for p in ChannelPreference.objects.select_for_update().filter(account=actor)}
    saved = []
    for name, mode in modes.items():
        row = existing.get(name)
        if row is None:
            row = save_audited(ChannelPreference(account=actor, channel=name, mode=mode), actor=actor)
        elif row.mode != mode:
            before = audit.snapshot(row)
            row.mode = mode
            row = save_audited(row, actor=actor, before=before)
        saved.append(row)
    return saved
