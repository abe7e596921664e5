"""Transfer pages: the list (open, by status and kind), asking for a transfer or registering one coming in, a
transfer's page with its steps (who and when) and the buttons the user may press, the introduction letter as an A4
PDF, the export; floating members (list, record, change, end)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from dangjian.affairs.transfers import selectors, services
from dangjian.affairs.transfers.forms import FloatingForm, TransferForm
from dangjian.affairs.transfers.models import Transfer
from dangjian.core.errors import InvalidInput
from dangjian.core.exports import columns_export
from dangjian.core.permissions import ADD, CHANGE, EXPORT, VIEW
from dangjian.core.scoping import can_anywhere, can_at
from dangjian.core.views.pages import paginate, refusal_as_message, refusal_on, require_anywhere

STEPS = ("approve", "reject", "send", "confirm", "cancel")


@login_required
def transfer_list(request):
    require_anywhere(request.user, "transfer", VIEW)
    status = request.GET.get("status", "open")
    kind = request.GET.get("kind", "")
    q = request.GET.get("q", "").strip()[:50]
    page = paginate(request, selectors.transfer_list(user=request.user, status=status, kind=kind, q=q))
    context = {
        "page": page,
        "status": status,
        "kind": kind,
        "q": q,
        "counts": selectors.counts(user=request.user),
        "statuses": Transfer.Status.choices,
        "kinds": Transfer.Kind.choices,
        "can_add": can_anywhere(request.user, "transfer", ADD),
        "can_export": can_anywhere(request.user, "transfer", EXPORT),
        "today": timezone.localdate(),
    }
    return render(request, "transfers/list.html", context)


def _kind(value: str) -> str:
    if value not in Transfer.Kind.values:
        raise Http404
    return value


TITLES = {
    "internal": lambda: _("Transfer within the company"),
    "out": lambda: _("Transfer out of the system"),
    "in": lambda: _("Register a transfer in from outside"),
}


@login_required
def transfer_create(request, kind: str):
    kind = _kind(kind)
    require_anywhere(request.user, "transfer", ADD)
    form = TransferForm(request.POST or None, kind=kind, user=request.user)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            transfer = services.transfer_request(actor=request.user, **form.service_args())
        if not refused:
            messages.success(request, _("The transfer is requested; 党群工作部 approves it next."))
            return redirect("transfers:detail", pk=transfer.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "transfers/form.html", {"form": form, "title": TITLES[kind]()}, status=status)


@login_required
def transfer_detail(request, pk: int):
    transfer = selectors.transfer_detail(user=request.user, pk=pk)
    steps = {step: services.may_step(request.user, transfer, step) for step in STEPS}
    context = {
        "t": transfer,
        "steps": steps,
        "any_step": any(steps.values()),
        "today": timezone.localdate(),
        "has_letter": transfer.kind != Transfer.Kind.IN and transfer.letter_no,
        "overdue": transfer.overdue_on(timezone.localdate()),
    }
    return render(request, "transfers/detail.html", context)


def _day(value: str, field: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise InvalidInput(_("Enter a valid date."), errors={field: [_("Enter a valid date.")]}) from None


@login_required
@require_POST
def transfer_step(request, pk: int, step: str):
    """Take one step: approve, reject (with a reason), send the letter, confirm, cancel. A step the status does not
    allow is 409; one the user may not take, 403."""
    if step not in STEPS:
        raise Http404
    transfer = selectors.transfer_detail(user=request.user, pk=pk)
    post = request.POST
    with refusal_as_message(request) as refused:
        if step == "approve":
            services.transfer_approve(actor=request.user, transfer=transfer, note=post.get("note", ""))
        elif step == "reject":
            services.transfer_reject(actor=request.user, transfer=transfer, reason=post.get("reason", ""))
        elif step == "send":
            services.transfer_send(
                actor=request.user,
                transfer=transfer,
                on=_day(post.get("on", ""), "on"),
                report_by=_day(post.get("report_by", ""), "report_by"),
            )
        elif step == "confirm":
            services.transfer_confirm(
                actor=request.user, transfer=transfer, on=_day(post.get("on", ""), "on"), note=post.get("note", "")
            )
        else:
            services.transfer_cancel(actor=request.user, transfer=transfer, reason=post.get("reason", ""))
    if not refused:
        messages.success(request, _("Saved."))
    return redirect("transfers:detail", pk=transfer.pk)


@login_required
def transfer_letter(request, pk: int):
    """The introduction letter (介绍信) with its stub, as an A4 PDF: once sent, for a transfer that has one."""
    from dangjian.affairs.transfers.pdf import letter_pdf

    transfer = selectors.transfer_detail(user=request.user, pk=pk)
    if transfer.kind == Transfer.Kind.IN or not transfer.letter_no:
        raise Http404
    response = HttpResponse(letter_pdf(transfer), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="letter-{transfer.letter_no}.pdf"'
    return response


@login_required
def transfer_export(request):
    require_anywhere(request.user, "transfer", EXPORT)
    rows = selectors.transfer_list(
        user=request.user, status=request.GET.get("status", ""), kind=request.GET.get("kind", "")
    ).restrict(request.user, EXPORT)
    columns = [
        (_("letter number"), lambda t: t.letter_no),
        (_("kind"), lambda t: t.get_kind_display()),
        (_("status"), lambda t: t.get_status_display()),
        (pgettext("transfer", "name"), lambda t: t.who),
        (_("employee number"), lambda t: t.employee_no),
        (pgettext("transfer", "from"), lambda t: t.sending_side),
        (pgettext("transfer", "to"), lambda t: t.receiving_side),
        (_("reason"), lambda t: t.reason),
        (_("requested"), lambda t: t.requested_at),
        (_("approved"), lambda t: t.approved_at),
        (_("letter dated"), lambda t: t.sent_on),
        (_("report in by"), lambda t: t.report_by),
        (_("reported in on"), lambda t: t.confirmed_on),
    ]
    services.audit_export(actor=request.user, rows=rows.count(), what="transfer")
    return columns_export(rows, columns, "transfers.xlsx", sheet_title=_("Transfers"))


# --- floating members ------------------------------------------------------------------------------------------


@login_required
def floating_list(request):
    require_anywhere(request.user, "transfer", VIEW)
    current = request.GET.get("all") != "1"
    q = request.GET.get("q", "").strip()[:50]
    page = paginate(request, selectors.floating_list(user=request.user, current=current, q=q))
    context = {
        "page": page,
        "current": current,
        "q": q,
        "can_add": can_anywhere(request.user, "transfer", ADD),
        "changeable": {r.pk for r in page.object_list if can_at(request.user, "transfer", CHANGE, r.person.branch)},
    }
    return render(request, "transfers/floating_list.html", context)


@login_required
def floating_create(request):
    require_anywhere(request.user, "transfer", ADD)
    form = FloatingForm(request.POST or None, user=request.user, initial={"since": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.floating_create(actor=request.user, **form.service_args())
        if not refused:
            messages.success(request, _("Saved."))
            return redirect("transfers:floating")
    status = 400 if request.method == "POST" else 200
    return render(request, "transfers/form.html", {"form": form, "title": _("Record a floating member")}, status=status)


@login_required
def floating_edit(request, pk: int):
    record = selectors.floating_detail(user=request.user, pk=pk)
    if not can_at(request.user, "transfer", CHANGE, record.person.branch):
        raise PermissionDenied
    form = FloatingForm(request.POST or None, user=request.user, instance=record)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.floating_update(actor=request.user, record=record, **form.service_args())
        if not refused:
            messages.success(request, _("Saved."))
            return redirect("transfers:floating")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": _("Floating member: %(name)s") % {"name": record.person.name}, "record": record}
    return render(request, "transfers/form.html", context, status=status)


@login_required
@require_POST
def floating_end(request, pk: int):
    record = selectors.floating_detail(user=request.user, pk=pk)
    with refusal_as_message(request) as refused:
        services.floating_end(actor=request.user, record=record, on=_day(request.POST.get("on", ""), "on"))
    if not refused:
        messages.success(request, _("The member is back."))
    return redirect("transfers:floating")
