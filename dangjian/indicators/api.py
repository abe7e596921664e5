"""Indicators in the API: the catalogue, series rolled up for a unit's subtree, and the batch push of values that
MES/ERP systems use (POST /indicators/values: idempotent, all or nothing, 400 with an error per bad row)."""

import datetime as dt
from decimal import Decimal
from enum import Enum

from django.db.models import F, Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination, get_in_scope, resolve
from dangjian.core.errors import InvalidInput
from dangjian.core.permissions import CHANGE, VIEW
from dangjian.indicators import services
from dangjian.indicators.models import Indicator, Target
from dangjian.indicators.periods import period_label
from dangjian.indicators.rollup import FINENESS, rollup_series
from dangjian.org import tenancy
from dangjian.org.api.common import changed_fields, plain

router = Router(tags=["indicators"])
# A series answers at most this many points: ask for a shorter range or a coarser granularity.
MAX_POINTS = 5000
Category = Enum("Category", {c: c for c in Indicator.Category.values}, type=str)
Bucket = Enum("Bucket", {b: b for b in FINENESS}, type=str)


def _code(obj) -> str | None:
    return obj.code if obj is not None else None


class IndicatorOut(Schema):
    code: str
    name: str
    unit_of_measure: str
    category: str
    direction: str = Field(description="'higher' or 'lower' is better.")
    rollup: str = Field(description="sum, weighted_avg, ratio, last or avg.")
    weight: str | None = Field(None, description="For weighted_avg: the code of the weighting indicator.")
    numerator: str | None = Field(None, description="For ratio: the code of the numerator indicator.")
    denominator: str | None = Field(None, description="For ratio: the code of the denominator indicator.")
    factor: Decimal
    granularity: str = Field(description="shift, day or month: the period of one stored value.")
    owner_unit: str | None = None
    benchmark: Decimal | None = Field(None, description="Industry benchmark (标杆).")
    decimals: int
    active: bool
    key: bool = Field(False, description="Shown on the kiosk of the company's key indicators.")

    @staticmethod
    def resolve_weight(obj) -> str | None:
        return _code(obj.weight)

    @staticmethod
    def resolve_numerator(obj) -> str | None:
        return _code(obj.numerator)

    @staticmethod
    def resolve_denominator(obj) -> str | None:
        return _code(obj.denominator)

    @staticmethod
    def resolve_owner_unit(obj, context) -> str | None:
        # The catalogue is shared; the owner unit is named only to the callers of its company.
        unit = obj.owner_unit
        request = context.get("request") if context else None
        user = getattr(request, "auth_user", None)
        return _code(unit) if unit is not None and tenancy.in_company(user, unit) else None


class IndicatorFilters(Schema):
    category: Category | None = None
    q: str | None = Field(None, max_length=100, description="Part of the name or code.")
    include_inactive: bool = Field(False, description="Also indicators no longer in use.")


class ValueIn(Schema):
    # Loosely typed on purpose: the service checks every row and names each bad one, rather than refusing the
    # whole body on the first type error.
    indicator: str | None = None
    unit: str | None = None
    period: str | None = Field(None, description="YYYY-MM-DD for a day or shift value, YYYY-MM for a month.")
    value: str | float | int | None = Field(None, description="A number; send a string to keep every digit.")
    shift: str | None = Field(None, description="A, B, C or D — only for shift indicators.")


class ValuesIn(Schema):
    # Empty by default so that a caller without the right gets 403 before any complaint about the body.
    values: list[ValueIn] = []
    reason: str = Field("", max_length=200, description="Why values are being changed, kept with each revision.")


class IndicatorValueCountsOut(Schema):
    created: int
    updated: int
    unchanged: int


class PointOut(Schema):
    period: str = Field(description="2024-03 for a month, 2024 for a year, 2024-03-05 for a day, '2024-03-05 A'.")
    start: dt.date
    shift: str
    value: Decimal | None


class SeriesOut(Schema):
    indicator: str
    unit: str
    granularity: str
    rollup: str
    points: list[PointOut]


