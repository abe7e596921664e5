"""Party dues in the API (/api/v1/dues): the payroll push of a member's base (POST /dues/bases, open to a "push"
token: 201 created, 200 updated or unchanged, 400 with field errors), the bases of a dues year, a branch's monthly
sheet, payments, reasons for arrears, closing a month, the collection up the tree and the July recalculation.
Money as strings (Decimal, to the fen)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangjian.affairs.dues import months, selectors, services
from dangjian.affairs.dues.models import DuesBase
from dangjian.affairs.dues.rates import Category, dues_year
from dangjian.core.api.errors import LIST_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination
from dangjian.core.errors import NotPermitted
from dangjian.core.permissions import ADD, CHANGE
from dangjian.core.scoping import can_anywhere, can_at

router = Router(tags=["dues"])

MONEY_TEXT = '元, as a string to keep every digit (e.g. "4860.50").'


class DuesBaseIn(Schema):
    employee_no: str = Field(description="The member's employee number.")
    year: int = Field(description="The dues year: the July it starts (2025 = July 2025 – June 2026).")
    base: str | int | float = Field(description="Monthly after-tax fixed pay in " + MONEY_TEXT)
    category: str = Field(Category.EMPLOYED, description="employed, retired, student or unemployed.")


class DuesBaseOut(Schema):
    status: str | None = Field(None, description="created, updated or unchanged (on a push).")
    employee_no: str
    name: str
    year: int
    category: str
    base: str
    rate: str | None = Field(description="0.005, 0.01, 0.015 or 0.02; null for the flat 0.20 元.")
    monthly: str = Field(description="The month's dues, 元, rounded to the fen half up.")
    source: str


def _base_out(row: DuesBase, status: str | None = None) -> dict:
    return {
        "status": status,
        "employee_no": row.person.employee_no,
        "name": row.person.name,
        "year": row.year,
        "category": row.category,
        "base": str(row.base),
        "rate": None if row.rate is None else str(row.rate.normalize()),
        "monthly": str(row.monthly),
        "source": row.source,
    }


@router.post(
    "/dues/bases",
    response={200: DuesBaseOut, 201: DuesBaseOut, **WRITE_ERRORS},
    summary="Push a member's dues base (payroll)",
    url_name="dues_base_push",
)
def base_push(request, payload: DuesBaseIn):
    """One member's monthly after-tax fixed pay for a dues year, from payroll or HR; the dues follow the 2008
    brackets (the rate applies to the whole base). Sent again unchanged: 200 `unchanged`. A member not on your
    company's roll: 404."""
    user = request.auth_user
    if not can_anywhere(user, "dues_base", ADD):
        raise NotPermitted(_("You do not have permission to do this here."))
    person = selectors.person_in_reach(user=user, employee_no=payload.employee_no, resource="dues_base", action=ADD)
    row, status = services.base_set(
        actor=user,
        person=person,
        year=payload.year,
        base=payload.base,
        category=payload.category,
        source=DuesBase.Source.API,
    )
    return Status(201 if status == services.CREATED else 200, _base_out(row, status))


class BaseFilters(Schema):
    org: str | None = Field(None, description="An org code (default: the outermost you see).")
    year: int | None = Field(None, ge=2000, le=2100, description="The dues year (default: the current one).")


@router.get(
    "/dues/bases",
    response={200: list[DuesBaseOut], **LIST_ERRORS},
    summary="Dues bases of a year",
    url_name="dues_bases",
)
@paginate(Pagination)
def base_list(request, filters: Query[BaseFilters]):
    user = request.auth_user
    selectors.require_subtree(user, "dues_base")
    org = selectors.visible_org(user=user, code=filters.org, resource="dues_base")
    year = filters.year or dues_year(timezone.localdate())
    return [_base_out(b) for b in selectors.bases(user=user, org=org, year=year)[:5000]]


class SheetQuery(Schema):
    org: str | None = Field(None, description="A branch code (default: the first branch you see).")
    month: str | None = Field(None, description="YYYY-MM (default: this month).")


