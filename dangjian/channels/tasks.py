"""The channels' periodic work, through core's task interface (core/tasks.py: each runs once per period however many
workers run a scheduler). New notifications are routed by core's own delivery task and sweep
(core.tasks.deliver_notifications*), which hand them to routing.route."""

from __future__ import annotations

from dangjian.core.tasks import crontab, periodic_task


@periodic_task(crontab(minute="*/5"))
def channels_retry_sweep() -> int:
    """Messages whose time has come: tries again after a failure (back-off) and those held by the quiet hours."""
    from dangjian.channels.models import Delivery
    from dangjian.channels.routing import send_due

    return send_due(mode=Delivery.Mode.IMMEDIATE)


@periodic_task(crontab(minute="1"))
def channels_digest() -> int:
    """The daily digests: each row waits for the digest time (CHANNELS_DIGEST_TIME) of its recipient's day; checked
    hourly, so a changed digest time or a digest put off by a failure goes within the hour."""
    from dangjian.channels.models import Delivery
    from dangjian.channels.routing import send_due

    return send_due(mode=Delivery.Mode.DIGEST)
