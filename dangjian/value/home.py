"""The home page's value section for whoever enters team days: the teams still without yesterday's record (the
figures of a shift are entered the next morning), with a link to the daily entry. Two queries however many teams."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.utils import timezone

from dangjian.core.counting import first_and_total
from dangjian.core.scoping import can_anywhere, scope_for
from dangjian.value.models import AccountingUnit, DailyRecord

SHOWN = 5


def home_sections(request) -> list[tuple[str, dict]]:
    user = request.user
    # The machine account (a global grant) has no home to speak of; people with the add grant do.
    if not can_anywhere(user, "value", "add") or scope_for(user, "value", "add").everywhere:
        return []
    day = timezone.localdate() - dt.timedelta(days=1)
    entered = DailyRecord.objects.filter(unit=OuterRef("pk"), date=day)
    missing = (
        AccountingUnit.objects.restrict(user, "add")
        .filter(active=True)
        .exclude(Exists(entered))
        .select_related("unit")
        .order_by("unit__path")
    )
    shown, count = first_and_total(missing, SHOWN)
    if not shown:
        return []
    return [("value/_home.html", {"value_day": day, "value_missing": shown, "value_count": count})]
