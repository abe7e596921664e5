"""Party-dues pages: the branch's monthly sheet (collect, cancel a payment, note a reason for arrears, close the
month), the collection up the tree and its reconciliation export, the bases of a dues year with the July
recalculation, and a member's own dues. Thin: parse, call a selector or service, render; writes are POST only."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.affairs.dues import months, selectors, services
from dangjian.affairs.dues.models import DuesBase, DuesPayment
from dangjian.affairs.dues.rates import Category, dues_year
from dangjian.core.errors import InvalidInput
from dangjian.core.exports import xlsx_response
from dangjian.core.permissions import ADD, CHANGE, EXPORT, VIEW
from dangjian.core.scoping import can_at, scope_for
from dangjian.core.views.pages import refusal_as_message


def _day(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        raise InvalidInput(_("Enter a valid date."), errors={field: [_("Enter a valid date.")]}) from None


def _year(value: str | None, default: int) -> int:
    if not value:
        return default
    if not str(value).isdigit() or not 2000 <= int(value) <= 2100:
        raise InvalidInput(_("A year from 2000 to 2100."), errors={"year": [_("A year from 2000 to 2100.")]})
    return int(value)


def _sheet_url(org, month) -> str:
    return f"{reverse('dues:sheet')}?org={org.code}&month={month:%Y-%m}"


@login_required
def sheet(request):
    """A branch's dues for a month: each member's dues, payment (date, channel), extra, arrears and flags."""
    user = request.user
    selectors.require_subtree(user)
    org = selectors.visible_org(user=user, code=request.GET.get("org"))
    today = timezone.localdate()
    month = months.parse(request.GET.get("month"), default=today)
    context = selectors.sheet(user=user, org=org, month=month)
    branch = context["branch"]
    ended = month < months.first(today)
    context.update(
        {
            "org": org,
            "month": month,
            "previous": months.add(month, -1),
            "next": months.add(month, 1),
            "today": today,
            "channels": DuesPayment.Channel.choices,
            "can_collect": branch is not None
            and can_at(user, "dues", ADD, branch)
            and context["reconciliation"] is None,
            "can_change": branch is not None and can_at(user, "dues", CHANGE, branch),
            "can_close": branch is not None
            and ended
            and context["reconciliation"] is None
            and can_at(user, "dues", CHANGE, branch),
            "flag_after": selectors.FLAG_AFTER,
            "warn_at": selectors.WARN_AT,
        }
    )
    context["bases_tab"] = selectors.holds_subtree(request.user, "dues_base")
    return render(request, "dues/sheet.html", context)


def _branch_and_month(request):
    org = selectors.visible_org(user=request.user, code=request.POST.get("org"))
    month = months.parse(request.POST.get("month"), default=timezone.localdate())
    return org, month


@login_required
@require_POST
def collect(request):
    """Record the ticked members' dues for the month (with any voluntary extra each)."""
    user = request.user
    selectors.require_subtree(user)
    branch, month = _branch_and_month(request)
    if not can_at(user, "dues", ADD, branch):
        raise PermissionDenied
    wanted = {int(pk) for pk in request.POST.getlist("people") if pk.isdigit()}
    people = [
        p for p in selectors.members_of(branch_paths=[branch.path]) if p.pk in wanted and p.branch_id == branch.pk
    ]
    with refusal_as_message(request) as refused:
        extras = {
            p.pk: services.money(request.POST.get(f"extra_{p.pk}"), field="extra", allow_blank=True) for p in people
        }
        written = services.payments_record(
            actor=user,
            branch=branch,
            month=month,
            people=people,
            paid_on=_day(request.POST.get("paid_on", ""), "paid_on"),
            channel=request.POST.get("channel", ""),
            extras={pk: v for pk, v in extras.items() if v},
        )
    if not refused:
        messages.success(request, _("%(n)s payments recorded.") % {"n": len(written)})
    return redirect(_sheet_url(branch, month))


@login_required
@require_POST
def cancel(request):
    """Remove a payment recorded by mistake while the month is open."""
    user = request.user
    selectors.require_subtree(user)
    branch, month = _branch_and_month(request)
    person = selectors.person_in_reach(user=user, employee_no=request.POST.get("person", ""))
    payment = selectors.payment_of(user=user, person=person, month=month)
    if not can_at(user, "dues", CHANGE, payment.branch):
        raise PermissionDenied
    with refusal_as_message(request) as refused:
        services.payment_cancel(actor=user, payment=payment)
    if not refused:
        messages.success(request, _("The payment is removed."))
    return redirect(_sheet_url(branch, month))


@login_required
@require_POST
def reason(request):
    """Note why a member has not paid."""
    user = request.user
    selectors.require_subtree(user)
    branch, month = _branch_and_month(request)
    person = selectors.person_in_reach(user=user, employee_no=request.POST.get("person", ""))
    if not can_at(user, "dues", CHANGE, person.branch):
        raise PermissionDenied
    with refusal_as_message(request) as refused:
        services.reason_note(actor=user, person=person, reason=request.POST.get("reason", ""))
    if not refused:
        messages.success(request, _("The reason is noted."))
    return redirect(_sheet_url(branch, month))


