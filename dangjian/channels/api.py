"""The channels in the API (/api/v1/channels): the delivery log (党群工作部 over its subtree, the system administrator
everywhere; another's row 404), one's own channel preferences, and the accounts' message addresses (the system
administrator's; a change by anyone else is 403, an unknown account 404). As the other API lists do, a list answers
everyone with what they may see — nothing, without the grant."""

import datetime as dt
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict

from dangjian.channels import selectors, services
from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination
from dangjian.core.errors import NotPermitted

router = Router(tags=["channels"])
ChannelName = Literal["email", "wecom", "dingtalk", "sms"]
StateName = Literal["pending", "sent", "failed", "skipped"]
ModeName = Literal["immediate", "digest", "off"]


class ChannelDeliveryOut(Schema):
    id: int
    notification: int = Field(description="The notification's id.")
    kind: str = Field(description="The notification's kind, e.g. meetings.due.")
    recipient: str = Field(description="The recipient's account (username).")
    channel: str = Field(description="email, wecom, dingtalk or sms.")
    mode: str = Field(description="immediate or digest.")
    state: str = Field(description="pending, sent, failed or skipped.")
    attempts: int
    next_try_at: dt.datetime | None
    last_error: str
    created_at: dt.datetime
    sent_at: dt.datetime | None

    @staticmethod
    def resolve_notification(obj) -> int:
        return obj.notification_id

    @staticmethod
    def resolve_kind(obj) -> str:
        return obj.notification.kind

    @staticmethod
    def resolve_recipient(obj) -> str:
        return obj.recipient.username


class ChannelPreferenceOut(Schema):
    channel: str
    mode: str = Field(description="immediate, digest or off.")
    reachable: bool = Field(description="Whether you have an address there and the channel is set up.")


class ChannelPreferencesIn(Schema):
    model_config = ConfigDict(extra="forbid")
    email: ModeName | None = None
    wecom: ModeName | None = None
    dingtalk: ModeName | None = None
    sms: ModeName | None = None


@router.get(
    "/channels/deliveries",
    response={200: list[ChannelDeliveryOut], **LIST_ERRORS},
    summary="List deliveries (the delivery log)",
    url_name="channel_delivery_list",
)
@paginate(Pagination)
def delivery_list(request, channel: ChannelName | None = None, state: StateName | None = None):
    """Messages sent (or waiting, failed, skipped) outside the app, newest first, for the accounts in your scope."""
    return selectors.delivery_list(user=request.auth_user, channel=channel or "", state=state or "")


@router.get(
    "/channels/deliveries/{delivery_id}",
    response={200: ChannelDeliveryOut, **READ_ERRORS},
    summary="Read a delivery",
    url_name="channel_delivery",
)
def delivery_detail(request, delivery_id: int):
    return selectors.delivery_get(user=request.auth_user, pk=delivery_id)


def _own(user) -> list[dict]:
    return [
        {"channel": row["channel"], "mode": row["mode"], "reachable": row["reachable"]}
        for row in selectors.own_channels(user=user)
    ]


@router.get(
    "/channels/preferences",
    response={200: list[ChannelPreferenceOut], **READ_ERRORS},
    summary="Read my channel preferences",
    url_name="channel_preferences",
)
def preferences(request):
    return _own(request.auth_user)


@router.put(
    "/channels/preferences",
    response={200: list[ChannelPreferenceOut], **WRITE_ERRORS},
    summary="Choose my channel preferences",
    url_name="channel_preferences_set",
)
def preferences_set(request, payload: ChannelPreferencesIn):
    """How each external channel reaches you: immediate, digest (one message a day) or off; channels left out keep
    their choice."""
    modes = {name: mode for name, mode in payload.model_dump().items() if mode is not None}
    services.preferences_set(actor=request.auth_user, modes=modes)
    return _own(request.auth_user)


def _address(account, channel: str) -> str:
    return next((a.address for a in account.channel_addresses.all() if a.channel == channel), "")


class ChannelAddressesOut(Schema):
    account: int = Field(description="The account's id.")
    username: str
    wecom: str
    dingtalk: str
    sms: str

    @staticmethod
    def resolve_account(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_wecom(obj) -> str:
        return _address(obj, "wecom")

    @staticmethod
    def resolve_dingtalk(obj) -> str:
        return _address(obj, "dingtalk")

    @staticmethod
    def resolve_sms(obj) -> str:
        return _address(obj, "sms")


class ChannelAddressesIn(Schema):
    model_config = ConfigDict(extra="forbid")
    wecom: str | None = Field(None, max_length=64, description="WeCom userid; empty removes it, absent keeps it.")
    dingtalk: str | None = Field(None, max_length=64, description="DingTalk userid; empty removes it.")
    sms: str | None = Field(None, max_length=20, description="Mobile number; empty removes it.")


def _require_addresses(user) -> None:
    if not selectors.may_keep_addresses(user):
        raise NotPermitted(_("You do not have permission to do this."))


@router.get(
    "/channels/addresses",
    response={200: list[ChannelAddressesOut], **LIST_ERRORS},
    summary="List accounts' message addresses",
    url_name="channel_address_list",
)
@paginate(Pagination)
def address_list(request, q: str = ""):
    """Accounts (matching `q` on username, name or employee number) with their WeCom, DingTalk and SMS addresses."""
    return selectors.address_accounts(user=request.auth_user, q=q[:50])


@router.put(
    "/channels/addresses/{account_id}",
    response={200: ChannelAddressesOut, **WRITE_ERRORS},
    summary="Set an account's message addresses",
    url_name="channel_addresses_set",
)
def addresses_set(request, account_id: int, payload: ChannelAddressesIn):
    """Set the addresses given (an empty one is removed; one left out is kept). All are checked before any is saved."""
    _require_addresses(request.auth_user)
    account = selectors.address_account(user=request.auth_user, pk=account_id)
    given = {name: value for name, value in payload.model_dump().items() if value is not None}
    services.addresses_set(actor=request.auth_user, account=account, addresses=given)
    return selectors.address_account(user=request.auth_user, pk=account_id)