class DuesLineOut(Schema):
    employee_no: str
    name: str
    category: str | None
    dues: str | None = Field(description="The month's dues (元); null without a base.")
    paid: str | None
    extra: str | None = Field(description="Voluntary extra paid with the month (元).")
    paid_on: dt.date | None
    channel: str | None
    unpaid_months: list[str] = Field(description="Months unpaid (YYYY-MM) in the last 24 that have ended.")
    arrears: str
    flagged: bool = Field(description="More than 3 months unpaid.")
    warning: bool = Field(
        description="6 months in a row unpaid with no reason noted (the rule's warning; never acted on)."
    )


class DuesSheetOut(Schema):
    branch: str | None
    month: str
    reconciled: bool
    expected: str
    paid: str
    extra: str
    arrears: str
    lines: list[DuesLineOut]


@router.get(
    "/dues/sheet",
    response={200: DuesSheetOut, **LIST_ERRORS},
    summary="A branch's monthly dues sheet",
    url_name="dues_sheet",
)
def sheet(request, filters: Query[SheetQuery]):
    user = request.auth_user
    selectors.require_subtree(user)
    org = selectors.visible_org(user=user, code=filters.org)
    month = months.parse(filters.month, default=timezone.localdate())
    data = selectors.sheet(user=user, org=org, month=month)
    totals = data["totals"]
    return {
        "branch": data["branch"].code if data["branch"] else None,
        "month": f"{month:%Y-%m}",
        "reconciled": data["reconciliation"] is not None,
        "expected": str(totals.get("expected", "0.00")),
        "paid": str(totals.get("paid", "0.00")),
        "extra": str(totals.get("extra", "0.00")),
        "arrears": str(totals.get("arrears", "0.00")),
        "lines": [
            {
                "employee_no": r.person.employee_no,
                "name": r.person.name,
                "category": r.base.category if r.base else None,
                "dues": str(r.expected) if r.base else None,
                "paid": str(r.payment.amount) if r.payment else None,
                "extra": str(r.payment.extra) if r.payment else None,
                "paid_on": r.payment.paid_on if r.payment else None,
                "channel": r.payment.channel if r.payment else None,
                "unpaid_months": [f"{m:%Y-%m}" for m in r.unpaid],
                "arrears": str(r.arrears),
                "flagged": r.flagged,
                "warning": r.warning,
            }
            for r in data["rows"]
        ],
    }


class DuesPaymentIn(Schema):
    org: str = Field(description="The branch's code.")
    month: str = Field(description="YYYY-MM")
    employee_nos: list[str] = Field(description="The members who paid the month's dues in full.")
    paid_on: dt.date
    channel: str = Field(description="cash, bank, wechat, alipay or payroll.")
    extras: dict[str, str] = Field({}, description="Voluntary extra per employee number, " + MONEY_TEXT)


class DuesPaymentsOut(Schema):
    recorded: int
    paid: str
    extra: str


@router.post(
    "/dues/payments",
    response={201: DuesPaymentsOut, **WRITE_ERRORS},
    summary="Record a month's payments",
    url_name="dues_payments",
)
def payments(request, payload: DuesPaymentIn):
    user = request.auth_user
    selectors.require_subtree(user)
    branch = selectors.visible_org(user=user, code=payload.org)
    if not can_at(user, "dues", ADD, branch):
        raise NotPermitted(_("You do not have permission to do this here."))
    month = months.parse(payload.month, default=timezone.localdate())
    people = [selectors.person_in_reach(user=user, employee_no=no) for no in payload.employee_nos[:500]]
    extras = {}
    for person in people:
        if person.employee_no in payload.extras:
            extras[person.pk] = services.money(payload.extras[person.employee_no], field="extras", allow_blank=True)
    written = services.payments_record(
        actor=user,
        branch=branch,
        month=month,
        people=people,
        paid_on=payload.paid_on,
        channel=payload.channel,
        extras=extras,
    )
    return Status(
        201,
        {
            "recorded": len(written),
            "paid": str(sum((p.amount for p in written), services.Decimal("0.00"))),
            "extra": str(sum((p.extra for p in written), services.Decimal("0.00"))),
        },
    )


class DuesReasonIn(Schema):
    employee_no: str
    reason: str = Field(max_length=300)


class DuesReasonOut(Schema):
    id: int
    employee_no: str
    noted_on: dt.date
    reason: str


