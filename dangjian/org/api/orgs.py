"""Party orgs in the API: list, read, create, change, their members and health warnings."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination, get_in_scope, resolve
from dangjian.core.errors import InvalidInput
from dangjian.core.permissions import VIEW
from dangjian.core.services import require_at
from dangjian.org import health, selectors, services
from dangjian.org.api.common import changed_fields, plain
from dangjian.org.api.schemas import (
    OrgDetailOut,
    OrgIn,
    OrgKind,
    OrgOut,
    OrgPatch,
    OrgStatus,
    PartyStatus,
    PersonOut,
    SeatEndIn,
    SeatIn,
    SeatOut,
)
from dangjian.org.models import CommitteeSeat, PartyOrg, Person, Unit

router = Router(tags=["orgs"])


class OrgFilters(Schema):
    kind: OrgKind | None = None
    status: OrgStatus | None = None
    under: str | None = Field(None, description="Only this org and the orgs below it (an org code).")
    q: str | None = Field(None, max_length=100, description="Part of the name or code.")


class MemberFilters(Schema):
    status: PartyStatus | None = Field(None, description="Only people with this party status.")
    include_inactive: bool = Field(False, description="Also people no longer on the roll.")


class WarningOut(Schema):
    org: str = Field(description="Code of the org the warning is about.")
    org_name: str
    kind: str
    label: str
    severity: str = Field(description="'danger' for something already wrong, 'warning' for something coming up.")
    message: str

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj) -> str:
        return obj.org.name


def visible_orgs(request, action: str = VIEW):
    return PartyOrg.objects.restrict(request.auth_user, action).select_related("parent")


@router.get("/orgs", response={200: list[OrgOut], **LIST_ERRORS}, summary="List party orgs")
@paginate(Pagination)
def org_list(request, filters: Query[OrgFilters]):
    """The party orgs you may see, in tree order."""
    orgs = visible_orgs(request)
    if filters.kind:
        orgs = orgs.filter(kind=filters.kind)
    if filters.status:
        orgs = orgs.filter(status=filters.status)
    if filters.under:
        # An org code that is unknown or out of scope filters to nothing, as on the pages: its existence stays hidden.
        top = visible_orgs(request).filter(code=filters.under).first()
        orgs = orgs.filter(path__startswith=top.path) if top else orgs.none()
    if filters.q:
        orgs = orgs.filter(Q(name__icontains=filters.q) | Q(code__icontains=filters.q))
    return orgs.order_by("path")


@router.get("/orgs/{code}", response={200: OrgDetailOut, **READ_ERRORS}, summary="Read a party org")
def org_detail(request, code: str):
    return get_in_scope(visible_orgs(request).prefetch_related("unit_links__unit"), code=code)


@router.post("/orgs", response={201: OrgDetailOut, **WRITE_ERRORS}, summary="Create a party org")
def org_create(request, payload: OrgIn):
    """Create an org under `parent` (an org code); you need the right to add orgs there."""
    data = plain(payload.model_dump())
    parent_code = data.pop("parent")
    units = _units(request, data.pop("units"))
    parent = resolve(visible_orgs(request), "parent", parent_code, code=parent_code)
    with transaction.atomic():
        org = services.org_create(actor=request.auth_user, parent=parent, **data)
        if units:
            services.org_set_units(actor=request.auth_user, org=org, units=units)
    return Status(201, _detail(org))


def _detail(org: PartyOrg) -> PartyOrg:
    return PartyOrg.objects.select_related("parent").prefetch_related("unit_links__unit").get(pk=org.pk)


def _units(request, codes: list[str] | None) -> list[Unit] | None:
    """Unit codes turned into units of the caller's company; an unknown or hidden one is 400 on `units`."""
    if codes is None:
        return None
    found = {u.code: u for u in Unit.objects.restrict(request.auth_user, VIEW).filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise InvalidInput(
            _("%(value)s is not a known code you have access to.") % {"value": missing[0]},
            errors={"units": [_("Unknown code, or you do not have access to it.")]},
        )
    return [found[c] for c in dict.fromkeys(codes)]


@router.patch("/orgs/{code}", response={200: OrgDetailOut, **WRITE_ERRORS}, summary="Change a party org")
def org_update(request, code: str, payload: OrgPatch):
    """Change the fields sent; a new `parent` moves the org with everything under it."""
    org = get_in_scope(visible_orgs(request), code=code)
    data = changed_fields(payload, required=("code", "name", "kind", "parent", "sort_order"))
    parent_code = data.pop("parent", None)
    units = _units(request, data.pop("units", None))
    parent = resolve(visible_orgs(request), "parent", parent_code, code=parent_code)
    with transaction.atomic():
        org = services.org_update(actor=request.auth_user, org=org, parent=parent, **data)
        if units is not None:
            services.org_set_units(actor=request.auth_user, org=org, units=units)
    return _detail(org)


@router.get("/orgs/{code}/seats", response={200: list[SeatOut], **LIST_ERRORS}, summary="Committee seats of an org")
@paginate(Pagination)
def seat_list(request, code: str, current: bool = False):
    """The org's committee seats with their terms, newest first; `current=true` only those in force today."""
    org = get_in_scope(visible_orgs(request), code=code)
    if current:
        ids = [s.pk for s in selectors.current_seats(org=org)]
        seats = CommitteeSeat.objects.filter(pk__in=ids)
    else:
        seats = org.seats.all()
    return seats.select_related("org", "person").order_by("-since", "role", "pk")


@router.post("/orgs/{code}/seats", response={201: SeatOut, **WRITE_ERRORS}, summary="Seat a committee member")
def seat_create(request, code: str, payload: SeatIn):
    """Seat a person (by employee number) on the org's committee as 书记, 副书记 or a 委员, for a term. The person
    must be on the roll of the org or of an org below it; a committee has one secretary at a time. The first seat
    with a start date starts the org's term when none is recorded (for the 换届 reminder)."""
    org = get_in_scope(visible_orgs(request), code=code)
    require_at(request.auth_user, "org", "change", org)  # a viewer learns nothing about the person named
    data = plain(payload.model_dump())
    people = Person.objects.restrict(request.auth_user, VIEW).select_related("branch")
    person = resolve(people, "person", data.pop("person"), employee_no=payload.person)
    seat = services.seat_assign(actor=request.auth_user, org=org, person=person, **data)
    return Status(201, CommitteeSeat.objects.select_related("org", "person").get(pk=seat.pk))


@router.post("/orgs/{code}/seats/{seat_id}/end", response={200: SeatOut, **WRITE_ERRORS}, summary="End a seat")
def seat_end(request, code: str, seat_id: int, payload: SeatEndIn):
    """End a committee seat on a date; it stays on record with its term."""
    org = get_in_scope(visible_orgs(request), code=code)
    seat = get_in_scope(CommitteeSeat.objects.filter(org=org), pk=seat_id)
    seat = services.seat_end(actor=request.auth_user, seat=seat, on=payload.until)
    return CommitteeSeat.objects.select_related("org", "person").get(pk=seat.pk)


@router.get("/orgs/{code}/members", response={200: list[PersonOut], **LIST_ERRORS}, summary="People of a party org")
@paginate(Pagination)
def org_members(request, code: str, filters: Query[MemberFilters]):
    """The people whose branch is this org or below it (for a party group: the group's people) that you may see."""
    org = get_in_scope(visible_orgs(request), code=code)
    people = Person.objects.restrict(request.auth_user, VIEW).select_related("branch", "group", "unit")
    if org.kind == PartyOrg.Kind.GROUP:
        people = people.filter(group=org)
    else:
        people = people.filter(branch__path__startswith=org.path)
    if filters.status:
        people = people.filter(party_status=filters.status)
    if not filters.include_inactive:
        people = people.filter(active=True)
    return people.order_by("employee_no")


@router.get(
    "/orgs/{code}/warnings", response={200: list[WarningOut], **LIST_ERRORS}, summary="Health warnings of an org"
)
@paginate(Pagination)
def org_health(request, code: str):
    """What needs attention in this org and the orgs below it that you may see: member counts against the branch
    rules, a missing branch committee, terms ending soon or overdue."""
    org = get_in_scope(visible_orgs(request), code=code)
    return health.org_warnings(visible_orgs(request).filter(path__startswith=org.path))
