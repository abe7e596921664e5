"""The demo's clock: the seed lives through 2020 to today, so each service call runs on the day it would have happened.

Services stamp their rows with `timezone.now()` (a project's history, audit rows, review and panel dates) and judge
with `timezone.localdate()` (a month that has begun, a task done no later than today, a role assignment in force).
Running them all on the seed day would give a 2020 project a history dated today. Inside `DemoClock`,
`django.utils.timezone.now` returns the moment set with `at()`, so every stamp and every check reads that day.

Only the demo seed uses this, in a single thread, and the real clock is back when the block ends. Model fields with
`default=timezone.now` hold the original function and keep the real time — the services set the moments they record
themselves, so the history still reads true.
"""

from __future__ import annotations

import datetime as dt
from unittest import mock
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

TZ = ZoneInfo(settings.TIME_ZONE)


class DemoClock:
    """A context manager that holds the time still at the moment last set with `at(day, hour, minute)`."""

    def __init__(self, start: dt.date):
        self.moment = dt.datetime.combine(start, dt.time(9, 0), tzinfo=TZ)
        self._real_now = timezone.now  # the real clock, kept before the patch replaces it
        self._patch = mock.patch("django.utils.timezone.now", new=self.now)

    def now(self) -> dt.datetime:
        return self.moment.astimezone(dt.UTC)

    def at(self, day: dt.date, hour: int = 9, minute: int = 0) -> DemoClock:
        moment = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)
        # Today's events never happen later than now: a demo loaded at 02:00 must not show "submitted at 14:20".
        real_now = self._real_now().astimezone(TZ)
        if day == real_now.date() and moment > real_now:
            moment = real_now.replace(second=0, microsecond=0)
        self.moment = moment
        return self

    def __enter__(self) -> DemoClock:
        self._patch.start()
        return self

    def __exit__(self, *exc) -> None:
        self._patch.stop()
