"""Reads of the channels app. The delivery log is scoped (`Delivery.objects.restrict`): 党群工作部 reads the rows of
the accounts that belong in its subtree, the system administrator every row; another's row is NotFound. Addresses
are administration data: only the holder of the global "channel_address" grant reads them. Preferences are one's own."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet
from django.utils.translation import gettext as _

from dangjian.accounts.models import User
from dangjian.accounts.selectors import account_list
from dangjian.channels.models import EXTERNAL, Channel, ChannelAddress, ChannelPreference, Delivery
from dangjian.core.errors import NotFound
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import scope_for


def may_keep_addresses(user, action: str = VIEW) -> bool:
    return scope_for(user, "channel_address", action).everywhere


def delivery_list(*, user, channel: str = "", state: str = "") -> QuerySet[Delivery]:
    """The delivery rows the user may read, newest first, with their notification's kind and the recipient."""
    qs = Delivery.objects.restrict(user, VIEW).select_related("recipient", "recipient__person", "notification")
    if channel:
        qs = qs.filter(channel=channel)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at", "-id")


def delivery_get(*, user, pk: int) -> Delivery:
    found = delivery_list(user=user).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("There is no such delivery, or it is not yours to see."))
    return found


def address_accounts(*, user, q: str = "") -> QuerySet[User]:
    """Accounts (matching `q` on username, name or employee number) with their message addresses, for the system
    administrator; nothing for anyone else."""
    if not may_keep_addresses(user):
        return User.objects.none()
    return account_list(user=user, q=q).prefetch_related(
        Prefetch("channel_addresses", queryset=ChannelAddress.objects.order_by("channel"))
    )


def address_account(*, user, pk: int) -> User:
    """One account whose addresses the system administrator edits; NotFound if there is none."""
    found = address_accounts(user=user).filter(pk=pk).first() if may_keep_addresses(user) else None
    if found is None:
        raise NotFound(_("There is no such account."))
    return found


def accounts_by_employee_no(*, user) -> QuerySet[User]:
    """Accounts with the employee number of their person as `employee_no`, for the address import."""
    if not may_keep_addresses(user, "import"):
        return User.objects.none()
    return User.objects.filter(person__isnull=False).annotate(employee_no=F("person__employee_no"))


def own_channels(*, user) -> list[dict]:
    """For the preferences page: each external channel with the user's mode and whether (and where, masked) the
    user can be reached on it."""
    from dangjian.channels.routing import addresses, channels

    modes = dict(ChannelPreference.objects.filter(account_id=user.pk).values_list("channel", "mode"))
    found = addresses(user)
    available = channels()
    rows = []
    for name in EXTERNAL:
        rows.append(
            {
                "channel": name,
                "label": Channel(name).label,
                "mode": modes.get(name, ChannelPreference.Mode.IMMEDIATE),
                "address": mask(name, found.get(name, "")),
                "reachable": name in found and available[name].configured(),
            }
        )
    return rows


def mask(channel: str, address: str) -> str:
    """138****5678 for a mobile number; an e-mail's name cut to its first letter; a userid as it is (it is shown only
    to its owner)."""
    if not address:
        return ""
    if channel == "sms":
        return f"{address[:3]}****{address[-4:]}" if len(address) >= 7 else "*" * len(address)
    if channel == "email" and "@" in address:
        name, _at, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"
    return address
