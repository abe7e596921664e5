"""Background work of dues: the daily job that asks the branch secretaries to follow up arrears (inbox.py)."""

from __future__ import annotations

from dangjian.core.tasks import crontab, periodic_task


@periodic_task(crontab(hour="8", minute="10"))
def dues_arrears_notify() -> int:
    """Every morning: members more than three months behind ask their branch secretary, once per counted month, and
    get a reminder of their own; arrears paid meanwhile are closed."""
    from dangjian.affairs.dues.inbox import arrears_notify
    from dangjian.core.services import SYSTEM

    return arrears_notify(actor=SYSTEM)
