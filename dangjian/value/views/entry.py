"""The team leader's daily entry on a phone (under a minute): the group's items prefilled with the stored record or
yesterday's quantities, yesterday's values beside each, totals computed live in the page (static/value/entry.js);
and one record's page with its lines and earlier revisions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core.errors import InvalidInput
from dangjian.core.scoping import can, can_anywhere
from dangjian.core.views.cached import kept_page
from dangjian.core.views.pages import refusal
from dangjian.value import selectors, services
from dangjian.value.checking import RANGE_MIN_RECORDS, PriceBook, outlier_ranges
from dangjian.value.models import DailyRecord
from dangjian.value.models.records import Shift, Source
from dangjian.value.rankings import ranking


def _choice(request, units):
    raw = request.POST.get("unit") or request.GET.get("unit")
    chosen = next((u for u in units if str(u.pk) == raw), None)
    return chosen or units[0]


def _day(request) -> dt.date:
    raw = request.POST.get("date") or request.GET.get("date")
    try:
        day = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        day = None
    today = timezone.localdate()
    return day if day and day <= today else today


def plain(number) -> str:
    """12.500000 → "12.5", 170000.000000 → "170000": what a person would type."""
    if number is None or number == "":
        return ""
    return format(Decimal(number).normalize(), "f")


def _quantities(record: DailyRecord | None) -> dict[int, Decimal]:
    return {ln.item_id: ln.quantity for ln in record.lines.all()} if record else {}


@login_required
@kept_page
def entry(request):
    user = request.user
    if not can_anywhere(user, "value", "add"):
        raise PermissionDenied
    units = list(selectors.unit_list(user=user, action="add"))
    if not units:
        # The user may enter days, but none of their teams takes part yet: say so (and who sets it up).
        context = {"can_setup": bool(services.company_roots(user, "add"))}
        return render(request, "value/entry_none.html", context)
    unit, day = _choice(request, units), _day(request)
    raw_shift = request.POST.get("shift") or request.GET.get("shift") or "A"
    shift = raw_shift if raw_shift in Shift.values else "A"
    items = selectors.group_items(unit.group)
    records = {(r.date, r.shift): r for r in selectors.entry_records(unit=unit, days=[day, day - dt.timedelta(days=1)])}
    current, yesterday = records.get((day, shift)), records.get((day - dt.timedelta(days=1), shift))
    locked = selectors.day_locked(group=unit.group, day=day)
    errors: dict[str, list[str]] = {}
    values = {"hours": plain(current.hours if current else yesterday.hours if yesterday else "")}
    stored, before = _quantities(current), _quantities(yesterday)
    prefill = stored or before
    for gi in items:
        values[gi.item.code] = plain(prefill.get(gi.item_id, ""))
    if request.method == "POST":
        values = {key: request.POST.get(key, "").strip() for key in ["hours"] + [gi.item.code for gi in items]}
        quantities = {gi.item.code: values[gi.item.code] for gi in items if values[gi.item.code] != ""}
        confirm = request.POST.get("confirm_outlier") == "1"
        with refusal() as refused:
            written = services.record_save(
                actor=user,
                unit=unit,
                date=day,
                shift=shift,
                hours=values["hours"],
                quantities=quantities,
                source=Source.MANUAL,
                reason=request.POST.get("reason", ""),
                confirm=confirm,
            )
        exc = refused.error
        if isinstance(exc, InvalidInput):
            for error in exc.errors.get("rows", []) if isinstance(exc.errors, dict) else []:
                field = error["field"]
                if field.startswith("items."):
                    position = int(field.split(".")[1]) - 1
                    field = list(quantities)[position] if position < len(quantities) else "items"
                errors.setdefault(field, []).append(error["message"])
            messages.error(request, exc.message)
        elif exc is not None:  # a Conflict: a locked day needs a reason for the correction
            errors.setdefault("reason", []).append(exc.message)
        else:
            note = {
                services.CREATED: _("Saved."),
                services.UPDATED: _("Saved; the earlier figures are kept as a revision."),
                services.UNCHANGED: _("Nothing changed."),
            }[written.status]
            if written.record.unconfirmed:
                messages.warning(
                    request,
                    _(
                        "%(note)s The value per hour (%(rate)s 元/h) is far outside your team's usual range, so the "
                        "day is not ranked yet: check the hours and quantities, then confirm them below."
                    )
                    % {"note": note, "rate": written.record.value_per_hour},
                )
            else:
                messages.success(request, note)
            query = f"?unit={unit.pk}&date={day.isoformat()}&shift={shift}"
            return redirect(reverse("value:entry") + query)
    prices = PriceBook(gi.item_id for gi in items)
    rows = [
        {
            "item": gi.item,
            "price": prices.price(gi.item_id, day),
            "sign": gi.item.sign,
            "value": values.get(gi.item.code, ""),
            "yesterday": before.get(gi.item_id),
            "errors": errors.get(gi.item.code, []),
        }
        for gi in items
    ]
    usual = outlier_ranges({unit.pk}, day).get(unit.pk)
    usual = usual if usual is not None and usual.count >= RANGE_MIN_RECORDS else None
    standing = next((r for r in ranking(start=day, end=day, groups=[unit.group_id]) if r.unit_id == unit.pk), None)
    context = {
        "units": units,
        "unit": unit,
        "day": day,
        "shift": shift,
        "shifts": Shift.values,
        "rows": rows,
        "values": values,
        "errors": errors,
        "current": current,
        "yesterday": yesterday,
        "locked": locked and current is not None,
        "standing": standing,
        "usual": usual,
        "usual_bounds": (usual.low - usual.spread, usual.high + usual.spread) if usual else None,
        "status": 400 if errors else 200,
    }
    return render(request, "value/entry.html", context, status=context["status"])


@login_required
def record_detail(request, pk: int):
    user = request.user
    record = selectors.record_detail(user=user, pk=pk)
    lines = selectors.record_lines(record=record)
    revisions = list(record.revisions.order_by("-revision"))
    names = selectors.item_names(pks={int(k) for r in revisions for k in r.lines})
    for revision in revisions:
        revision.items = [(names.get(int(k), k), q, p) for k, (q, p) in revision.lines.items()]
    context = {
        "record": record,
        "lines": lines,
        "revisions": revisions,
        "can_change": can(user, "change", record),
        "locked": selectors.day_locked(group=record.unit.group_id, day=record.date),
    }
    return render(request, "value/record.html", context)
