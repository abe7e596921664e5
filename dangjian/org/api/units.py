"""Production units in the API: the unit tree as a flat list with parent codes, and one unit."""

from django.db.models import Q
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS
from dangjian.core.api.pagination import Pagination, get_in_scope
from dangjian.core.permissions import VIEW
from dangjian.org.api.schemas import UnitDetailOut, UnitKind, UnitOut
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


@router.get("/units/{code}", response={200: UnitDetailOut, **READ_ERRORS}, summary="Read a unit")
def unit_detail(request, code: str):
    unit = get_in_scope(Unit.objects.restrict(request.auth_user, VIEW).select_related("parent"), code=code)
    # Only the covering orgs the caller may see are named.
    unit.visible_org_codes = list(
        PartyOrg.objects.restrict(request.auth_user, VIEW)
        .filter(unit_links__unit=unit)
        .order_by("path")
        .values_list("code", flat=True)[:200]
    )
    return unit
