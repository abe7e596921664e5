"""The demo company's message addresses and channel choices, so the channel pages show something on day one: the
secretary, 党群工作部 and the team leader have WeCom userids, the secretary a mobile number too (SMS in the daily
digest, by her own choice), the member a DingTalk userid. Their unread notifications are then routed as the
delivery task routes new ones; the demo sets up no vendor, so the delivery log shows them as not sent ("channel not
set up") until WECOM_* / DINGTALK_* / ALIYUN_SMS_* are set. Idempotent: once a demo login has an address, nothing is
done."""

from __future__ import annotations

import datetime as dt

from dangjian.accounts.models import User
from dangjian.channels import routing, services
from dangjian.channels.models import ChannelAddress
from dangjian.core.models import Notification
from dangjian.core.services import SYSTEM

ADDRESSES = {
    "secretary": {"wecom": "QN-secretary-dj3", "sms": "13800000003"},
    "office": {"wecom": "QN-office"},
    "team_leader": {"wecom": "QN-teamleader-dj3"},
    "member": {"dingtalk": "qn_member_dj3"},
}
# At most this many of each login's unread notifications are routed (the log's first page, not a year of history).
ROUTED = 20


def seed(*, today: dt.date, stdout) -> None:
    accounts = {u.username: u for u in User.objects.filter(username__in=ADDRESSES).select_related("person")}
    if not accounts or ChannelAddress.objects.filter(account__in=accounts.values()).exists():
        return
    for username, addresses in ADDRESSES.items():
        account = accounts.get(username)
        if account is None:
            continue
        services.addresses_set(actor=SYSTEM, account=account, addresses=addresses)
    if "secretary" in accounts:
        # her own choice, as she makes it on her preferences page
        services.preferences_set(actor=accounts["secretary"], modes={"sms": "digest"})
    for account in accounts.values():
        unread = Notification.objects.filter(recipient=account, read_at__isnull=True).select_related("recipient")
        for notification in unread.order_by("-created_at", "-id")[:ROUTED]:
            routing.route(notification)
    stdout.write(f"  channels: addresses for {len(accounts)} demo logins\n")
