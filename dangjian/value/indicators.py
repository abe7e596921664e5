"""Daily totals of each team as production indicators: TEAM_VALUE (元) and TEAM_HOURS (h) per day, and the ratio
TEAM_VALUE_PER_HOUR (元/h) computed from them by the indicators app — entered once, seen everywhere."""

from __future__ import annotations

import datetime as dt

from django.db.models import Sum

from dangjian.core.services import SYSTEM
from dangjian.indicators import services as indicator_services
from dangjian.indicators.models import Indicator
from dangjian.value.models import DailyRecord

VALUE, HOURS, PER_HOUR = "TEAM_VALUE", "TEAM_HOURS", "TEAM_VALUE_PER_HOUR"


def ensure_indicators() -> None:
    """Create the three indicators once (as SYSTEM)."""
    have = set(Indicator.objects.filter(code__in=[VALUE, HOURS, PER_HOUR]).values_list("code", flat=True))
    common = {"granularity": Indicator.Granularity.DAY, "category": Indicator.Category.VALUE}
    if VALUE not in have:
        indicator_services.indicator_create(
            actor=SYSTEM, code=VALUE, name="班组当班创造价值", unit_of_measure="元", rollup="sum", decimals=0, **common
        )
    if HOURS not in have:
        indicator_services.indicator_create(
            actor=SYSTEM, code=HOURS, name="班组工时", unit_of_measure="h", rollup="sum", decimals=1, **common
        )
    if PER_HOUR not in have:
        indicator_services.indicator_create(
            actor=SYSTEM,
            code=PER_HOUR,
            name="班组单位时间附加值",
            unit_of_measure="元/h",
            rollup="ratio",
            numerator=Indicator.objects.get(code=VALUE),
            denominator=Indicator.objects.get(code=HOURS),
            decimals=2,
            **common,
        )


def push_days(pairs: list[tuple[int, str]]) -> None:
    """The day totals of these (accounting unit id, ISO day) pairs, written through values_upsert in batches."""
    if not pairs:
        return
    ensure_indicators()
    units = {u for u, _d in pairs}
    days = {dt.date.fromisoformat(d) for _u, d in pairs}
    wanted = {(u, dt.date.fromisoformat(d)) for u, d in pairs}
    totals = (
        DailyRecord.objects.filter(unit_id__in=units, date__in=days)
        .values("unit_id", "unit__unit__code", "date")
        .annotate(value=Sum("value"), hours=Sum("hours"))
    )
    rows = []
    for t in totals:
        if (t["unit_id"], t["date"]) not in wanted:
            continue
        for code, number in ((VALUE, t["value"]), (HOURS, t["hours"])):
            rows.append({"indicator": code, "unit": t["unit__unit__code"], "period": t["date"], "value": number})
    for start in range(0, len(rows), indicator_services.MAX_BATCH):
        indicator_services.values_upsert(
            actor=SYSTEM, rows=rows[start : start + indicator_services.MAX_BATCH], source="value_accounting"
        )
