"""The demo's clock never stamps today's events later than the real time (no concern "submitted at 14:20" at 02:00)."""

import datetime as dt

from dangjian.demo.clock import TZ, DemoClock


def test_today_is_never_later_than_now_and_past_days_keep_their_hour():
    two_am = dt.datetime(2026, 12, 7, 2, 0, tzinfo=TZ)
    clock = DemoClock(two_am.date())
    clock._real_now = lambda: two_am.astimezone(dt.UTC)
    clock.at(two_am.date(), 14, 20)
    assert clock.moment == two_am
    clock.at(two_am.date(), 1, 30)
    assert clock.moment == dt.datetime(2026, 12, 7, 1, 30, tzinfo=TZ)
    clock.at(two_am.date() - dt.timedelta(days=1), 14, 20)
    assert clock.moment == dt.datetime(2026, 12, 6, 14, 20, tzinfo=TZ)