class SeriesQuery(Schema):
    unit: str | None = Field(
        None, description="A unit code: the series covers this unit and every unit below it (the company if not given)."
    )
    start: dt.date | None = Field(None, alias="from", description="First day (YYYY-MM-DD); see `to`.")
    end: dt.date | None = Field(
        None,
        alias="to",
        description="Last day (YYYY-MM-DD), included; today if not given. Without `from`, the series covers the 31 "
        "days (shift or day series) or the 12 months (month or year series) up to `to`.",
    )
    granularity: Bucket | None = Field(None, description="shift, day, month or year; the indicator's own if not given.")


Direction = Enum("Direction", {c: c for c in Indicator.Direction.values}, type=str)
Rollup = Enum("Rollup", {c: c for c in Indicator.Rollup.values}, type=str)
Granularity = Enum("Granularity", {c: c for c in Indicator.Granularity.values}, type=str)


class IndicatorPatch(Schema):
    """The fields of an indicator that can change; codes name the weight, numerator, denominator and owner unit."""

    name: str | None = Field(None, max_length=100)
    unit_of_measure: str | None = Field(None, max_length=30)
    category: Category | None = None
    direction: Direction | None = None
    rollup: Rollup | None = None
    weight: str | None = Field(None, max_length=40, description="For weighted_avg: the weighting indicator's code.")
    numerator: str | None = Field(None, max_length=40, description="For ratio: the numerator indicator's code.")
    denominator: str | None = Field(None, max_length=40, description="For ratio: the denominator indicator's code.")
    factor: Decimal | None = Field(None, gt=0, max_digits=12, decimal_places=4)
    granularity: Granularity | None = None
    owner_unit: str | None = Field(None, max_length=40, description="The code of a unit of your company.")
    benchmark: Decimal | None = Field(None, max_digits=20, decimal_places=6)
    decimals: int | None = Field(None, ge=0, le=6)
    description: str | None = None
    active: bool | None = Field(None, description="false retires the indicator (no new values; history stays).")
    sort_order: int | None = Field(None, ge=0)
    key: bool | None = None


class IndicatorIn(IndicatorPatch):
    code: str = Field(max_length=40)
    name: str = Field(max_length=100)
    granularity: Granularity


def _indicator_fields(request, data: dict) -> dict:
    """Codes in the body turned into the objects they name, each looked up in the caller's scope (400 otherwise)."""
    user = request.auth_user
    for name in ("weight", "numerator", "denominator"):
        if data.get(name) is not None:
            data[name] = resolve(visible_indicators(request), name, data[name], code=data[name])
    if data.get("owner_unit") is not None:
        data["owner_unit"] = resolve(tenancy.units(user), "owner_unit", data["owner_unit"], code=data["owner_unit"])
    for name in ("unit_of_measure", "description"):
        if name in data and data[name] is None:
            data[name] = ""
    return data


def visible_indicators(request):
    return Indicator.objects.restrict(request.auth_user, VIEW).select_related(
        "weight", "numerator", "denominator", "owner_unit"
    )


@router.get("/indicators", response={200: list[IndicatorOut], **LIST_ERRORS}, summary="List indicators")
@paginate(Pagination)
def indicator_list(request, filters: Query[IndicatorFilters]):
    """The indicator catalogue in its display order."""
    indicators = visible_indicators(request)
    if not filters.include_inactive:
        indicators = indicators.filter(active=True)
    if filters.category:
        indicators = indicators.filter(category=filters.category)
    if filters.q:
        indicators = indicators.filter(Q(name__icontains=filters.q) | Q(code__icontains=filters.q))
    return indicators.order_by("sort_order", "code")


# Before /indicators/{code}: Django resolves the first matching path, and that one answers only GET.
@router.post(
    "/indicators/values",
    response={200: IndicatorValueCountsOut, **WRITE_ERRORS},
    summary="Push indicator values",
)
def values_push(request, payload: ValuesIn):
    """Write a batch of values (at most 5,000). Idempotent per indicator + unit + period (+ shift): a value sent
    again unchanged is left alone; a changed value replaces the stored one, which is kept as a revision.
    If any value is bad, nothing is written and the answer is 400 with `errors.rows`: one entry per bad field,
    `row` being the value's 1-based position in `values`."""
    rows = [item.model_dump() for item in payload.values]
    try:
        counts = services.values_upsert(
            actor=request.auth_user, rows=rows, source=services.Source.API, reason=payload.reason
        )
    except InvalidInput as exc:
        if "rows" not in exc.errors:
            raise
        return Status(400, {"message": exc.message, "errors": {"rows": exc.errors["rows"]}})
    return counts


