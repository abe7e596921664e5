"""The message-address import (core/imports): one account per row, named by its person's employee number, with a
channel (企业微信, 钉钉, 短信) and the address; an empty address removes it. Written through `services.address_set`
as the uploader (the system administrator), all rows or none."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.channels import selectors, services
from dangjian.channels.models import AddressChannel, ChannelAddress
from dangjian.core.errors import InvalidInput
from dangjian.core.imports import CREATE, UNCHANGED, UPDATE, Choice, Column, ImportKind, Ref, Text, register
from dangjian.core.services import is_system


@register
class ChannelAddressImport(ImportKind):
    slug = "channel-addresses"
    label = _lazy("Message addresses (WeCom, DingTalk, SMS)")
    description = _lazy(
        "One address per row: the employee number of the account's person, the channel (企业微信, 钉钉 or 短信) and "
        "the WeCom userid, DingTalk userid or mobile number. An empty address removes the one the account has."
    )
    resource = "channel_address"
    result_url = "channels:addresses"
    columns = [
        Column(
            "account",
            _lazy("employee number"),
            "工号",
            Ref(
                lambda ctx: selectors.accounts_by_employee_no(user=ctx.actor),
                field="employee_no",
                describe=_lazy("The employee number of a person with an account."),
            ),
            required=True,
            example="QN0001",
        ),
        Column(
            "channel",
            _lazy("channel"),
            "渠道",
            Choice(AddressChannel, aliases={"企业微信": "wecom", "钉钉": "dingtalk", "短信": "sms", "手机": "sms"}),
            required=True,
            example="短信",
        ),
        Column("address", _lazy("address"), "地址", Text(64), example="13800138000", aliases=("账号", "手机号")),
    ]

    def allowed(self, user) -> bool:
        return is_system(user) or selectors.may_keep_addresses(user, "import")

    def check_row(self, row, ctx):
        account, channel = row.values.get("account"), row.values.get("channel")
        if account is None or not channel:
            return
        key = (account.pk, channel)
        seen = ctx.state.setdefault("seen", {})
        if key in seen:
            row.error(_("row %(other)s already gives this account's address there.") % {"other": seen[key]})
            return
        seen[key] = row.number
        address = (row.values.get("address") or "").strip()
        if address:
            try:
                address = services.clean_address(channel, address)
            except InvalidInput as exc:
                row.error(exc.message, self.column("address"))
                return
        found = ChannelAddress.objects.filter(account=account, channel=channel).first()
        if found is None:
            row.action = CREATE if address else UNCHANGED
        else:
            row.action = UNCHANGED if found.address == address else UPDATE
        row.values["address"] = address

    def commit_row(self, row, ctx):
        if row.action == UNCHANGED:
            return
        services.address_set(
            actor=ctx.actor, account=row.values["account"], channel=row.values["channel"], address=row.values["address"]
        )
