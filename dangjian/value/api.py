"""Value accounting in the API: the push of a team's daily record by MES/ERP (POST /value/records: 201 created,
200 for an identical replay or an update of an open day, 409 against a locked record, 400 with field errors) and
the rankings (GET /value/rankings?date=…|month=…&group=…&metric=…), decimals as strings."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from dangjian.core.api.errors import LIST_ERRORS, WRITE_ERRORS
from dangjian.core.errors import InvalidInput
from dangjian.value import selectors, services
from dangjian.value.models.records import Source

router = Router(tags=["value"])


def _text(number) -> str | None:
    return None if number is None else str(number)


class LineIn(Schema):
    # Loosely typed on purpose: the service names every bad field instead of refusing the body on a type error.
    item: str | None = None
    quantity: str | float | int | None = Field(None, description="A number ≥ 0; send a string to keep every digit.")


class RecordIn(Schema):
    unit: str | None = Field(None, description="The code of the team or shift crew (its production unit's code).")
    date: str | None = Field(None, description="YYYY-MM-DD")
    shift: str | None = Field(None, description="A, B, C or D")
    hours: str | float | int | None = Field(None, description='Hours worked by the whole shift, e.g. "96".')
    items: list[LineIn] = []
    reason: str = Field("", max_length=200, description="Needed to correct a record of a locked day.")


class RecordOut(Schema):
    status: str = Field(description="created, unchanged or updated")
    id: int
    unit: str
    date: str
    shift: str
    hours: str
    value: str
    value_per_hour: str | None
    revision: int


class RankOut(Schema):
    unit: str
    name: str
    group: str
    value: str
    hours: str
    value_per_hour: str | None
    improvement: str | None = Field(None, description="Percent against the unit's own trailing 30-day baseline.")
    rank: int | None
    points: str | None = Field(None, description="Monthly ranking only: assessment points.")
    score: str | None = Field(None, description="Monthly ranking only: 0–100 assessment score.")


class ValueRankingOut(Schema):
    period: str
    metric: str
    rows: list[RankOut]


class RankingQuery(Schema):
    date: str | None = Field(None, description="YYYY-MM-DD: the day's ranking.")
    month: str | None = Field(None, description="YYYY-MM: the month's ranking and assessment (instead of date).")
    group: str | None = Field(None, description="A peer group code; every visible group if not given.")
    metric: str | None = Field(None, description="value_per_hour (default), value or improvement.")


@router.post(
    "/value/records",
    response={200: RecordOut, 201: RecordOut, **WRITE_ERRORS},
    summary="Push a team's daily record",
)
def record_push(request, payload: RecordIn):
    """One record per unit + date + shift. Sent again unchanged: 200 `unchanged`. Changed while the day is open:
    200 `updated` (the earlier state kept as a revision). Changed after the day is locked: 409, unless a `reason`
    makes it a correction. Bad fields: 400 with `errors` per field (`items.2.quantity` for the second item)."""
    row = payload.model_dump(exclude={"reason"})
    try:
        (written,) = services.records_write(
            actor=request.auth_user, rows=[row], source=Source.API, reason=payload.reason
        )
    except InvalidInput as exc:
        rows = exc.errors.get("rows") if isinstance(exc.errors, dict) else None
        if not rows:
            raise
        errors: dict[str, list[str]] = {}
        for error in rows:
            errors.setdefault(error["field"], []).append(error["message"])
        return Status(
            400, {"message": _("Some of the values are not valid; see the errors for each field."), "errors": errors}
        )
    record = written.record
    body = {
        "status": written.status,
        "id": record.pk,
        "unit": record.unit.unit.code,
        "date": record.date.isoformat(),
        "shift": record.shift,
        "hours": str(record.hours),
        "value": str(record.value),
        "value_per_hour": _text(record.value_per_hour),
        "revision": record.revision,
    }
    return Status(201 if written.status == services.CREATED else 200, body)


@router.get("/value/rankings", response={200: ValueRankingOut, **LIST_ERRORS}, summary="A day's or a month's ranking")
def ranking_list(request, filters: Query[RankingQuery]):
    """Each unit's value, hours, value per hour and rank within its peer group (ties share a rank, the next is
    skipped). With `month`, the month's totals ranked by `metric` (or each group's assessment metric) with the
    assessment points and 0–100 score."""
    user = request.auth_user
    group = selectors.group_detail(user=user, code=filters.group) if filters.group else None
    codes = {g.pk: g.code for g in ([group] if group else selectors.group_list(user=user))}
    if filters.month:
        month = selectors.parse_month(filters.month)
        metric = selectors.parse_metric(filters.metric) if filters.metric else None
        rows, assessment = selectors.monthly_ranking(user=user, month=month, group=group, metric=metric)
        period = f"{month:%Y-%m}"
    else:
        if not filters.date:
            raise InvalidInput(_("Give a date (YYYY-MM-DD) or a month (YYYY-MM)."), errors={"date": [_("Required.")]})
        day = selectors.parse_date(filters.date)
        metric = selectors.parse_metric(filters.metric)
        rows, assessment = selectors.daily_ranking(user=user, day=day, group=group, metric=metric), {}
        period = day.isoformat()
    return {
        "period": period,
        "metric": metric or "assessment",
        "rows": [
            {
                "unit": r.code,
                "name": r.name,
                "group": codes.get(r.group_id, ""),
                "value": str(r.value),
                "hours": str(r.hours),
                "value_per_hour": _text(r.value_per_hour),
                "improvement": _text(r.improvement),
                "rank": r.rank,
                "points": _text(assessment[r.unit_id][0]) if r.unit_id in assessment else None,
                "score": _text(assessment[r.unit_id][1]) if r.unit_id in assessment else None,
            }
            for r in rows
        ],
    }
