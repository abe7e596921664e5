"""Party orgs in the API: list, read, create, change, their members and health warnings."""

from django.db.models import Q
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination, get_in_scope, resolve
from dangjian.core.permissions import VIEW
from dangjian.org import health, services
from dangjian.org.api.common import changed_fields, plain
from dangjian.org.api.schemas import OrgDetailOut, OrgIn, OrgKind, OrgOut, OrgPatch, OrgStatus, PartyStatus, PersonOut
from dangjian.org.models import PartyOrg, Person

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
    parent = resolve(visible_orgs(request), "parent", parent_code, code=parent_code)
    org = services.org_create(actor=request.auth_user, parent=parent, **data)
    return Status(201, org)


@router.patch("/orgs/{code}", response={200: OrgDetailOut, **WRITE_ERRORS}, summary="Change a party org")
def org_update(request, code: str, payload: OrgPatch):
    """Change the fields sent; a new `parent` moves the org with everything under it."""
    org = get_in_scope(visible_orgs(request), code=code)
    data = changed_fields(payload, required=("code", "name", "kind", "parent", "sort_order"))
    parent_code = data.pop("parent", None)
    parent = resolve(visible_orgs(request), "parent", parent_code, code=parent_code)
    org = services.org_update(actor=request.auth_user, org=org, parent=parent, **data)
    return PartyOrg.objects.select_related("parent").prefetch_related("unit_links__unit").get(pk=org.pk)


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
