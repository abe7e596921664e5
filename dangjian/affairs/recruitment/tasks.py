"""Background work of recruitment: the daily job that asks who records each step coming due (inbox.py)."""

from __future__ import annotations

from dangjian.core.tasks import crontab, periodic_task


@periodic_task(crontab(hour="7", minute="50"))
def recruitment_dues_notify() -> int:
    """Every morning: each step due on an open file (overdue or within 30 days) asks who records it, once per file,
    step and due date."""
    from dangjian.affairs.recruitment.inbox import dues_notify
    from dangjian.core.services import SYSTEM

    return dues_notify(actor=SYSTEM)
