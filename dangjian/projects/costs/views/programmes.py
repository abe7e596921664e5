"""The programme list, a programme's page (items, the results of each month, a chart) and the pay export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core.exports import xlsx_response
from dangjian.core.scoping import can_anywhere, can_at
from dangjian.core.views.pages import paginate, refusal_as_message, refusal_on, require_anywhere
from dangjian.projects.costs import selectors, services
from dangjian.projects.costs.forms import ProgrammeForm


@login_required
def programme_list(request):
    user = request.user
    require_anywhere(user, "cost", "view")
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and len(raw) == 4 else None
    page = paginate(request, selectors.programme_list(user=user, year=year))
    context = {"page": page, "year": year, "can_add": can_anywhere(user, "project", "add")}
    return render(request, "costs/programme_list.html", context)


@login_required
def programme_create(request):
    user = request.user
    require_anywhere(user, "project", "add")
    form = ProgrammeForm(request.POST or None, user=user, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            programme = services.programme_create(actor=user, **form.cleaned_data)
        if not refused:
            messages.success(request, _("The programme is created; add its indicators now."))
            return redirect("costs:detail", pk=programme.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "costs/programme_form.html", {"form": form, "programme": None}, status=status)


@login_required
def programme_edit(request, pk: int):
    user = request.user
    programme = selectors.programme_detail(user=user, pk=pk)
    if not can_at(user, "project", "change", programme.owner_org):
        raise PermissionDenied
    fields = ("owner_org", "year", "name", "description", "full_points", "full_at", "zero_below")
    initial = {name: getattr(programme, name) for name in fields}
    form = ProgrammeForm(request.POST or None, user=user, action="change", initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.programme_update(actor=user, programme=programme, **form.cleaned_data)
        if not refused:
            messages.success(request, _("The programme is saved."))
            return redirect("costs:detail", pk=programme.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "costs/programme_form.html", {"form": form, "programme": programme}, status=status)


def _chart(programme, items, results) -> dict:
    """Each item's monthly attainment (%), for the programme chart."""
    months = [f"{programme.year}-{m:02d}" for m in selectors.ALL_MONTHS]
    lines = []
    for item in items:
        row = results[item.pk][:12]
        values = [None if r.attainment.percent is None else float(r.attainment.percent) for r in row]
        lines.append({"name": f"{item.indicator.name} · {item.unit.name}", "values": values})
    return {"months": months, "lines": lines, "full_at": float(programme.full_at)}


@login_required
def programme_detail(request, pk: int):
    """The programme: its rule, each item × month (attainment, gap, saving, points) and the year, a chart of the
    monthly attainment, and one month's points per owner. Queries: the programme, its items (four), one roll-up per
    distinct indicator and denominator."""
    user = request.user
    programme = selectors.programme_detail(user=user, pk=pk)
    if not can_anywhere(user, "indicator", "view"):
        raise PermissionDenied  # the results are production figures
    items = selectors.programme_items(programme)
    today = timezone.localdate()
    results = selectors.year_results(programme, items, today)
    month = None
    if request.GET.get("month"):
        with refusal_as_message(request):
            month = selectors.parse_month(request.GET["month"], programme)
    month = month or selectors.default_month(programme, today)
    month_rows = [results[item.pk][month - 1] for item in items]
    context = {
        "programme": programme,
        "items": items,
        "rows": [(item, results[item.pk]) for item in items],
        "month": month,
        "month_label": f"{programme.year}-{month:02d}",
        "months": selectors.ALL_MONTHS,
        "owners": selectors.by_owner(month_rows),
        "chart": _chart(programme, items, results),
        "can_change": can_at(user, "project", "change", programme.owner_org),
        "can_export": can_at(user, "project", "export", programme.owner_org),
    }
    return render(request, "costs/programme_detail.html", context)


@login_required
def results_export(request, pk: int):
    """One month's results per owner, for performance pay (绩效挂钩): a row per item, then each owner's total.
    Without ?month=YYYY-MM, the last finished month of the programme's year."""
    user = request.user
    programme = selectors.programme_detail(user=user, pk=pk)
    if not (can_at(user, "project", "export", programme.owner_org) and can_anywhere(user, "indicator", "view")):
        raise PermissionDenied
    month = selectors.default_month(programme)
    if request.GET.get("month"):
        with refusal_as_message(request) as refused:
            month = selectors.parse_month(request.GET["month"], programme)
        if refused:
            return redirect(reverse("costs:detail", args=[programme.pk]))
    items = selectors.programme_items(programme)
    owners = selectors.by_owner(selectors.month_results(programme, items, month))
    label = f"{programme.year}-{month:02d}"
    rows = []
    for group in owners:
        employee_no = group.owner.employee_no if group.owner else ""
        name = group.owner.name if group.owner else _("(no owner)")
        for r in group.results:
            a, item = r.attainment, r.item
            rows.append([employee_no, name, label, item.indicator.code, item.indicator.name, item.unit.name,
                         a.target, a.actual, a.percent, a.gap, r.saving, r.points])  # fmt: skip
        rows.append([employee_no, name, label, "", _("Total"), "", None, None, None, None, group.saving, group.points])
    services.results_export_audit(actor=user, programme=programme, month=label, rows=len(rows))
    headers = [
        _("Employee number"), _("Owner"), _("Month"), _("Indicator code"), _("Indicator"), _("Unit"), _("Target"),
        _("Actual"), _("Attainment %"), _("Gap"), _("Saving (元)"), _("Points"),
    ]  # fmt: skip
    filename = f"programme-{programme.pk}-{label}.xlsx"
    return xlsx_response(filename, [str(h) for h in headers], rows, sheet_title=label)
