"""Value accounting in the API: the push of a team's daily record by MES/ERP (POST /value/records: 201 created,
200 for an identical replay or an update of an open day, 409 against a locked record, 400 with field errors) and
the rankings (GET /value/rankings?date=…|month=…&group=…&metric=…), decimals as strings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from dangjian.core.api.errors import LIST_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import resolve
from dangjian.core.errors import InvalidInput, NotFound
from dangjian.core.permissions import CHANGE, VIEW
from dangjian.value import selectors, services
from dangjian.value.models import PeerGroup
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
    hours: str | float | int | None = Field(
        None,
        description='Person-hours of the whole shift (当班工时): people × hours each, e.g. 12 × 8 = "96".',
    )
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
    outlier: bool = Field(
        description="Value per hour far outside the team's own range: not ranked until someone confirms the figures."
    )


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
        "outlier": record.unconfirmed,
    }
    return Status(201 if written.status == services.CREATED else 200, body)


class BatchRecordIn(Schema):
    unit: str | None = None
    date: str | None = None
    shift: str | None = None
    hours: str | float | int | None = None
    items: list[LineIn] = []


class RecordsIn(Schema):
    # Empty by default so that a caller without the right gets 403 before any complaint about the body.
    records: list[BatchRecordIn] = []
    reason: str = Field("", max_length=200, description="Needed to correct records of a locked day.")


class RecordCountsOut(Schema):
    created: int
    updated: int
    unchanged: int
    outliers: int = Field(description="Records written with a value per hour far outside their team's own range.")


# Before any route that could match /value/records/{...}: the batch is a path of its own.
@router.post(
    "/value/records/batch",
    response={200: RecordCountsOut, **WRITE_ERRORS},
    summary="Push many daily records at once",
)
def records_push(request, payload: RecordsIn):
    """Write up to 5,000 daily records (a shift's or a day's for every team) in one call, all or nothing: the way
    for MES/ERP to send more than a few. Each record as in POST /value/records (sent again unchanged: left alone;
    changed while the day is open: updated with a revision). Any bad record: 400 with `errors.rows`, one entry per
    bad field (`row` = the record's 1-based position, `field` as `items.2.quantity`), and nothing is written. A
    changed record of a locked day: 409, unless `reason` makes the batch a correction."""
    rows = [record.model_dump() for record in payload.records]
    try:
        written = services.records_write(actor=request.auth_user, rows=rows, source=Source.API, reason=payload.reason)
    except InvalidInput as exc:
        if not isinstance(exc.errors, dict) or "rows" not in exc.errors:
            raise
        return Status(400, {"message": exc.message, "errors": {"rows": exc.errors["rows"]}})
    counts = {services.CREATED: 0, services.UPDATED: 0, services.UNCHANGED: 0}
    for one in written:
        counts[one.status] += 1
    return {**counts, "outliers": sum(1 for one in written if one.record.unconfirmed)}


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


# ---------------------------------------------------------------- the catalogue (set up by the party office)


class ValueItemIn(Schema):
    code: str = Field(max_length=40)
    name: str = Field(max_length=100)
    kind: str = Field(description="output (valued at its internal price) or input (at its standard price)")
    unit_of_measure: str = Field("", max_length=20, description="e.g. t, kWh, 块")
    sort_order: int = Field(0, ge=0, le=100000)
    org: str | None = Field(
        None, description="The company's top party org code; the caller's only company if not given."
    )
    price: Decimal | None = Field(None, description="A first price (元 per unit of measure), from `effective_from`.")
    effective_from: dt.date | None = None


class ValueItemOut(Schema):
    code: str
    name: str
    kind: str
    unit_of_measure: str
    active: bool
    company: str | None


class ValuePriceIn(Schema):
    effective_from: dt.date = Field(description="The price holds from this day until the next version's day.")
    price: Decimal = Field(description="元 per unit of measure, ≥ 0.")


class ValuePriceOut(Schema):
    item: str
    effective_from: dt.date
    price: str


class ValueGroupItemIn(Schema):
    item: str
    target_per_hour: Decimal | None = None


class ValueGroupIn(Schema):
    code: str = Field(max_length=40)
    name: str = Field(max_length=100)
    org: str | None = Field(
        None, description="The company's top party org code; the caller's only company if not given."
    )
    metric: str = Field("value_per_hour", description="value_per_hour, value or improvement")
    top_points: str = Field("10,8,6", max_length=100, description="Points of ranks 1, 2, 3 … in the month.")
    target_value_per_hour: Decimal | None = None
    items: list[ValueGroupItemIn] = Field([], description="The items the group accounts for, in entry order.")


class ValueGroupOut(Schema):
    code: str
    name: str
    metric: str
    top_points: str
    items: list[str]


class ValueEnrolIn(Schema):
    unit: str = Field(description="The production unit's code (a team or a shift crew).")
    group: str = Field(description="The peer group's code.")
    org: str = Field(description="The code of the party org responsible for the team (whose people enter its days).")


class ValueEnrolOut(Schema):
    unit: str
    name: str
    group: str
    org: str
    active: bool


def _item_out(item) -> dict:
    return {
        "code": item.code,
        "name": item.name,
        "kind": item.kind,
        "unit_of_measure": item.unit_of_measure,
        "active": item.active,
        "company": item.org.code if item.org_id else None,
    }


def _company(user, code: str | None):
    from dangjian.org.models import PartyOrg

    return resolve(PartyOrg.objects.restrict(user, VIEW), "org", code, code=code)


@router.post("/value/items", response={201: ValueItemOut, **WRITE_ERRORS}, summary="Add an accounting item")
def value_item_create(request, payload: ValueItemIn):
    """An output or input of the company's catalogue, with its unit of measure and (optionally) a first price. The
    party office of the whole company only; a code already in use is 409."""
    user = request.auth_user
    with transaction.atomic():
        item = services.item_create(
            actor=user,
            code=payload.code.strip(),
            name=payload.name.strip(),
            kind=payload.kind,
            unit_of_measure=payload.unit_of_measure.strip(),
            sort_order=payload.sort_order,
            org=_company(user, payload.org),
        )
        if payload.price is not None:
            if payload.effective_from is None:
                raise InvalidInput(
                    _("Give the day the first price holds from."), errors={"effective_from": [_("Required.")]}
                )
            services.price_set(actor=user, item=item, effective_from=payload.effective_from, price=payload.price)
    return Status(201, _item_out(item))


@router.post(
    "/value/items/{code}/prices",
    response={201: ValuePriceOut, **WRITE_ERRORS},
    summary="Set an item's price from a day",
)
def value_price_create(request, code: str, payload: ValuePriceIn):
    """A new price version from `effective_from` (or a new price for that version): records on and after that day,
    until the next version, are revalued; earlier days keep their price."""
    user = request.auth_user
    item = selectors.item_detail(user=user, code=code)
    version = services.price_set(actor=user, item=item, effective_from=payload.effective_from, price=payload.price)
    return Status(201, {"item": item.code, "effective_from": version.effective_from, "price": str(version.price)})


@router.post("/value/groups", response={201: ValueGroupOut, **WRITE_ERRORS}, summary="Add a peer group")
def value_group_create(request, payload: ValueGroupIn):
    """A peer group (对标组) of comparable teams, its monthly assessment rule and the items it accounts for."""
    user = request.auth_user
    with transaction.atomic():
        org = _company(user, payload.org) or services.company_of(user, None, "add")
        group = services.group_create(
            actor=user,
            code=payload.code.strip(),
            name=payload.name.strip(),
            org=org,
            metric=payload.metric,
            top_points=payload.top_points,
            target_value_per_hour=payload.target_value_per_hour,
        )
        for n, line in enumerate(payload.items):
            try:
                item = selectors.item_detail(user=user, code=line.item)
            except NotFound as exc:
                raise InvalidInput(exc.message, errors={f"items.{n + 1}.item": [exc.message]}) from None
            services.group_item_set(
                actor=user, group=group, item=item, target_per_hour=line.target_per_hour, sort_order=n
            )
    body = {
        "code": group.code,
        "name": group.name,
        "metric": group.metric,
        "top_points": group.top_points,
        "items": [line.item for line in payload.items],
    }
    return Status(201, body)


@router.post("/value/units", response={201: ValueEnrolOut, **WRITE_ERRORS}, summary="Enrol a team")
def value_unit_enrol(request, payload: ValueEnrolIn):
    """Make a team or shift crew of the company an accounting team of a peer group, with the party org responsible
    for it. Enrolling a retired team again re-activates it."""
    from dangjian.org import tenancy
    from dangjian.org.models import PartyOrg

    user = request.auth_user
    services.require_company(user, "add")  # the office's question first: no other role learns what codes exist
    unit = resolve(tenancy.units(user), "unit", payload.unit, code=payload.unit)
    group = resolve(PeerGroup.objects.restrict(user, VIEW), "group", payload.group, code=payload.group)
    org = resolve(PartyOrg.objects.restrict(user, VIEW), "org", payload.org, code=payload.org)
    accounting = services.unit_enrol(actor=user, unit=unit, group=group, org=org)
    body = {
        "unit": unit.code,
        "name": unit.name,
        "group": group.code,
        "org": org.code,
        "active": accounting.active,
    }
    return Status(201, body)


# ---------------------------------------------------------------- the year's winning teams (优胜班组)


class ValueWinnerOut(Schema):
    year: int
    unit: str = Field(description="The production unit's code.")
    name: str
    group: str = Field(description="The peer group's code.")
    points: str = Field(description="The assessment points the team was chosen with.")
    rule: str = Field(description="How the winners were chosen.")
    note: str


class ValueWinnerIn(Schema):
    unit: str = Field(max_length=40, description="The code of an enrolled team of your company.")
    points: Decimal = Field(Decimal(0), ge=0, max_digits=10, decimal_places=2)


class ValueWinnersIn(Schema):
    winners: list[ValueWinnerIn] = Field([], max_length=500, description="The whole list; [] takes every team off.")
    rule: str = Field(min_length=2, max_length=300, description="How they were chosen, shown with the list.")
    note: str = Field("", max_length=200)


class ValueWinnersComputeIn(Schema):
    per_group: int = Field(3, ge=1, le=50, description="How many teams of each peer group win.")
    minimum_points: Decimal = Field(Decimal(0), ge=0, description="Only teams with more points than this.")


def _winners_out(user, year: int) -> list[dict]:
    return [
        {
            "year": w.year,
            "unit": w.unit.unit.code,
            "name": w.unit.unit.name,
            "group": w.unit.group.code,
            "points": str(w.points),
            "rule": w.rule,
            "note": w.note,
        }
        for w in selectors.winner_list(user=user, year=year)
    ]


@router.get(
    "/value/winners/{year}",
    response={200: list[ValueWinnerOut], **LIST_ERRORS},
    summary="The year's winning teams",
)
def value_winner_list(request, year: int = Path(..., ge=2000, le=2100)):
    """The year's winning teams (优胜班组) you may see, most points first, with the rule used to choose them."""
    return _winners_out(request.auth_user, year)


@router.put(
    "/value/winners/{year}",
    response={200: list[ValueWinnerOut], **WRITE_ERRORS},
    summary="Name the year's winning teams",
)
def value_winners_set(request, payload: ValueWinnersIn, year: int = Path(..., ge=2000, le=2100)):
    """Name the year's winning teams with their assessment points and the rule used, replacing the year's list of
    your company: the party members of a team that joins it earn the company's "winning team" points, those of a
    team that leaves it lose them. `winners: []` takes every team off. The party office of the whole company only."""
    user = request.auth_user
    services.require_company(user, CHANGE)  # the office's question first: no other role learns what codes exist
    chosen, seen = [], set()
    for n, line in enumerate(payload.winners, start=1):
        field = f"winners.{n}.unit"
        try:
            unit = selectors.unit_detail(user=user, code=line.unit, action=VIEW)
        except NotFound as exc:
            raise InvalidInput(exc.message, errors={field: [exc.message]}) from None
        if unit.pk in seen:
            message = _("%(code)s is named twice.") % {"code": line.unit}
            raise InvalidInput(message, errors={field: [message]})
        seen.add(unit.pk)
        chosen.append((unit, line.points))
    services.winners_set(actor=user, year=year, units=chosen, note=payload.note.strip(), rule=payload.rule.strip())
    return _winners_out(user, year)


@router.post(
    "/value/winners/{year}/compute",
    response={200: list[ValueWinnerOut], **WRITE_ERRORS},
    summary="Choose the year's winning teams by a rule",
)
def value_winners_compute(request, payload: ValueWinnersComputeIn, year: int = Path(..., ge=2000, le=2100)):
    """Choose the year's winners as the winners page does: in each active peer group of your company, the
    `per_group` teams with the most assessment points over the year (more than `minimum_points`); the rule is
    written out with the list. Replaces the year's list, with the same points to members as naming them."""
    user = request.auth_user
    services.winners_compute(actor=user, year=year, per_group=payload.per_group, minimum_points=payload.minimum_points)
    return _winners_out(user, year)
