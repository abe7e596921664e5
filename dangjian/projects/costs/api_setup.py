"""Setting a cost-reduction programme up through the API: the programme, its items (indicator × unit, targets, owner,
price) and each item's measures — the programme pages' services, so the same "project" grant at the owner org (403),
scope (404; a code out of reach is 400 on its field) and audit rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from dangjian.core.api.errors import READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import resolve
from dangjian.core.permissions import VIEW
from dangjian.indicators.models import Indicator
from dangjian.org import tenancy
from dangjian.org.api.common import changed_fields
from dangjian.org.models import PartyOrg, Person
from dangjian.projects.costs import selectors, services
from dangjian.projects.costs.models import Programme, ProgrammeItem

router = Router(tags=["costs"])

AMOUNT = {"max_digits": 20, "decimal_places": 6}
Amount = Annotated[Decimal, Field(**AMOUNT)]
PERCENT = {"ge": 0, "max_digits": 6, "decimal_places": 2}


class CostMeasureOut(Schema):
    id: int
    text: str
    sort_order: int


class CostItemOut(Schema):
    id: int
    indicator: str = Field(description="Code of the indicator.")
    unit: str = Field(description="Code of the production unit.")
    annual_target: Decimal
    owner: str | None = Field(None, description="The owner's employee number (their pay is tied to the item).")
    unit_price: Decimal | None = Field(None, description="元 per unit saved; null: no money figure.")
    monthly_targets: dict[str, Decimal] = Field(description="Month number (1–12) → that month's own target.")
    measures: list[CostMeasureOut]
    sort_order: int

    @staticmethod
    def resolve_indicator(obj) -> str:
        return obj.indicator.code

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_owner(obj) -> str | None:
        return obj.owner.employee_no if obj.owner_id else None

    @staticmethod
    def resolve_monthly_targets(obj) -> dict[str, Decimal]:
        return {str(t.month): t.value for t in obj.monthly_targets.all()}

    @staticmethod
    def resolve_measures(obj) -> list:
        return list(obj.measures.all())


class ProgrammeDetailOut(Schema):
    id: int
    year: int
    name: str
    description: str
    owner_org: str = Field(description="The code of the party organisation that owns the programme.")
    full_points: Decimal
    full_at: Decimal
    zero_below: Decimal
    items: list[CostItemOut]

    @staticmethod
    def resolve_owner_org(obj) -> str:
        return obj.owner_org.code

    @staticmethod
    def resolve_items(obj) -> list:
        return selectors.programme_items(obj)


class ProgrammeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    owner_org: str = Field(max_length=40, description="Code of a party org where you may run projects.")
    year: int = Field(ge=2000, le=2100)
    name: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=4000)
    full_points: Decimal = Field(Decimal(10), gt=0, max_digits=8, decimal_places=2)
    full_at: Decimal = Field(Decimal(100), **PERCENT)
    zero_below: Decimal = Field(Decimal(90), **PERCENT)


class ProgrammePatch(Schema):
    """Only the fields sent change; moving the programme to another org needs the grant at both."""

    model_config = ConfigDict(extra="forbid")

    owner_org: str | None = Field(None, max_length=40)
    year: int | None = Field(None, ge=2000, le=2100)
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=4000)
    full_points: Decimal | None = Field(None, gt=0, max_digits=8, decimal_places=2)
    full_at: Decimal | None = Field(None, **PERCENT)
    zero_below: Decimal | None = Field(None, **PERCENT)


class CostItemIn(Schema):
    model_config = ConfigDict(extra="forbid")

    indicator: str = Field(max_length=40, description="Code of an indicator of your company's catalogue.")
    unit: str = Field(max_length=40, description="Code of a production unit of your company.")
    annual_target: Decimal = Field(**AMOUNT)
    owner: str | None = Field(None, max_length=30, description="Employee number of a person you may see.")
    unit_price: Decimal | None = Field(None, ge=0, **AMOUNT)
    monthly_targets: dict[int, Amount] = Field({}, description="Month number (1–12) → target; others follow the year.")
    measures: list[str] = Field([], max_length=50, description="The measures (重点措施), one text each.")
    sort_order: int = Field(0, ge=0, le=1_000_000)


class CostItemPatch(Schema):
    """Only the fields sent change; `monthly_targets` and `measures`, when sent, replace the item's."""

    model_config = ConfigDict(extra="forbid")

    indicator: str | None = Field(None, max_length=40)
    unit: str | None = Field(None, max_length=40)
    annual_target: Decimal | None = Field(None, **AMOUNT)
    owner: str | None = Field(None, max_length=30)
    unit_price: Decimal | None = Field(None, ge=0, **AMOUNT)
    monthly_targets: dict[int, Amount] | None = None
    measures: list[str] | None = Field(None, max_length=50)
    sort_order: int | None = Field(None, ge=0, le=1_000_000)


class CostMeasureIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=300)
    sort_order: int | None = Field(None, ge=0, le=1_000_000, description="Empty: after the item's last measure.")


class CostMeasurePatch(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, min_length=1, max_length=300)
    sort_order: int | None = Field(None, ge=0, le=1_000_000)


def _programme(request, programme_id: int) -> Programme:
    return selectors.programme_detail(user=request.auth_user, pk=programme_id)


def _org(request, code: str) -> PartyOrg:
    return resolve(PartyOrg.objects.restrict(request.auth_user, VIEW), "owner_org", code, code=code)


def _references(request, data: dict) -> dict:
    """Codes in an item's payload turned into the rows they name, in the caller's company (400 on the field)."""
    user = request.auth_user
    if "indicator" in data:
        code = data["indicator"]
        data["indicator"] = resolve(Indicator.objects.restrict(user, VIEW), "indicator", code, code=code)
    if "unit" in data:
        data["unit"] = resolve(tenancy.units(user), "unit", data["unit"], code=data["unit"])
    if data.get("owner") is not None:
        people = Person.objects.restrict(user, VIEW)
        data["owner"] = resolve(people, "owner", data["owner"], employee_no=data["owner"])
    return data


# --- programmes ------------------------------------------------------------------------------------------------------


@router.get(
    "/costs/programmes/{programme_id}", response={200: ProgrammeDetailOut, **READ_ERRORS}, summary="Read a programme"
)
def programme_detail(request, programme_id: int):
    """A programme with its pay rule and its items (targets, owner, price, measures)."""
    return _programme(request, programme_id)


# POST /costs/programmes shares its path with the list, so api.py registers it on the list's router (a path is
# matched once, by the first router that has it).
def programme_create(request, payload: ProgrammeIn):
    """A programme for a party org where you may add projects (403 otherwise); the name is unique for the org and
    year (400)."""
    data = payload.model_dump()
    data["owner_org"] = _org(request, data["owner_org"])
    programme = services.programme_create(actor=request.auth_user, **data)
    return Status(201, _programme(request, programme.pk))


@router.patch(
    "/costs/programmes/{programme_id}", response={200: ProgrammeDetailOut, **WRITE_ERRORS}, summary="Change a programme"
)
def programme_update(request, programme_id: int, payload: ProgrammePatch):
    programme = _programme(request, programme_id)
    data = changed_fields(
        payload,
        required=("owner_org", "year", "name", "full_points", "full_at", "zero_below"),
        blank_as_empty=("description",),
    )
    if "owner_org" in data:
        data["owner_org"] = _org(request, data["owner_org"])
    services.programme_update(actor=request.auth_user, programme=programme, **data)
    return _programme(request, programme_id)


# --- items -----------------------------------------------------------------------------------------------------------


@router.get(
    "/costs/programmes/{programme_id}/items",
    response={200: list[CostItemOut], **READ_ERRORS},
    summary="A programme's items",
)
def cost_item_list(request, programme_id: int):
    return selectors.programme_items(_programme(request, programme_id))


