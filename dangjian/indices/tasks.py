"""Background work of the indices: computing a month (on demand, from the page or the API) and the monthly run on
the 2nd at 03:30 for the month just ended, for every company with weights."""

from __future__ import annotations

import datetime as dt

from dangjian.core.tasks import crontab, periodic_task, task


@task()
def compute_indices(company_id: int, month: str, actor_id: int | None = None) -> dict:
    """Compute one company's indices for one month (idempotent), as the user who asked or the system."""
    from django.contrib.auth import get_user_model

    from dangjian.core.services import SYSTEM
    from dangjian.indices import services
    from dangjian.org.models import PartyOrg

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    company = PartyOrg.objects.get(pk=company_id)
    return services.compute_month(actor=actor or SYSTEM, company=company, month=dt.date.fromisoformat(month))


@periodic_task(crontab(day="2", hour="3", minute="30"))
def compute_last_month() -> int:
    """Every month: the month just ended, for each company that has weights."""
    from django.utils import timezone

    from dangjian.core import months
    from dangjian.core.services import SYSTEM
    from dangjian.indices import services
    from dangjian.indices.models import WeightVersion
    from dangjian.org.models import PartyOrg

    month = months.add_months(timezone.localdate(), -1)
    done = 0
    for company in PartyOrg.objects.filter(pk__in=WeightVersion.objects.values("company_id")):
        services.compute_month(actor=SYSTEM, company=company, month=month)
        done += 1
    return done
