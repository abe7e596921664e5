"""Background work of the burden meter: every hour the current and the previous month's sums are recomputed from the
raw log (pages only read them), and raw rows past BURDEN_RAW_DAYS are deleted."""

from __future__ import annotations

from dangjian.core.tasks import crontab, periodic_task


@periodic_task(crontab(minute="17"))
def burden_aggregate() -> dict:
    from django.utils import timezone

    from dangjian.burden import services
    from dangjian.core.months import add_months, first_of
    from dangjian.core.services import SYSTEM

    this = first_of(timezone.localdate())
    for month in (add_months(this, -1), this):
        services.aggregate(actor=SYSTEM, month=month)
    return {"pruned": services.prune(actor=SYSTEM)}
