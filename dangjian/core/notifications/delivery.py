"""The one delivery path: notifications leave the app through channels, each a small function. Core has one, e-mail
through Django's e-mail backend; an app adds its own at AppConfig.ready() with `register` (the channels app, issue
#19, takes e-mail over and routes every notification to WeCom, DingTalk, SMS and e-mail with its own delivery rows).

`deliver(ids)` sends what is still pending on each channel and records when it went out, one notification at a time,
so a retry after a failure never sends the same message twice. It raises when anything failed, so the task that runs
it (`core.tasks.deliver_notifications`) is retried and, failing for good, kept for the system administrator."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q, QuerySet
from django.utils import timezone

from dangjian.core.models import Notification

log = logging.getLogger(__name__)
# The periodic sweep picks up what the immediate task missed (worker down, mail server away) for this long; older
# notifications are not e-mailed any more (an address added next month does not receive last month's reminders).
SWEEP_WINDOW = dt.timedelta(days=2)


class DeliveryFailed(Exception):
    """Some notifications could not be sent; the task is retried for them."""


@dataclass(frozen=True)
class Channel:
    """How notifications leave the app one way: which are pending (`pending`, a filter on Notification), how one is
    sent (`send`, raising on failure) and which field records that it went out (`sent_field`; empty when `send`
    records it itself, as an app's channel with rows of its own does)."""

    name: str
    sent_field: str
    pending: Q
    send: Callable[[Notification], None]


def send_email(notification: Notification) -> None:
    send_mail(
        notification.subject,
        f"{notification.text}\n\n{notification.link}" if notification.link else notification.text,
        settings.DEFAULT_FROM_EMAIL,
        [notification.recipient.email],
    )


EMAIL = Channel(
    name="email",
    sent_field="emailed_at",
    pending=Q(emailed_at__isnull=True, recipient__is_active=True) & ~Q(recipient__email=""),
    send=send_email,
)
CHANNELS: list[Channel] = [EMAIL]


def register(channel: Channel, *, replacing: tuple[str, ...] = ()) -> None:
    """Add an app's channel to the delivery path (at its AppConfig.ready(), so core names no app); the channels named
    in `replacing` leave it (the app delivers what they did). Registering the same name again replaces it."""
    CHANNELS[:] = [c for c in CHANNELS if c.name not in replacing and c.name != channel.name] + [channel]


def _pending(channel: Channel, qs: QuerySet[Notification]) -> QuerySet[Notification]:
    return qs.filter(channel.pending).select_related("recipient").order_by("pk")


def deliver(ids: list[int] | None = None) -> int:
    """Send the notifications `ids` (or, without ids, every pending one of the last SWEEP_WINDOW) on every channel
    they are pending on. Returns how many messages went out; raises DeliveryFailed after trying them all when any
    failed (those stay pending for the retry)."""
    qs = Notification.objects.all()
    qs = qs.filter(pk__in=ids) if ids is not None else qs.filter(created_at__gte=timezone.now() - SWEEP_WINDOW)
    sent, failed = 0, []
    for channel in CHANNELS:
        for notification in _pending(channel, qs):
            try:
                channel.send(notification)
            except Exception:
                log.exception("notification %s could not be sent by %s", notification.pk, channel.name)
                failed.append(notification.pk)
                continue
            # Recorded at once, row by row: a retry after a later failure must not send this one again.
            if channel.sent_field:
                Notification.objects.filter(pk=notification.pk).update(**{channel.sent_field: timezone.now()})
            sent += 1
    if failed:
        raise DeliveryFailed(f"{len(failed)} notification(s) not sent: {failed[:20]}")
    return sent


def has_pending(ids: list[int]) -> bool:
    """Whether any of the notifications `ids` waits for a channel (one query)."""
    pending = Q()
    for channel in CHANNELS:
        pending |= channel.pending
    return Notification.objects.filter(pk__in=ids).filter(pending).exists()


def queue_delivery(ids: list[int]) -> None:
    """After the commit of the change that made them: deliver the new notifications in the background."""
    from dangjian.core.tasks import deliver_notifications

    deliver_notifications(ids)
