"""When external messages may go: the quiet hours (CHANNELS_QUIET_HOURS, default 22:00-07:30 in the site's time
zone, Asia/Shanghai: nothing leaves then, it goes when they end), the daily digest's time (CHANNELS_DIGEST_TIME,
default 08:00) and the back-off between tries (CHANNELS_RETRY_SECONDS doubled after each failure)."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_time(value: str, name: str) -> dt.time:
    match = _TIME.match(value.strip())
    if not match:
        raise ImproperlyConfigured(f"{name} must be a time of day such as 07:30, not {value!r}")
    return dt.time(int(match.group(1)), int(match.group(2)))


def quiet_hours() -> tuple[dt.time, dt.time] | None:
    """(start, end) from CHANNELS_QUIET_HOURS ("22:00-07:30"); None when it is empty (no quiet hours)."""
    raw = (settings.CHANNELS_QUIET_HOURS or "").strip()
    if not raw:
        return None
    start, sep, end = raw.partition("-")
    if not sep:
        raise ImproperlyConfigured(f"CHANNELS_QUIET_HOURS must be two times such as 22:00-07:30, not {raw!r}")
    start_t, end_t = parse_time(start, "CHANNELS_QUIET_HOURS"), parse_time(end, "CHANNELS_QUIET_HOURS")
    return None if start_t == end_t else (start_t, end_t)


def quiet_until(now: dt.datetime) -> dt.datetime | None:
    """When the quiet hours around `now` end, or None when `now` is not in them."""
    window = quiet_hours()
    if window is None:
        return None
    start, end = window
    local = timezone.localtime(now)
    at = local.timetz().replace(tzinfo=None)
    if start < end:  # e.g. 12:00-14:00, within one day
        inside = start <= at < end
        end_day = local.date()
    else:  # across midnight, e.g. 22:00-07:30
        inside = at >= start or at < end
        end_day = local.date() + dt.timedelta(days=1) if at >= start else local.date()
    if not inside:
        return None
    return timezone.make_aware(dt.datetime.combine(end_day, end), timezone.get_current_timezone())


def not_quiet(when: dt.datetime) -> dt.datetime:
    """`when`, or the end of the quiet hours it falls in."""
    return quiet_until(when) or when


def next_digest(now: dt.datetime) -> dt.datetime:
    """The next digest time after `now` (today's if it is still ahead, else tomorrow's), out of the quiet hours."""
    at = parse_time(settings.CHANNELS_DIGEST_TIME, "CHANNELS_DIGEST_TIME")
    local = timezone.localtime(now)
    when = timezone.make_aware(dt.datetime.combine(local.date(), at), timezone.get_current_timezone())
    if when <= now:
        when = timezone.make_aware(
            dt.datetime.combine(local.date() + dt.timedelta(days=1), at), timezone.get_current_timezone()
        )
    return not_quiet(when)


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the `attempts`-th failed try: CHANNELS_RETRY_SECONDS, doubled each time (1, 2, 4, 8 … units)."""
    return dt.timedelta(seconds=settings.CHANNELS_RETRY_SECONDS * 2 ** max(0, attempts - 1))
