"""Writes of the burden meter: the monthly sums and the twice-typed facts computed from the raw log, and the raw
log's pruning. Run by the hourly task as SYSTEM, or by 党群工作部 on the page ("recompute now"); each run is one
transaction with its audit row. Nothing here is ever read per person: the sums are per org, role and form."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.burden import buffer
from dangjian.burden.models import DuplicateFact, FormEvent, MonthlyBurden
from dangjian.core import audit
from dangjian.core.errors import InvalidInput, NotPermitted
from dangjian.core.months import add_months, first_of
from dangjian.core.permissions import CHANGE
from dangjian.core.scoping import can_anywhere
from dangjian.core.services import is_system


def _bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(month, dt.time.min, tzinfo=tz)
    return start, dt.datetime.combine(add_months(month, 1), dt.time.min, tzinfo=tz)


def sums_for(events: list[FormEvent], max_seconds: int) -> dict[tuple, dict]:
    """The month's sums per (org path, role, capability, form) from its raw rows. A form is the URL a send went to
    (its page for an open never sent). Input time: from the open to the first accepted send, at most `max_seconds`
    (a tab left open over lunch is not input)."""
    pages_form: dict[str, str] = {}  # open key -> the form its sends went to
    for event in events:
        if event.kind == "submit":
            pages_form.setdefault(event.open_key, event.url_name)
    sums: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    sent: dict[str, int] = defaultdict(int)
    timed: set[str] = set()
    for event in sorted(events, key=lambda e: e.at):
        form = event.url_name if event.kind == "submit" else pages_form.get(event.open_key, event.url_name)
        row = sums[(event.org_path, event.role, event.capability, form)]
        if event.kind == "open":
            row["opens"] += 1
            continue
        row["submissions"] += 1
        sent[event.open_key] += 1
        if sent[event.open_key] > 1:
            row["repeats"] += 1
        if event.outcome == FormEvent.Outcome.OK:
            row["successes"] += 1
            row["typed"] += event.typed
            row["reused"] += event.reused
            if event.open_key not in timed and event.opened_at is not None:
                timed.add(event.open_key)
                row["seconds"] += max(0, min(max_seconds, int((event.at - event.opened_at).total_seconds())))
        else:
            row["failures"] += 1
    return sums


def duplicates_in(events: list[FormEvent]) -> list[dict]:
    """Facts typed twice: the same value typed by hand (not pre-filled, two characters or more, not a date or a
    tick) into two different forms, for the same date (a date field of both sends), by people acting in the same org,
    within the month. One row per pair of forms and date, the first typing and the second."""
    seen: dict[tuple, tuple] = {}
    found: dict[tuple, dict] = {}
    for event in sorted(events, key=lambda e: e.at):
        if event.kind != "submit" or event.outcome != FormEvent.Outcome.OK:
            continue
        for day in event.dates:
            for field, value in event.typed_values.items():
                key = (event.org_path, day, value)
                first = seen.get(key)
                if first is None:
                    seen[key] = (event.url_name, field, event.at)
                    continue
                if first[0] == event.url_name:
                    continue
                pair = (event.org_path, day, first[0], event.url_name)
                found.setdefault(
                    pair,
                    {
                        "org_path": event.org_path,
                        "date": dt.date.fromisoformat(day),
                        "first_form": first[0],
                        "first_field": first[1],
                        "second_form": event.url_name,
                        "second_field": field,
                        "first_at": first[2],
                        "second_at": event.at,
                    },
                )
    return list(found.values())


def _require(actor) -> None:
    if not is_system(actor) and not can_anywhere(actor, "burden", CHANGE):
        raise NotPermitted(_("You do not have permission to do this."))


def _mine(model, actor):
    """Everything for the system's task; the actor's subtree for 党群工作部 on the page."""
    return model.objects.all() if is_system(actor) else model.objects.restrict(actor, CHANGE)


@transaction.atomic
def aggregate(*, actor, month: dt.date) -> dict:
    """Recompute a month's sums and twice-typed facts from the raw log (replacing that month's rows: the run is
    idempotent). A month whose raw rows are already pruned keeps its sums as they were."""
    _require(actor)
    month = first_of(month)
    today = timezone.localdate()
    if month > today:
        raise InvalidInput(_("That month has not begun."), errors={"month": [_("That month has not begun.")]})
    oldest = today - dt.timedelta(days=settings.BURDEN_RAW_DAYS)
    if month < first_of(oldest):
        return {"month": month, "rows": None, "duplicates": None}
    start, end = _bounds(month)
    buffer.flush()  # the opens this process still holds count too
    events = list(_mine(FormEvent, actor).filter(at__gte=start, at__lt=end).order_by("at"))
    sums = sums_for(events, settings.BURDEN_MAX_SECONDS)
    _mine(MonthlyBurden, actor).filter(month=month).delete()
    MonthlyBurden.objects.bulk_create(
        [
            MonthlyBurden(month=month, org_path=org, role=role, capability=cap, form=form, **values)
            for (org, role, cap, form), values in sums.items()
        ]
    )
    duplicates = duplicates_in(events)
    _mine(DuplicateFact, actor).filter(month=month).delete()
    DuplicateFact.objects.bulk_create([DuplicateFact(month=month, **row) for row in duplicates])
    result = {"month": month, "rows": len(sums), "duplicates": len(duplicates), "events": len(events)}
    audit.record(
        actor=actor,
        action="burden.aggregate",
        object_type="burden.monthlyburden",
        object_id=f"{month:%Y-%m}",
        object_repr=f"{month:%Y-%m}",
        after={"rows": len(sums), "duplicates": len(duplicates), "events": len(events)},
    )
    return result


@transaction.atomic
def prune(*, actor) -> int:
    """Delete raw rows older than BURDEN_RAW_DAYS (their months' sums stay for good)."""
    _require(actor)
    cutoff = timezone.now() - dt.timedelta(days=settings.BURDEN_RAW_DAYS)
    deleted, _per_model = _mine(FormEvent, actor).filter(at__lt=cutoff).delete()
    if deleted:
        audit.record(
            actor=actor,
            action="burden.prune",
            object_type="burden.formevent",
            object_repr=f"< {cutoff:%Y-%m-%d}",
            after={"deleted": deleted},
        )
    return deleted
