"""Production units in the API: the unit tree as a flat list with parent codes, one unit, create and change."""

from django.db.models import Q
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination, get_in_scope, resolve
from dangjian.core.permissions import VIEW
from dangjian.org import services
from dangjian.org.api.common import changed_fields, plain
from dangjian.org.api.schemas import UnitDetailOut, UnitIn, UnitKind, UnitOut, UnitPatch
from dangjian.org.models import PartyOrg, Unit

router = Router(tags=["units"])


class UnitFilters(Schema):
    kind: UnitKind | None = None
    active: bool | None = None
    q: str | None = Field(None, max_length=100, description="Part of the name or code.")


@router.get("/units", response={200: list[UnitOut], **LIST_ERRORS}, summary="List production units")
@paginate(Pagination)
def unit_list(request, filters: Query[UnitFilters]):
    """The production units in tree order; `parent` gives each unit's place in the tree."""
    units = Unit.objects.restrict(request.auth_user, VIEW).select_related("parent")
    if filters.kind:
        units = units.filter(kind=filters.kind)
    if filters.active is not None:
        units = units.filter(active=filters.active)
    if filters.q:
        units = units.filter(Q(name__icontains=filters.q) | Q(code__icontains=filters.q))
    return units.order_by("path")


def _with_orgs(request, unit: Unit) -> Unit:
    # Only the covering orgs the caller may see are named.
    unit.visible_org_codes = list(
        PartyOrg.objects.restrict(request.auth_user, VIEW)
        .filter(unit_links__unit=unit)
        .order_by("path")
        .values_list("code", flat=True)[:200]
    )
    return unit


@router.get("/units/{code}", response={200: UnitDetailOut, **READ_ERRORS}, summary="Read a unit")
def unit_detail(request, code: str):
    unit = get_in_scope(Unit.objects.restrict(request.auth_user, VIEW).select_related("parent"), code=code)
    return _with_orgs(request, unit)


@router.post("/units", response={201: UnitDetailOut, **WRITE_ERRORS}, summary="Create a production unit")
def unit_create(request, payload: UnitIn):
    """Create a unit under `parent` (a unit code of your company). Without a parent it is a top-level unit of your
    company, linked to the company committee: only the company's party office may create one."""
    user = request.auth_user
    data = plain(payload.model_dump())
    parent_code, company_code = data.pop("parent"), data.pop("company")
    parent = resolve(Unit.objects.restrict(user, VIEW), "parent", parent_code, code=parent_code)
    company = resolve(
        PartyOrg.objects.restrict(user, VIEW).filter(parent__isnull=True), "company", company_code, code=company_code
    )
    unit = services.unit_create(actor=user, parent=parent, company=company, **data)
    return Status(201, _with_orgs(request, Unit.objects.select_related("parent").get(pk=unit.pk)))


@router.patch("/units/{code}", response={200: UnitDetailOut, **WRITE_ERRORS}, summary="Change a production unit")
def unit_update(request, code: str, payload: UnitPatch):
    """Change the fields sent; `active: false` retires the unit (it stays in the records)."""
    unit = get_in_scope(Unit.objects.restrict(request.auth_user, VIEW), code=code)
    data = changed_fields(payload, required=("code", "name", "kind", "active", "sort_order"))
    unit = services.unit_update(actor=request.auth_user, unit=unit, **data)
    return _with_orgs(request, Unit.objects.select_related("parent").get(pk=unit.pk))
