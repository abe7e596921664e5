"""Routing and sending: every notification becomes, after its commit, one delivery row per external channel the
recipient has an address on (e-mail: the account's e-mail address; WeCom, DingTalk, SMS: a ChannelAddress), in the
mode the recipient chose (at once, digest, off). Rows are then sent when due:

- at once: now, or when the quiet hours end;
- digest: at the next digest time, one message per recipient and channel listing the items still open (a work item
  not yet done, a notice not yet read);
- after a failure: attempts + 1, the next try after an exponential back-off, failed for good after
  CHANNELS_MAX_ATTEMPTS tries (or at once when the vendor refuses the address);
- a notice read in the app, or a work item done, before its message could go is not sent (skipped): nothing to
  remind of. A work item only read is still open: reading it does not do the work.

A row is claimed before it is sent (its attempts counted and its next try moved past the send's time in one UPDATE
that only the first worker wins), so two workers never send the same row and a worker that dies mid-send leaves the
row to be tried again later. The rows are the delivery log, read by 党群工作部 and the system administrator.

Delivery rows are the system's own bookkeeping (like the notification itself): they are written by the tasks as the
system and are not audited; the preferences and addresses that steer them are (services.py)."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext

from dangjian.accounts.models import RoleAssignment
from dangjian.channels import confidential, schedule
from dangjian.channels.base import Channel, InApp, SendError
from dangjian.channels.models import EXTERNAL, ChannelAddress, ChannelPreference, Delivery
from dangjian.channels.vendors.aliyun_sms import AliyunSms
from dangjian.channels.vendors.dingtalk import DingTalk
from dangjian.channels.vendors.email import Email
from dangjian.channels.vendors.tencent_sms import TencentSms
from dangjian.channels.vendors.wecom import WeCom
from dangjian.core.models import Notification
from dangjian.core.notifications import delivery as core_delivery

log = logging.getLogger(__name__)
State, Mode = Delivery.State, Delivery.Mode
# A claimed row is tried again after this long if its worker never records the result (it died mid-send).
CLAIM_LEASE = dt.timedelta(minutes=10)
BATCH = 500


def sms_channel() -> Channel:
    return TencentSms() if settings.CHANNELS_SMS_PROVIDER == "tencent" else AliyunSms()


def channels() -> dict[str, Channel]:
    """The five channels by name (built per call: their settings may change, in tests)."""
    return {"inapp": InApp(), "email": Email(), "wecom": WeCom(), "dingtalk": DingTalk(), "sms": sms_channel()}


def addresses(account) -> dict[str, str]:
    """Where `account` is reached on each external channel."""
    found = dict(ChannelAddress.objects.filter(account_id=account.pk).values_list("channel", "address"))
    if account.email:
        found["email"] = account.email
    return found


def recipient_org(account):
    """Where the account belongs, for the log's scope: its person's branch, else the org of its first role."""
    if account.person_id:
        return account.person.branch_id
    return (
        RoleAssignment.objects.active()
        .filter(user_id=account.pk, org__isnull=False)
        .order_by("pk")
        .values_list("org_id", flat=True)
        .first()
    )


def route(notification: Notification) -> None:
    """Make the delivery rows of a new notification and send what is due at once. Called by core's delivery path
    (core/notifications/delivery.py) after the commit, for each notification not routed yet."""
    recipient = notification.recipient
    if not recipient.is_active:
        return
    found = addresses(recipient)
    if not found:
        return
    modes = dict(ChannelPreference.objects.filter(account_id=recipient.pk).values_list("channel", "mode"))
    available = channels()
    org_id = recipient_org(recipient)
    now = timezone.now()
    rows = []
    for name in EXTERNAL:
        if name not in found:
            continue
        row = Delivery(notification=notification, channel=name, recipient=recipient, org_id=org_id, created_at=now)
        mode = modes.get(name, ChannelPreference.Mode.IMMEDIATE)
        if not available[name].configured():
            row.state, row.last_error = State.SKIPPED, gettext("channel not set up")
        elif mode == ChannelPreference.Mode.OFF:
            row.state, row.last_error = State.SKIPPED, "turned off by the recipient"
        elif mode == ChannelPreference.Mode.DIGEST:
            row.mode, row.next_try_at = Mode.DIGEST, schedule.next_digest(now)
        else:
            row.next_try_at = schedule.not_quiet(now)
        rows.append(row)
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    send_due(now=now, notification_ids=[notification.pk], mode=Mode.IMMEDIATE)


def _claim(row: Delivery, now: dt.datetime) -> bool:
    """Take `row` for sending: only the worker whose UPDATE finds it still due wins."""
    won = Delivery.objects.filter(pk=row.pk, state=State.PENDING, attempts=row.attempts, next_try_at__lte=now).update(
        attempts=F("attempts") + 1, next_try_at=now + CLAIM_LEASE
    )
    if won:
        row.attempts += 1
    return bool(won)


def _finish(rows: list[Delivery], now: dt.datetime, error: SendError | None) -> None:
    ids = [r.pk for r in rows]
    if error is None:
        Delivery.objects.filter(pk__in=ids).update(state=State.SENT, sent_at=now, next_try_at=None, last_error="")
        emailed = [r.notification_id for r in rows if r.channel == "email"]
        if emailed:  # kept for what read it before the channels app (core's e-mail field)
            Notification.objects.filter(pk__in=emailed, emailed_at__isnull=True).update(emailed_at=now)
        return
    for row in rows:
        final = error.permanent or row.attempts >= settings.CHANNELS_MAX_ATTEMPTS
        Delivery.objects.filter(pk=row.pk).update(
            state=State.FAILED if final else State.PENDING,
            next_try_at=None if final else schedule.not_quiet(now + schedule.backoff(row.attempts)),
            last_error=str(error)[:500],
        )


def _skip(rows: list[Delivery], reason: str) -> None:
    Delivery.objects.filter(pk__in=[r.pk for r in rows], state=State.PENDING).update(
        state=State.SKIPPED, next_try_at=None, last_error=reason
    )


def _send(channel: Channel, rows: list[Delivery], address: str | None, message, now) -> int:
    if not address:
        _skip(rows, gettext("no address any more"))
        return 0
    try:
        channel.send(address=address, message=message)
    except SendError as exc:
        log.warning("delivery %s by %s failed: %s", [r.pk for r in rows], channel.name, exc)
        _finish(rows, now, exc)
        return 0
    _finish(rows, now, None)
    return 1


def send_due(*, now: dt.datetime | None = None, notification_ids=None, mode: str | None = None) -> int:
    """Send the delivery rows that are due (of `notification_ids`, of `mode`, when given). In the quiet hours
    nothing goes: the due rows wait for their end. Returns how many messages went out."""
    now = now or timezone.now()
    due = Delivery.objects.filter(state=State.PENDING, next_try_at__lte=now)
    if notification_ids is not None:
        due = due.filter(notification_id__in=notification_ids)
    if mode is not None:
        due = due.filter(mode=mode)
    quiet_end = schedule.quiet_until(now)
    if quiet_end is not None:
        due.update(next_try_at=quiet_end)
        return 0
    rows = list(due.select_related("notification", "recipient").order_by("pk")[:BATCH])
    available = channels()
    sent = 0
    reach: dict[int, dict[str, str]] = {}
    groups: dict[tuple[int, str], list[Delivery]] = defaultdict(list)
    for row in rows:
        if not _claim(row, now):
            continue
        if not row.recipient.is_active:
            _skip([row], gettext("account deactivated"))
            continue
        if row.mode == Mode.DIGEST:
            groups[(row.recipient_id, row.channel)].append(row)
            continue
        if reason := _settled(row.notification):
            _skip([row], reason)
            continue
        found = reach.setdefault(row.recipient_id, addresses(row.recipient))
        message = confidential.message_for(row.notification, row.channel)
        sent += _send(available[row.channel], [row], found.get(row.channel), message, now)
    for (recipient_id, name), group in groups.items():
        open_rows = []
        for row in group:
            if reason := _settled(row.notification):
                _skip([row], reason)
            else:
                open_rows.append(row)
        if not open_rows:
            continue
        recipient = open_rows[0].recipient
        found = reach.setdefault(recipient_id, addresses(recipient))
        message = confidential.digest_message([r.notification for r in open_rows], name, recipient)
        sent += _send(available[name], open_rows, found.get(name), message, now)
    return sent


def _settled(notification) -> str | None:
    """Why a notification needs no message any more, or None while it is open: a work item (one with an action)
    stays open until it is done, however often it was read; a notice until it is read."""
    if notification.done_at is not None:
        return gettext("done in the app before it went out")
    if not notification.action and notification.read_at is not None:
        return gettext("read in the app before it went out")
    return None


def _not_routed() -> Q:
    has_rows = Exists(Delivery.objects.filter(notification_id=OuterRef("pk")))
    has_address = Exists(ChannelAddress.objects.filter(account_id=OuterRef("recipient_id")))
    return Q(recipient__is_active=True) & ~Q(has_rows) & (~Q(recipient__email="") | Q(has_address))


# Core's delivery path hands each notification not routed yet to `route` (registered in apps.py).
CORE_CHANNEL = core_delivery.Channel(name="channels", sent_field="", pending=_not_routed(), send=route)
