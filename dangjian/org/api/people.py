"""People in the API: search, read, register, change, move along the recruitment path, status history."""

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination, get_in_scope, resolve
from dangjian.core.permissions import VIEW
from dangjian.org import selectors, services
from dangjian.org.api.common import changed_fields, plain
from dangjian.org.api.schemas import (
    Education,
    Gender,
    PartyStatus,
    PersonIn,
    PersonOut,
    PersonPatch,
    StatusChangeOut,
    StatusIn,
)
from dangjian.org.models import PartyOrg, Person, Unit

router = Router(tags=["people"])


class PeopleQuery(Schema):
    q: str | None = Field(None, max_length=100, description="Part of the name, or of the employee number.")
    status: PartyStatus | None = Field(None, description="Party status.")
    org: str | None = Field(None, description="Only people of this org and the orgs below it (an org code).")
    unit: str | None = Field(None, description="Only people of this unit and the units below it (a unit code).")
    gender: Gender | None = None
    education: Education | None = None
    include_inactive: bool = Field(False, description="Also people no longer on the roll.")


def visible_people(request):
    return Person.objects.restrict(request.auth_user, VIEW).select_related("branch", "group", "unit")


def _references(request, data: dict) -> dict:
    """Org and unit codes in a payload turned into rows the caller may see (400 on the field otherwise)."""
    user = request.auth_user
    orgs = PartyOrg.objects.restrict(user, VIEW)
    for name in ("branch", "group"):
        if name in data:
            data[name] = resolve(orgs, name, data[name], code=data[name])
    if "unit" in data:
        data["unit"] = resolve(Unit.objects.restrict(user, VIEW), "unit", data["unit"], code=data["unit"])
    return data


@router.get("/people", response={200: list[PersonOut], **LIST_ERRORS}, summary="Search people")
@paginate(Pagination)
def person_list(request, filters: Query[PeopleQuery]):
    """The people you may see, as on the people page (an org or unit code you cannot see filters to nothing).
    Phones are masked unless you may change the person."""
    user = request.auth_user
    unit_id = None
    if filters.unit:
        # A unit code that is unknown (or hidden) must filter to nothing, not be ignored.
        unit_id = Unit.objects.restrict(user, VIEW).filter(code=filters.unit).values_list("pk", flat=True).first() or -1
    return selectors.people_list(
        user=user,
        filters=selectors.PeopleFilters(
            q=filters.q or "",
            org=filters.org or "",
            party_status=filters.status or "",
            unit=unit_id,
            gender=filters.gender or "",
            education=filters.education or "",
            include_inactive=filters.include_inactive,
        ),
    )


@router.get("/people/{employee_no}", response={200: PersonOut, **READ_ERRORS}, summary="Read a person")
def person_detail(request, employee_no: str):
    return get_in_scope(visible_people(request), employee_no=employee_no)


@router.post("/people", response={201: PersonOut, **WRITE_ERRORS}, summary="Register a person")
def person_create(request, payload: PersonIn):
    """Register a person in a branch you may add people to; the step dates give their status history."""
    data = plain(payload.model_dump())
    data["education"] = data["education"] or ""
    person = services.person_create(actor=request.auth_user, **_references(request, data))
    return Status(201, person)


@router.patch("/people/{employee_no}", response={200: PersonOut, **WRITE_ERRORS}, summary="Change a person")
def person_update(request, employee_no: str, payload: PersonPatch):
    """Change the fields sent. Party status moves go through POST /people/{employee_no}/status."""
    person = get_in_scope(visible_people(request), employee_no=employee_no)
    data = changed_fields(
        payload,
        required=("employee_no", "name", "gender", "branch", "active"),
        blank_as_empty=("education", "job_title", "phone"),
    )
    person = services.person_update(actor=request.auth_user, person=person, **_references(request, data))
    return Person.objects.select_related("branch", "group", "unit").get(pk=person.pk)


@router.post("/people/{employee_no}/status", response={200: PersonOut, **WRITE_ERRORS}, summary="Change party status")
def person_status(request, employee_no: str, payload: StatusIn):
    """Move a person one step along the recruitment path (or back to non-member) on the given date."""
    person = get_in_scope(visible_people(request), employee_no=employee_no)
    person = services.person_change_status(
        actor=request.auth_user, person=person, to_status=payload.to_status, on=payload.on, note=payload.note
    )
    return Person.objects.select_related("branch", "group", "unit").get(pk=person.pk)


@router.get(
    "/people/{employee_no}/history",
    response={200: list[StatusChangeOut], **LIST_ERRORS},
    summary="Party status history",
)
@paginate(Pagination)
def person_history(request, employee_no: str):
    """The steps of a person's party status, oldest first."""
    person = get_in_scope(visible_people(request), employee_no=employee_no)
    return person.status_changes.select_related("recorded_by").order_by("on", "id")