@router.post("/indicators", response={201: IndicatorOut, **WRITE_ERRORS}, summary="Add an indicator")
def indicator_create(request, payload: IndicatorIn):
    """Add an indicator to your company's catalogue (the party office of the whole company). Which company: that of
    `owner_unit`, else yours. Codes are unique across the installation."""
    data = _indicator_fields(request, plain(payload.model_dump(exclude_unset=True)))
    indicator = services.indicator_create(actor=request.auth_user, **data)
    return Status(201, get_in_scope(visible_indicators(request), pk=indicator.pk))


@router.patch("/indicators/{code}", response={200: IndicatorOut, **WRITE_ERRORS}, summary="Change an indicator")
def indicator_update(request, code: str, payload: IndicatorPatch):
    """Change an indicator of your company's catalogue; `active: false` retires it. Granularity, and whether it is
    a ratio, are fixed once values exist (409)."""
    indicator = get_in_scope(visible_indicators(request), code=code)
    data = changed_fields(
        payload, required=("name", "category", "direction", "rollup", "granularity", "factor", "decimals", "active")
    )
    data = _indicator_fields(request, data)
    services.indicator_update(actor=request.auth_user, indicator=indicator, **data)
    return get_in_scope(visible_indicators(request), pk=indicator.pk)


@router.get("/indicators/{code}", response={200: IndicatorOut, **READ_ERRORS}, summary="Read an indicator")
def indicator_detail(request, code: str):
    return get_in_scope(visible_indicators(request), code=code)