@login_required
@require_POST
def reconcile(request):
    """Close the branch's month: its totals are handed up as they are."""
    user = request.user
    selectors.require_subtree(user)
    branch, month = _branch_and_month(request)
    if not can_at(user, "dues", CHANGE, branch):
        raise PermissionDenied
    with refusal_as_message(request) as refused:
        services.month_reconcile(actor=user, branch=branch, month=month)
    if not refused:
        messages.success(request, _("The month is closed and its totals handed up."))
    return redirect(_sheet_url(branch, month))


def _collection(request):
    user = request.user
    selectors.require_subtree(user)
    org = selectors.visible_org(user=user, code=request.GET.get("org"))
    year = _year(request.GET.get("year"), timezone.localdate().year)
    return selectors.collection(user=user, org=org, year=year)


@login_required
def collection(request):
    """Totals per month up the tree (支部 → 总支 → 党委) with each branch's reconciliation."""
    context = _collection(request)
    context["can_export"] = can_at(request.user, "dues", EXPORT, context["org"])
    context["bases_tab"] = selectors.holds_subtree(request.user, "dues_base")
    return render(request, "dues/collection.html", context)


@login_required
def export(request):
    """The reconciliation export (.xlsx): one row per org and month."""
    user = request.user
    selectors.require_subtree(user, action=EXPORT)
    context = _collection(request)
    if not can_at(user, "dues", EXPORT, context["org"]):
        raise PermissionDenied
    headers = [
        _("Organisation code"),
        _("Organisation"),
        _("Kind"),
        _("Month"),
        _("Expected (元)"),
        _("Paid (元)"),
        _("Voluntary extra (元)"),
        _("Shortfall (元)"),
        _("Payments"),
        _("Reconciled"),
    ]
    rows = [
        [
            r["org"].code,
            "　" * r["depth"] + r["org"].name,
            r["org"].get_kind_display(),
            f"{c['month']:%Y-%m}",
            c["expected"],
            c["paid"],
            c["extra"],
            max(c["expected"] - c["paid"], c["paid"] * 0),
            c["count"],
            (_("yes") if c["reconciled"] else _("no")) if "reconciled" in c else "",
        ]
        for r in context["table"]
        for c in r["cells"]
    ]
    services.export_audit(
        actor=user, what="dues_collection", rows=len(rows), params={"org": context["org"].code, "year": context["year"]}
    )
    return xlsx_response(f"dues-{context['org'].code}-{context['year']}.xlsx", headers, rows, _("Dues collection"))


@login_required
def bases(request):
    """The bases of a dues year (July–June), how many members lack one, and the July recalculation."""
    user = request.user
    selectors.require_subtree(user, "dues_base")
    org = selectors.visible_org(user=user, code=request.GET.get("org"), resource="dues_base")
    year = _year(request.GET.get("year"), dues_year(timezone.localdate()))
    rows = selectors.bases(user=user, org=org, year=year)
    context = {
        "org": org,
        "year": year,
        "rows": rows[:500],
        "count": rows.count(),
        "summary": selectors.bases_summary(org=org, year=year),
        "categories": Category.choices,
        "can_change": can_at(user, "dues_base", CHANGE, org),
    }
    return render(request, "dues/bases.html", context)


@login_required
@require_POST
def base_set(request):
    """Enter or correct one member's base for a dues year."""
    user = request.user
    selectors.require_subtree(user, "dues_base")
    person = selectors.person_in_reach(
        user=user, employee_no=request.POST.get("person", ""), resource="dues_base", action=ADD
    )
    year = _year(request.POST.get("year"), dues_year(timezone.localdate()))
    if not can_at(user, "dues_base", ADD, person.branch):
        raise PermissionDenied
    with refusal_as_message(request) as refused:
        services.base_set(
            actor=user,
            person=person,
            year=year,
            base=request.POST.get("base", ""),
            category=request.POST.get("category") or Category.EMPLOYED,
            source=DuesBase.Source.PAGE,
        )
    if not refused:
        messages.success(request, _("The base is saved."))
    return redirect(f"{reverse('dues:bases')}?year={year}")


@login_required
@require_POST
def recalculate(request):
    """The July recalculation of a dues year for the org's members."""
    user = request.user
    selectors.require_subtree(user, "dues_base")
    org = selectors.visible_org(user=user, code=request.POST.get("org"), resource="dues_base")
    year = _year(request.POST.get("year"), dues_year(timezone.localdate()))
    if not can_at(user, "dues_base", CHANGE, org):
        raise PermissionDenied
    with refusal_as_message(request) as refused:
        counts = services.annual_recalculate(actor=user, org=org, year=year)
    if not refused:
        messages.success(
            request,
            _(
                "Recalculated %(year)s–%(next)s: %(renewed)s renewed bases, %(recalculated)s changed, %(carried)s "
                "carried forward, %(missing)s members without a base."
            )
            % {"year": year, "next": year + 1, **counts},
        )
    return redirect(f"{reverse('dues:bases')}?org={org.code}&year={year}")


@login_required
def mine(request):
    """我的党费: one's own base, dues, payments and arrears."""
    if not scope_for(request.user, "dues", VIEW).own:
        raise PermissionDenied
    return render(request, "dues/mine.html", {"mine": selectors.mine(user=request.user)})
