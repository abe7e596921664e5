"""Cost-reduction programmes in the API: the programmes the caller may see, and one month's result per item with
attainment, gap, saving and performance-pay points (GET /costs/programmes/{id}/results?month=YYYY-MM). Setting a
programme up (the programme, its items and their measures) is in api_setup.py, added to this router."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from dangjian.core.api.errors import LIST_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination
from dangjian.core.errors import NotFound
from dangjian.core.scoping import can_anywhere
from dangjian.projects.costs import api_setup, selectors

router = Router(tags=["costs"])
router.add_router("", api_setup.router)


class ProgrammeOut(Schema):
    id: int
    year: int
    name: str
    owner_org: str = Field(description="The code of the party organisation that owns the programme.")
    full_points: Decimal = Field(description="Points an item earns at or above `full_at` % attainment.")
    full_at: Decimal
    zero_below: Decimal = Field(description="Below this attainment (%) an item earns no points; linear in between.")
    items: int

    @staticmethod
    def resolve_owner_org(obj) -> str:
        return obj.owner_org.code

    @staticmethod
    def resolve_items(obj) -> int:
        return obj.item_count


class ProgrammeFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


class CostResultOut(Schema):
    item: int
    indicator: str
    unit: str
    owner: str | None = Field(None, description="The owner's employee number.")
    target: Decimal | None
    actual: Decimal | None
    attainment: Decimal | None = Field(None, description="Percent; above 100 is better than target either way.")
    gap: Decimal | None = Field(None, description="actual − target.")
    met: bool | None
    saving: Decimal | None = Field(None, description="元, positive when better than target; null without a price.")
    points: Decimal | None = Field(None, description="Performance-pay points; null without an actual value.")
    month_under_way: bool


class CostResultsOut(Schema):
    programme: int
    month: str
    results: list[CostResultOut]


class CostMonthQuery(Schema):
    month: str | None = Field(
        None,
        description="YYYY-MM, a month of the programme's year; the last finished month of that year if not given.",
        max_length=7,
    )


@router.get("/costs/programmes", response={200: list[ProgrammeOut], **LIST_ERRORS}, summary="List programmes")
@paginate(Pagination)
def programme_list(request, filters: Query[ProgrammeFilters]):
    """The cost-reduction programmes the caller may see (the "cost" grant over the owner org), newest year first."""
    return selectors.programme_list(user=request.auth_user, year=filters.year)


router.post(
    "/costs/programmes", response={201: api_setup.ProgrammeDetailOut, **WRITE_ERRORS}, summary="Start a programme"
)(api_setup.programme_create)


@router.get(
    "/costs/programmes/{programme_id}/results",
    response={200: CostResultsOut, **LIST_ERRORS},
    summary="A programme's results for one month",
)
def programme_results(request, programme_id: int, query: Query[CostMonthQuery]):
    """Each item's actual (rolled up from the indicator series for its unit), target, attainment, gap, saving and
    points in the month."""
    user = request.auth_user
    programme = selectors.programme_detail(user=user, pk=programme_id)
    if not can_anywhere(user, "indicator", "view"):  # the results are production figures
        raise NotFound(_("No such programme, or you do not have access to it."))
    month = selectors.parse_month(query.month, programme) if query.month else selectors.default_month(programme)
    items = selectors.programme_items(programme)
    results = selectors.month_results(programme, items, month, timezone.localdate())
    return {
        "programme": programme.pk,
        "month": f"{programme.year}-{month:02d}",
        "results": [
            {
                "item": r.item.pk,
                "indicator": r.item.indicator.code,
                "unit": r.item.unit.code,
                "owner": r.item.owner.employee_no if r.item.owner else None,
                "target": r.attainment.target,
                "actual": r.attainment.actual,
                "attainment": r.attainment.percent,
                "gap": r.attainment.gap,
                "met": r.attainment.met,
                "saving": r.saving,
                "points": r.points,
                "month_under_way": r.running,
            }
            for r in results
        ],
    }