@router.post(
    "/costs/programmes/{programme_id}/items", response={201: CostItemOut, **WRITE_ERRORS}, summary="Add an item"
)
def cost_item_create(request, programme_id: int, payload: CostItemIn):
    """An indicator of the programme at one unit, with its targets, owner, price and measures; one item per
    indicator and unit (400)."""
    programme = _programme(request, programme_id)
    data = _references(request, payload.model_dump())
    item = services.item_save(actor=request.auth_user, programme=programme, **data)
    return Status(201, selectors.item_get(programme=programme, pk=item.pk))


def _item_state(item: ProgrammeItem) -> dict:
    """What item_save needs besides the fields a PATCH sends (it replaces the item's settings as a whole)."""
    return {
        "indicator": item.indicator,
        "unit": item.unit,
        "annual_target": item.annual_target,
        "owner": item.owner,
        "unit_price": item.unit_price,
        "monthly_targets": None,
        "measures": None,
        "sort_order": item.sort_order,
    }


@router.patch(
    "/costs/programmes/{programme_id}/items/{item_id}",
    response={200: CostItemOut, **WRITE_ERRORS},
    summary="Change an item",
)
def cost_item_update(request, programme_id: int, item_id: int, payload: CostItemPatch):
    programme = _programme(request, programme_id)
    item = selectors.item_get(programme=programme, pk=item_id)
    data = changed_fields(
        payload, required=("indicator", "unit", "annual_target", "monthly_targets", "measures", "sort_order")
    )
    data = {**_item_state(item), **_references(request, data)}
    services.item_save(actor=request.auth_user, programme=programme, item=item, **data)
    return selectors.item_get(programme=programme, pk=item.pk)


@router.delete(
    "/costs/programmes/{programme_id}/items/{item_id}", response={204: None, **WRITE_ERRORS}, summary="Remove an item"
)
def cost_item_delete(request, programme_id: int, item_id: int):
    """Take an item out of the programme, with its monthly targets and measures."""
    programme = _programme(request, programme_id)
    services.item_remove(actor=request.auth_user, item=selectors.item_get(programme=programme, pk=item_id))
    return Status(204, None)


# --- an item's measures ----------------------------------------------------------------------------------------------


@router.post(
    "/costs/programmes/{programme_id}/items/{item_id}/measures",
    response={201: CostMeasureOut, **WRITE_ERRORS},
    summary="Add a measure to an item",
)
def cost_measure_create(request, programme_id: int, item_id: int, payload: CostMeasureIn):
    item = selectors.item_get(programme=_programme(request, programme_id), pk=item_id)
    return Status(
        201, services.measure_add(actor=request.auth_user, item=item, text=payload.text, sort_order=payload.sort_order)
    )


@router.patch(
    "/costs/programmes/{programme_id}/items/{item_id}/measures/{measure_id}",
    response={200: CostMeasureOut, **WRITE_ERRORS},
    summary="Change a measure of an item",
)
def cost_measure_update(request, programme_id: int, item_id: int, measure_id: int, payload: CostMeasurePatch):
    item = selectors.item_get(programme=_programme(request, programme_id), pk=item_id)
    measure = selectors.measure_get(item=item, pk=measure_id)
    data = changed_fields(payload, required=("text", "sort_order"))
    return services.measure_update(actor=request.auth_user, measure=measure, **data)


@router.delete(
    "/costs/programmes/{programme_id}/items/{item_id}/measures/{measure_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a measure of an item",
)
def cost_measure_delete(request, programme_id: int, item_id: int, measure_id: int):
    item = selectors.item_get(programme=_programme(request, programme_id), pk=item_id)
    services.measure_remove(actor=request.auth_user, measure=selectors.measure_get(item=item, pk=measure_id))
    return Status(204, None)
