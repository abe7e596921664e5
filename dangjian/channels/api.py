"""The channels in the API (/api/v1/channels): the delivery log (党群工作部 over its subtree, the system administrator
everywhere; 403 without the grant, another's row 404) and one's own channel preferences."""

from __future__ import annotations

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
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import can_anywhere

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


def _require_log(user) -> None:
    if not can_anywhere(user, "channel_delivery", VIEW):
        raise NotPermitted(_("You do not have permission to do this."))


@router.get(
    "/channels/deliveries",
    response={200: list[ChannelDeliveryOut], **LIST_ERRORS},
    summary="List deliveries (the delivery log)",
    url_name="channel_delivery_list",
)
@paginate(Pagination)
def delivery_list(request, channel: ChannelName | None = None, state: StateName | None = None):
    """Messages sent (or waiting, failed, skipped) outside the app, newest first, for the accounts in your scope."""
    _require_log(request.auth_user)
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
