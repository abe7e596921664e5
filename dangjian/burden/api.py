"""The burden meter in the API (/api/v1/burden): a month's figures as the page shows them, the month's sums per org,
role, capability and form (paginated), and recomputing a month from the raw log (党群工作部). Never per person."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from dangjian.burden import selectors, services
from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination
from dangjian.core.errors import NotPermitted
from dangjian.core.permissions import CHANGE, VIEW
from dangjian.core.scoping import can_anywhere

router = Router(tags=["burden"])


class BurdenFigures(Schema):
    opens: int
    submissions: int
    successes: int
    failures: int
    repeats: int = Field(description="Sends after the first of the same opening (a form sent again).")
    seconds: int = Field(description="Input time: from opening to the accepted send, summed.")
    minutes: float
    typed: int = Field(description="Fields that carried typed input.")
    reused: int = Field(description="Fields sent back as pre-filled from existing records.")


class BurdenRoleOut(BurdenFigures):
    role: str
    label: str


class BurdenCapabilityOut(BurdenFigures):
    capability: str
    label: str


class BurdenFormOut(BurdenFigures):
    form: str = Field(description="The URL name the form is sent to.")
    capability: str


class BurdenDuplicateOut(Schema):
    date: str
    first_form: str
    first_field: str
    second_form: str
    second_field: str


class BurdenMeterOut(Schema):
    month: str
    total: BurdenFigures
    per_role: list[BurdenRoleOut]
    per_capability: list[BurdenCapabilityOut]
    forms: list[BurdenFormOut] = Field(description="The five most expensive forms by input time.")
    duplicates: list[BurdenDuplicateOut] = Field(description="Facts typed twice (at most 50).")


class BurdenRowOut(BurdenFigures):
    month: dt.date
    org_path: str
    role: str
    form: str
    capability: str

    @staticmethod
    def resolve_minutes(obj) -> float:
        return round(obj.seconds / 60, 1)


class BurdenMonthIn(Schema):
    month: str = Field(description="YYYY-MM")


class BurdenMonthQuery(Schema):
    month: str | None = Field(None, description="YYYY-MM (default: this month).")


def _require(user, action: str) -> None:
    if not can_anywhere(user, "burden", action):
        raise NotPermitted(_("You do not have permission to see this page."))


@router.get("/burden/meter", response={200: BurdenMeterOut, **READ_ERRORS}, url_name="burden_meter")
def meter(request, filters: Query[BurdenMonthQuery]):
    """A month's input time per role and per capability, the five most expensive forms and the facts typed twice,
    in your scope."""
    _require(request.auth_user, VIEW)
    month = selectors.month_of(filters.month, today=timezone.localdate())
    data = selectors.meter(user=request.auth_user, month=month)
    data["month"] = f"{month:%Y-%m}"
    data["duplicates"] = [
        {
            "date": str(d.date),
            "first_form": d.first_form,
            "first_field": d.first_field,
            "second_form": d.second_form,
            "second_field": d.second_field,
        }
        for d in data["duplicates"]
    ]
    return data


@router.get("/burden/rows", response={200: list[BurdenRowOut], **LIST_ERRORS}, url_name="burden_rows")
@paginate(Pagination)
def rows(request, filters: Query[BurdenMonthQuery]):
    """The month's sums per org (path), role, capability and form."""
    _require(request.auth_user, VIEW)
    month = selectors.month_of(filters.month, today=timezone.localdate())
    return selectors.monthly_rows(user=request.auth_user, month=month)


@router.post("/burden/recompute", response={200: dict, **WRITE_ERRORS}, url_name="burden_recompute")
def recompute(request, payload: BurdenMonthIn):
    """Recompute a month's sums and facts typed twice from the raw log (党群工作部; the hourly task does it too)."""
    _require(request.auth_user, CHANGE)
    month = selectors.month_of(payload.month, today=timezone.localdate())
    result = services.aggregate(actor=request.auth_user, month=month)
    return {"month": f"{month:%Y-%m}", "rows": result["rows"], "duplicates": result["duplicates"]}