@router.post(
    "/dues/reasons",
    response={201: DuesReasonOut, **WRITE_ERRORS},
    summary="Note a reason for arrears",
    url_name="dues_reasons",
)
def reasons(request, payload: DuesReasonIn):
    user = request.auth_user
    selectors.require_subtree(user)
    person = selectors.person_in_reach(user=user, employee_no=payload.employee_no)
    if not can_at(user, "dues", CHANGE, person.branch):
        raise NotPermitted(_("You do not have permission to do this here."))
    row = services.reason_note(actor=user, person=person, reason=payload.reason)
    return Status(
        201, {"id": row.pk, "employee_no": person.employee_no, "noted_on": row.noted_on, "reason": row.reason}
    )


class DuesCloseIn(Schema):
    org: str = Field(description="The branch's code.")
    month: str = Field(description="YYYY-MM, a month that has ended.")


class DuesReconciliationOut(Schema):
    org: str
    month: str
    members: int
    expected: str
    paid: str
    extra: str
    arrears: str


@router.post(
    "/dues/reconciliations",
    response={201: DuesReconciliationOut, **WRITE_ERRORS},
    summary="Close a branch's month",
    url_name="dues_reconcile",
)
def reconcile(request, payload: DuesCloseIn):
    user = request.auth_user
    selectors.require_subtree(user)
    branch = selectors.visible_org(user=user, code=payload.org)
    if not can_at(user, "dues", CHANGE, branch):
        raise NotPermitted(_("You do not have permission to do this here."))
    row = services.month_reconcile(
        actor=user, branch=branch, month=months.parse(payload.month, default=timezone.localdate())
    )
    return Status(
        201,
        {
            "org": branch.code,
            "month": f"{row.month:%Y-%m}",
            "members": row.members,
            **{k: str(getattr(row, k)) for k in ("expected", "paid", "extra", "arrears")},
        },
    )


class CollectionQuery(Schema):
    org: str | None = Field(None, description="An org code (default: the outermost you see).")
    year: int | None = Field(None, ge=2000, le=2100, description="Calendar year (default: this year).")


class DuesCellOut(Schema):
    month: str
    expected: str
    paid: str
    extra: str
    payments: int
    reconciled: bool | None = Field(None, description="For a branch: whether it closed the month.")


class DuesOrgOut(Schema):
    org: str
    name: str
    kind: str
    months: list[DuesCellOut]


@router.get(
    "/dues/collection",
    response={200: list[DuesOrgOut], **LIST_ERRORS},
    summary="Collection up the tree per month",
    url_name="dues_collection",
)
def collection(request, filters: Query[CollectionQuery]):
    user = request.auth_user
    selectors.require_subtree(user)
    org = selectors.visible_org(user=user, code=filters.org)
    data = selectors.collection(user=user, org=org, year=filters.year or timezone.localdate().year)
    return [
        {
            "org": r["org"].code,
            "name": r["org"].name,
            "kind": r["org"].kind,
            "months": [
                {
                    "month": f"{c['month']:%Y-%m}",
                    "expected": str(c["expected"]),
                    "paid": str(c["paid"]),
                    "extra": str(c["extra"]),
                    "payments": c["count"],
                    "reconciled": c.get("reconciled"),
                }
                for c in r["cells"]
            ],
        }
        for r in data["table"]
    ]


class DuesRecalcIn(Schema):
    org: str | None = Field(None, description="An org code (default: the outermost you see).")
    year: int = Field(description="The dues year starting in July.")


class DuesRecalcOut(Schema):
    renewed: int
    recalculated: int
    carried: int
    missing: int


@router.post(
    "/dues/recalculation",
    response={200: DuesRecalcOut, **WRITE_ERRORS},
    summary="The July recalculation of a dues year",
    url_name="dues_recalculate",
)
def recalculate(request, payload: DuesRecalcIn):
    user = request.auth_user
    selectors.require_subtree(user, "dues_base")
    org = selectors.visible_org(user=user, code=payload.org, resource="dues_base")
    if not can_at(user, "dues_base", CHANGE, org):
        raise NotPermitted(_("You do not have permission to do this here."))
    return services.annual_recalculate(actor=user, org=org, year=payload.year)
