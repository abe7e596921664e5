"""全要素对标: a unit's figures in a month against its best month ever, its peer group's average and the target —
value per hour and each item's quantity per hour worked — and the series for its trend charts. A fixed number of
aggregate queries however long the unit's history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from dangjian.value.models import AccountingUnit, DailyLine, DailyRecord, GroupItem
from dangjian.value.rankings import month_bounds

PLACES = Decimal("0.01")
FINE = Decimal("0.0001")


def _rate(amount, hours, places=PLACES) -> Decimal | None:
    if amount is None or not hours:
        return None
    return (Decimal(amount) / Decimal(hours)).quantize(places, rounding=ROUND_HALF_UP)


def _month(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


@dataclass
class Benchmark:
    """One indicator of the unit in the month with its three benchmarks; `higher` says which way is better."""

    label: str
    uom: str
    higher: bool
    actual: Decimal | None
    best: Decimal | None
    peer: Decimal | None
    target: Decimal | None

    def gap(self, other: Decimal | None) -> Decimal | None:
        return None if self.actual is None or other is None else self.actual - other

    def better(self, other: Decimal | None) -> bool | None:
        gap = self.gap(other)
        return None if gap is None else (gap >= 0 if self.higher else gap <= 0)

    @property
    def columns(self) -> list[tuple[Decimal | None, Decimal | None, bool | None]]:
        """(benchmark, gap, better) for best month, peer average and target."""
        return [(o, self.gap(o), self.better(o)) for o in (self.best, self.peer, self.target)]


def unit_benchmarks(unit: AccountingUnit, month: dt.date) -> list[Benchmark]:
    first, last = month_bounds(month)
    own = list(
        DailyRecord.objects.filter(unit=unit)
        .annotate(m=TruncMonth("date"))
        .values("m")
        .annotate(value=Sum("value"), hours=Sum("hours"))
    )
    hours_by_month = {_month(r["m"]): r["hours"] for r in own}
    own_items: dict[int, dict[dt.date, Decimal]] = {}
    for r in (
        DailyLine.objects.filter(record__unit=unit)
        .annotate(m=TruncMonth("record__date"))
        .values("m", "item_id")
        .annotate(q=Sum("quantity"))
    ):
        own_items.setdefault(r["item_id"], {})[_month(r["m"])] = r["q"]
    peer_records = DailyRecord.objects.filter(unit__group_id=unit.group_id, date__gte=first, date__lte=last)
    peer = peer_records.aggregate(value=Sum("value"), hours=Sum("hours"))
    peer_items = dict(
        DailyLine.objects.filter(record__in=peer_records.values("pk"))
        .values("item_id")
        .annotate(q=Sum("quantity"))
        .values_list("item_id", "q")
    )
    this = next((r for r in own if _month(r["m"]) == first), None)
    rates = [_rate(r["value"], r["hours"]) for r in own]
    found = [
        Benchmark(
            label="value_per_hour",
            uom="元/h",
            higher=True,
            actual=_rate(this["value"], this["hours"]) if this else None,
            best=max((r for r in rates if r is not None), default=None),
            peer=_rate(peer["value"], peer["hours"]),
            target=unit.group.target_value_per_hour,
        )
    ]
    for gi in GroupItem.objects.filter(group_id=unit.group_id).select_related("item").order_by("sort_order", "id"):
        months = own_items.get(gi.item_id, {})
        per_hour = [_rate(q, hours_by_month.get(m), FINE) for m, q in months.items()]
        per_hour = [p for p in per_hour if p is not None]
        higher = gi.item.kind == gi.item.Kind.OUTPUT
        found.append(
            Benchmark(
                label=gi.item.name,
                uom=f"{gi.item.unit_of_measure}/h",
                higher=higher,
                actual=_rate(months.get(first), this["hours"] if this else None, FINE),
                best=(max if higher else min)(per_hour, default=None),
                peer=_rate(peer_items.get(gi.item_id), peer["hours"], FINE),
                target=gi.target_per_hour,
            )
        )
    return found


def trend(unit: AccountingUnit, end: dt.date, days: int = 90) -> dict:
    """The unit's daily value per hour against its peer group's, and its monthly value over the last 12 months."""
    start = end - dt.timedelta(days=days - 1)
    own = {
        r["date"]: _rate(r["v"], r["h"])
        for r in DailyRecord.objects.filter(unit=unit, date__gte=start, date__lte=end)
        .values("date")
        .annotate(v=Sum("value"), h=Sum("hours"))
    }
    peer = {
        r["date"]: _rate(r["v"], r["h"])
        for r in DailyRecord.objects.filter(unit__group_id=unit.group_id, date__gte=start, date__lte=end)
        .values("date")
        .annotate(v=Sum("value"), h=Sum("hours"))
    }
    labels = [start + dt.timedelta(days=n) for n in range(days)]
    year_start = (end.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
    monthly = {
        _month(r["m"]): r["v"]
        for r in DailyRecord.objects.filter(unit=unit, date__gte=year_start, date__lte=end)
        .annotate(m=TruncMonth("date"))
        .values("m")
        .annotate(v=Sum("value"))
    }
    months = []
    cursor = year_start
    while cursor <= end:
        months.append(cursor)
        cursor = (cursor + dt.timedelta(days=32)).replace(day=1)

    def num(value):
        return None if value is None else float(value)

    return {
        "days": [d.isoformat() for d in labels],
        "own": [num(own.get(d)) for d in labels],
        "peer": [num(peer.get(d)) for d in labels],
        "months": [f"{m:%Y-%m}" for m in months],
        "monthly": [num(monthly.get(m)) for m in months],
    }
