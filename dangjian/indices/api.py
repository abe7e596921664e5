"""The indices in the API (/api/v1/indices): the month's values with ranks, a value's breakdown (components,
weights, raw and normalised values, the records behind it), the distribution and stability, the weight versions
(list, add, retire) and the on-demand recomputation (202: computed in the background)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangjian.core import months
from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination
from dangjian.core.errors import InvalidInput, NotPermitted
from dangjian.core.permissions import ADD, CHANGE, DELETE
from dangjian.core.scoping import can_at
from dangjian.indices import selectors, services
from dangjian.indices.models import IndexValue, Kind

router = Router(tags=["indices"])

MONTH = "A month as YYYY-MM."


class IndexQuery(Schema):
    kind: str = Field(Kind.BRANCH, description="branch (堡垒指数) or member (先锋指数).")
    month: str | None = Field(None, description=MONTH + " Default: the latest computed month.", max_length=7)
    org: str | None = Field(None, description="An org code (default: the outermost org you see).", max_length=40)


class IndexRecordOut(Schema):
    label: str
    url: str


class IndexComponentOut(Schema):
    code: str
    label: str
    weight: int
    raw: str | None
    normalised: str | None = Field(description="0–100; null when the component had no data that month.")
    contribution: str | None
    explanation: str
    records: list[IndexRecordOut]


class IndexValueOut(Schema):
    id: int
    kind: str
    month: str
    org: str
    org_name: str
    employee_no: str | None
    name: str
    value: str | None
    rank: int | None
    previous: str | None = None
    version: int


class IndexDetailOut(IndexValueOut):
    version_from: str
    components: list[IndexComponentOut]


def _value_out(row: IndexValue) -> dict:
    return {
        "id": row.pk,
        "kind": row.kind,
        "month": f"{row.month:%Y-%m}",
        "org": row.org.code,
        "org_name": row.org.name,
        "employee_no": row.person.employee_no if row.person_id else None,
        "name": row.subject_name,
        "value": None if row.value is None else str(row.value),
        "rank": row.rank,
        "previous": None if getattr(row, "previous", None) is None else str(row.previous),
        "version": row.version.number,
    }


def _month(text: str | None) -> dt.date | None:
    if not text:
        return None
    month = months.parse(text)
    if month is None:
        raise InvalidInput(_("Give a month as YYYY-MM."), errors={"month": [_("Not a month.")]})
    return month


def _context(user, filters: IndexQuery):
    selectors.require_subtree(user)
    org = selectors.visible_org(user=user, code=filters.org)
    kind = selectors.parse_kind(filters.kind)
    month = _month(filters.month) or selectors.latest_month(user=user, org=org, kind=kind)
    return org, kind, month or months.add_months(timezone.localdate(), -1)


@router.get(
    "/indices/values",
    response={200: list[IndexValueOut], **LIST_ERRORS},
    summary="Index values of a month",
    url_name="indices_values",
)
@paginate(Pagination)
def value_list(request, filters: Query[IndexQuery]):
    """The month's branch or member index under an org, by rank, with the previous month's value."""
    user = request.auth_user
    org, kind, month = _context(user, filters)
    return [_value_out(r) for r in selectors.values_list(user=user, org=org, kind=kind, month=month)]


@router.get(
    "/indices/values/{value_id}",
    response={200: IndexDetailOut, **READ_ERRORS},
    summary="An index value's breakdown",
    url_name="indices_value",
)
def value_detail(request, value_id: int):
    """Each component with its weight, raw and normalised value, contribution, how it was computed and the records
    behind it. Outside your scope (another company, another branch, another member's): 404."""
    value = selectors.value_detail(user=request.auth_user, pk=value_id)
    parts = selectors.breakdown(value)
    return {
        **_value_out(value),
        "version_from": f"{value.version.valid_from:%Y-%m}",
        "components": [
            {
                "code": p.code,
                "label": p.label,
                "weight": p.weight,
                "raw": None if p.raw is None else str(p.raw),
                "normalised": None if p.normalised is None else str(p.normalised),
                "contribution": None if p.contribution is None else str(p.contribution),
                "explanation": p.explanation,
                "records": [{"label": r["label"], "url": r.get("url") or ""} for r in p.records],
            }
            for p in parts
        ],
    }


class IndexBucketOut(Schema):
    label: str
    count: int


class IndexDistributionOut(Schema):
    kind: str
    month: str
    count: int
    mean: str | None
    buckets: list[IndexBucketOut]
    mean_change: str | None = Field(description="Mean absolute month-to-month change over the last 12 months.")
    moved_share: str | None = Field(description="Share (0–1) of rank moves by more than 3 places.")
    jumpy: bool


@router.get(
    "/indices/distribution",
    response={200: IndexDistributionOut, **LIST_ERRORS},
    summary="Distribution and stability",
    url_name="indices_distribution",
)
def distribution(request, filters: Query[IndexQuery]):
    user = request.auth_user
    org, kind, month = _context(user, filters)
    data = selectors.distribution(user=user, org=org, kind=kind, month=month)
    s = data["stability"]
    return {
        "kind": kind,
        "month": f"{month:%Y-%m}",
        "count": data["count"],
        "mean": None if data["mean"] is None else str(data["mean"]),
        "buckets": data["buckets"],
        "mean_change": None if s.mean_change is None else str(s.mean_change),
        "moved_share": None if s.moved_share is None else str(s.moved_share),
        "jumpy": s.jumpy,
    }


class IndexWeightVersionOut(Schema):
    id: int
    kind: str
    number: int
    valid_from: str
    weights: dict[str, int]
    note: str


class IndexWeightsIn(Schema):
    kind: str = Field(description="branch or member.")
    valid_from: str = Field(description=MONTH + " This year or later.", max_length=7)
    weights: dict[str, int | str] = Field(description="{component code: whole number 0–100}, adding up to 100.")
    note: str = Field("", max_length=200)


def _version_out(v) -> dict:
    return {
        "id": v.pk,
        "kind": v.kind,
        "number": v.number,
        "valid_from": f"{v.valid_from:%Y-%m}",
        "weights": v.weights,
        "note": v.note,
    }


@router.get(
    "/indices/weights",
    response={200: list[IndexWeightVersionOut], **LIST_ERRORS},
    summary="Weight versions",
    url_name="indices_weights",
)
@paginate(Pagination)
def weights_list(request):
    user = request.auth_user
    selectors.require_subtree(user, "index_weights")
    company = selectors.weights_company(user=user)
    return [_version_out(v) for v in selectors.weight_versions(user=user, company=company)]


@router.post(
    "/indices/weights",
    response={201: IndexWeightVersionOut, **WRITE_ERRORS},
    summary="Add a weight version",
    url_name="indices_weights_add",
)
def weights_add(request, payload: IndexWeightsIn):
    """A new version of one index's weights from a month on; weights naming logins, time online, reading time,
    likes, shares or check-ins are refused (400)."""
    user = request.auth_user
    selectors.require_subtree(user, "index_weights")
    company = selectors.weights_company(user=user)
    if not can_at(user, "index_weights", ADD, company):
        raise NotPermitted(_("You do not have permission to do this here."))
    month = _month(payload.valid_from)
    if month is None:
        raise InvalidInput(_("Give a month as YYYY-MM."), errors={"valid_from": [_("Not a month.")]})
    version = services.weights_set(
        actor=user, company=company, kind=payload.kind, valid_from=month, weights=payload.weights, note=payload.note
    )
    return Status(201, _version_out(version))


@router.delete(
    "/indices/weights/{version_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Retire an unused weight version",
    url_name="indices_weights_retire",
)
def weights_retire(request, version_id: int):
    user = request.auth_user
    version = selectors.version_get(user=user, pk=version_id)
    if not can_at(user, "index_weights", DELETE, version.company):
        raise NotPermitted(_("You do not have permission to do this here."))
    services.weights_retire(actor=user, version=version)
    return Status(204, None)


class IndexRecomputeIn(Schema):
    first: str = Field(description=MONTH, max_length=7)
    last: str | None = Field(None, description=MONTH + " Default: the first.", max_length=7)


class IndexRecomputeOut(Schema):
    months: list[str]


@router.post(
    "/indices/recompute",
    response={202: IndexRecomputeOut, **WRITE_ERRORS},
    summary="Recompute months",
    url_name="indices_recompute",
)
def recompute(request, payload: IndexRecomputeIn):
    """Queue the computation of the months `first`…`last` (at most 24) for your company; 202 at once."""
    user = request.auth_user
    selectors.require_subtree(user, action=CHANGE)
    org = selectors.visible_org(user=user, code=None)
    first = _month(payload.first)
    if first is None:
        raise InvalidInput(_("Give a month as YYYY-MM."), errors={"first": [_("Not a month.")]})
    last = _month(payload.last) or first
    done = services.recompute(actor=user, company=selectors.company_of(org), first=first, last=last)
    return Status(202, {"months": [f"{m:%Y-%m}" for m in done]})
