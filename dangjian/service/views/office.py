"""党群工作部's pages: the dashboard (counts per org, SLA rate, satisfaction, trends), the .xlsx export (anonymity
kept), the public board of resolved matters (实事清单), and the deadline and holiday settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.core import audit
from dangjian.core.exports import columns_export
from dangjian.core.i18n import site_text
from dangjian.core.models import AuditLog
from dangjian.core.scoping import can_anywhere
from dangjian.core.views.pages import refusal_as_message, refusal_on, require_anywhere
from dangjian.service import selectors, services, sla
from dangjian.service.forms import CalendarDayForm, FilterForm, PeriodForm, SlaPolicyForm
from dangjian.service.models import Category, ServiceRequest
from dangjian.service.views.common import require_business

EXPORT_MAX_ROWS = 20_000


@login_required
def dashboard(request):
    """Counts per handling org, SLA rate, satisfaction and the monthly trend over the chosen period, in the user's
    scope. A fixed number of queries."""
    user = request.user
    require_anywhere(user, "service_request", "export")
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    data = selectors.dashboard(user=user, start=start, end=end, today=timezone.localdate())
    labels = dict(Category.choices)
    chart = {
        "months": data["trend"]["months"],
        "sent": data["trend"]["sent"],
        "resolved": data["trend"]["resolved"],
        "sent_label": _("Sent"),
        "resolved_label": _("Resolved"),
        "categories": [{"name": str(labels.get(k, k)), "value": v} for k, v in sorted(data["by_category"].items())],
    }
    context = {
        "form": form,
        "start": start,
        "end": end,
        "data": data,
        "chart": chart,
        "can_settings": can_anywhere(user, "service_settings", "change"),
    }
    return render(request, "service/dashboard.html", context)


def _columns(user):
    """The export's columns; the submitter is a name only where the viewer may see it (never on anonymous rows)."""
    return [
        (_("Number"), lambda r: r.number),
        (_("Category"), lambda r: r.get_category_display()),
        (_("Subject"), lambda r: r.title),
        (_("Description"), lambda r: r.description),
        (_("Send to"), lambda r: r.get_destination_display()),
        (_("Submitter"), lambda r: selectors.submitter_label(r, user)),
        (_("Handling organisation"), lambda r: r.handling_org.name),
        (_("Handler"), lambda r: r.handler.name if r.handler_id else ""),
        (_("Status"), lambda r: r.get_state_display()),
        (_("Submitted on"), lambda r: r.submitted_on),
        (_("Accept by"), lambda r: r.accept_due),
        (_("Accepted on"), lambda r: r.accepted_on),
        (_("Resolve by"), lambda r: r.resolve_due),
        (_("Resolved on"), lambda r: r.resolved_on),
        (_("What was done"), lambda r: r.resolution),
        (_("Rating"), lambda r: r.rating),
        (_("Reopened"), lambda r: r.reopen_count),
        (_("Escalated to"), lambda r: r.escalated_to.name if r.escalated_to_id else ""),
    ]


@login_required
def export(request):
    """The requests the user may export as .xlsx, filtered like the queue, with an audit row."""
    user = request.user
    require_anywhere(user, "service_request", "export")
    filters = FilterForm(request.GET or None).filters()
    queryset = selectors.request_list(user=user, filters=filters, action="export").select_related("submitter")
    rows = queryset.count()
    if rows > EXPORT_MAX_ROWS:
        messages.error(request, _("Too many rows to export (%(n)d); narrow the filters.") % {"n": rows})
        return redirect("service:dashboard")
    audit.record(
        actor=user,
        action=AuditLog.Action.EXPORT,
        object_type="service.servicerequest",
        object_repr=site_text(ServiceRequest._meta.verbose_name_plural),  # in the site's language
        after={"rows": rows, "filters": {"state": filters.state, "category": filters.category, "q": filters.q}},
    )
    filename = f"service-requests-{timezone.localdate():%Y%m%d}.xlsx"
    return columns_export(queryset.order_by("-submitted_on", "-pk"), _columns(user), filename, _("Requests"))


@login_required
def board(request):
    """实事清单: matters answered for employees, shown when the submitter allowed it (never naming an anonymous one)."""
    user = request.user
    require_business(user)
    rows = list(selectors.board(user=user))
    items = [{"req": r, "submitter": selectors.submitter_label(r, user) if not r.anonymous else ""} for r in rows]
    return render(request, "service/board.html", {"items": items})


@login_required
def settings_page(request):
    """The deadline per category in working days and the holiday calendar (with 调休 make-up days)."""
    user = request.user
    require_anywhere(user, "service_settings", "view")
    policy_form = SlaPolicyForm(request.POST if "save_policy" in request.POST else None, prefix="policy")
    day_form = CalendarDayForm(request.POST if "save_day" in request.POST else None, prefix="day")
    status = 200
    if request.method == "POST":
        status = 400
        form, save = (policy_form, services.sla_policy_save) if "save_policy" in request.POST else (day_form, None)
        if form.is_bound and form.is_valid():
            with refusal_on(form) as refused:
                if save:
                    save(actor=user, **form.cleaned_data)
                else:
                    services.calendar_range_save(actor=user, **form.cleaned_data)
            if refused:
                status = refused.status
            else:
                messages.success(request, _("Saved."))
                return redirect("service:settings")
    policies = selectors.sla_policies()
    rows = [
        (value, label, policies.get(value), sla.DEFAULT_SLA.get(value, sla.DEFAULT_SLA["other"]))
        for value, label in Category.choices
    ]
    today = timezone.localdate()
    days = selectors.calendar_days(since=today.replace(month=1, day=1))
    context = {"policy_form": policy_form, "day_form": day_form, "rows": rows, "days": days}
    return render(request, "service/settings.html", context, status=status)


@login_required
@require_POST
def calendar_day_delete(request, pk: int):
    require_anywhere(request.user, "service_settings", "change")
    day = selectors.calendar_day_get(pk=pk)
    with refusal_as_message(request):
        services.calendar_day_delete(actor=request.user, day=day)
    return redirect("service:settings")