def _points(bucket: str, start: dt.date, end: dt.date) -> int:
    days = (end - start).days + 1
    return {"shift": days * 4, "day": days, "month": days // 28 + 1, "year": days // 365 + 1}[bucket]


@router.get(
    "/indicators/{code}/series",
    response={200: SeriesOut, **LIST_ERRORS},
    summary="A series rolled up for a unit's subtree",
)
def indicator_series(request, code: str, query: Query[SeriesQuery]):
    """The indicator per period from `from` to `to` for the unit and every unit below it, combined by the indicator's
    own roll-up rule (a ratio is always Σ numerator ÷ Σ denominator). Periods without data are left out."""
    indicator = get_in_scope(visible_indicators(request), code=code)
    # Units are reached through the indicator grant (the integration account holds no unit grant), only inside the
    # caller's companies: another company's unit is 404, and without one the series is of the caller's company.
    if query.unit:
        unit = get_in_scope(tenancy.units(request.auth_user), code=query.unit)
    else:
        unit = tenancy.company_root_unit(request.auth_user)
        if unit is None:
            raise Http404
    bucket = query.granularity.value if query.granularity else indicator.granularity
    end = query.end or timezone.localdate()
    if query.start:
        start = query.start
    elif FINENESS[bucket] <= FINENESS["day"]:
        start = end - dt.timedelta(days=30)
    else:
        start = (end.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
    if end < start:
        raise InvalidInput(_("The series cannot end before it starts."), errors={"to": [_("Give a later day.")]})
    if FINENESS[bucket] < FINENESS[indicator.granularity]:
        raise InvalidInput(
            _("%(name)s is recorded per %(granularity)s; ask for that or a coarser granularity.")
            % {"name": indicator.name, "granularity": indicator.get_granularity_display()},
            errors={"granularity": [_("Too fine for this indicator.")]},
        )
    if _points(bucket, start, end) > MAX_POINTS:
        raise InvalidInput(
            _("That would be more than %(max)s points; ask for a shorter range or a coarser granularity.")
            % {"max": MAX_POINTS},
            errors={"from": [_("Too long a range for this granularity.")]},
        )
    points = rollup_series(indicator, unit, start, end, bucket)
    return {
        "indicator": indicator.code,
        "unit": unit.code,
        "granularity": bucket,
        "rollup": indicator.rollup,
        "points": [
            {
                "period": str(p.start.year) if bucket == "year" else period_label(bucket, p.start, p.shift),
                "start": p.start,
                "shift": p.shift,
                "value": p.value,
            }
            for p in points
        ],
    }


# ---------------------------------------------------------------- targets (目标值) per unit and year or month


class TargetOut(Schema):
    indicator: str
    unit: str
    year: int
    month: int | None = Field(None, description="1–12; null for the target of the whole year.")
    value: Decimal
    updated_at: dt.datetime

    @staticmethod
    def resolve_indicator(obj) -> str:
        return obj.indicator.code

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.unit.code


class TargetIn(Schema):
    unit: str = Field(max_length=40, description="The code of a unit your party organisation covers.")
    year: int = Field(ge=2000, le=2100)
    month: int | None = Field(None, ge=1, le=12, description="1–12; leave it out for the target of the whole year.")
    value: Decimal = Field(max_digits=20, decimal_places=6)


class TargetFilters(Schema):
    unit: str | None = Field(None, max_length=40, description="Only this unit's targets (a unit code).")
    year: int | None = Field(None, ge=2000, le=2100)


class TargetKey(Schema):
    unit: str = Field(max_length=40, description="The unit's code.")
    year: int = Field(ge=2000, le=2100)
    month: int | None = Field(None, ge=1, le=12, description="1–12; leave it out for the whole year's target.")


def _target_unit(request, code: str):
    """A unit of the caller's companies by code (another company's, or none: 404); the write scope is the
    service's."""
    return get_in_scope(tenancy.units(request.auth_user), code=code)


def _target(indicator, unit, year: int, month: int | None):
    return Target.objects.select_related("indicator", "unit").filter(
        indicator=indicator, unit=unit, year=year, month=month
    )


@router.get(
    "/indicators/{code}/targets", response={200: list[TargetOut], **LIST_ERRORS}, summary="Targets of an indicator"
)
@paginate(Pagination)
def target_list(request, code: str, filters: Query[TargetFilters]):
    """The indicator's targets at the units of your companies, by unit, year and month (the year's own first)."""
    indicator = get_in_scope(visible_indicators(request), code=code)
    targets = Target.objects.restrict(request.auth_user, VIEW).filter(indicator=indicator)
    if filters.unit:
        targets = targets.filter(unit__code=filters.unit)
    if filters.year:
        targets = targets.filter(year=filters.year)
    return targets.select_related("indicator", "unit").order_by("unit__path", "year", F("month").asc(nulls_first=True))


@router.post(
    "/indicators/{code}/targets",
    response={200: TargetOut, 201: TargetOut, **WRITE_ERRORS},
    summary="Set a target",
)
def target_set(request, code: str, payload: TargetIn):
    """Set the indicator's target at a unit for a month, or for the whole year (no `month`): 201 when the unit had
    none for that period, 200 when it replaces one (the earlier value stays in the audit log). Only for the units
    your party organisation covers (403 for another of your company's; 404 for another company's)."""
    user = request.auth_user
    indicator = get_in_scope(visible_indicators(request), code=code)
    services.require_anywhere(user, CHANGE)  # a reader learns nothing about the unit named
    unit = _target_unit(request, payload.unit)
    existed = _target(indicator, unit, payload.year, payload.month).exists()
    target = services.target_set(
        actor=user, indicator=indicator, unit=unit, year=payload.year, month=payload.month, value=payload.value
    )
    return Status(200 if existed else 201, _target(indicator, unit, target.year, target.month).get())


@router.delete(
    "/indicators/{code}/targets",
    response={204: None, **WRITE_ERRORS},
    summary="Take away a target",
)
def target_clear(request, code: str, key: Query[TargetKey]):
    """Take away the indicator's target at a unit for a month (`month`), or the whole year's (no `month`); a month
    without its own target then falls back to the year's. 404 when there is no such target."""
    user = request.auth_user
    indicator = get_in_scope(visible_indicators(request), code=code)
    services.require_anywhere(user, CHANGE)
    unit = _target_unit(request, key.unit)
    if not services.target_clear(actor=user, indicator=indicator, unit=unit, year=key.year, month=key.month):
        raise Http404
    return HttpResponse(status=204)
