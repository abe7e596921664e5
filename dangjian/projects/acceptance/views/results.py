"""The results of a submitted panel: the annual ranking overall and per domain with a chart, grades and awards;
awards given and locked by 党群工作部; the results as .xlsx; a certificate PDF per awarded project."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.core.exports import xlsx_response
from dangjian.core.permissions import EXPORT
from dangjian.core.scoping import can_at
from dangjian.core.views.pages import refusal
from dangjian.projects.acceptance import selectors, services
from dangjian.projects.acceptance.forms import AwardsForm
from dangjian.projects.acceptance.models import Panel
from dangjian.projects.acceptance.pdf import certificate_pdf
from dangjian.projects.acceptance.views.common import managed_panel_or_403, manages, panel_or_404


def _chart(rows) -> dict:
    """ECharts data: the final score per project, best at the top, coloured by domain."""
    ordered = list(reversed(rows))
    domains = list(dict.fromkeys(str(r.project.domain_label) for r in rows))
    return {
        "projects": [f"{r.rank}. {r.project.title}" for r in ordered],
        "domains": domains,
        "series": [
            {
                "name": domain,
                "data": [str(r.final_score) if str(r.project.domain_label) == domain else None for r in ordered],
            }
            for domain in domains
        ],
    }


def _page(request, panel: Panel, *, status=200, awards_form=None, refusal=""):
    user = request.user
    rows = list(selectors.results(panel))
    can_manage = manages(user, panel)
    if awards_form is None and can_manage and panel.status == Panel.Status.SUBMITTED:
        awards_form = AwardsForm(results=rows)
    context = {
        "panel": panel,
        "rows": rows,
        "domains": selectors.by_domain(rows),
        "chart": _chart(rows),
        "can_manage": can_manage,
        "can_export": can_at(user, "project", EXPORT, panel.org),
        "awards_form": awards_form,
        "award_fields": {r.project_id: awards_form[f"award-{r.project_id}"] for r in rows} if awards_form else {},
        "refusal": refusal,
    }
    return render(request, "acceptance/results.html", context, status=status)


@login_required
def results(request, pk: int):
    return _page(request, panel_or_404(request, pk))


@login_required
@require_POST
def awards(request, pk: int):
    user = request.user
    panel = managed_panel_or_403(request, pk)
    form = AwardsForm(request.POST, results=list(selectors.results(panel)))
    if not form.is_valid():
        return _page(request, panel, status=400, awards_form=form)
    with refusal() as refused:
        services.awards_set(actor=user, panel=panel, awards=form.awards())
    if refused:
        return _page(request, panel, status=refused.status, awards_form=form, refusal=refused.message)
    messages.success(request, _("Awards saved."))
    return redirect("acceptance:results", pk=pk)


@login_required
@require_POST
def lock(request, pk: int):
    user = request.user
    panel = managed_panel_or_403(request, pk)
    with refusal() as refused:
        services.panel_lock(actor=user, panel=panel)
    if refused:
        return _page(request, panel, status=refused.status, refusal=refused.message)
    messages.success(request, _("The results and awards are final."))
    return redirect("acceptance:results", pk=pk)


@login_required
def export(request, pk: int):
    """The ranking as .xlsx: rank, project, org, domain, the value of each criterion, final score, grade, award."""
    user = request.user
    panel = panel_or_404(request, pk)
    if not can_at(user, "project", EXPORT, panel.org):
        raise PermissionDenied
    rows = list(selectors.results(panel))
    criteria = [c for c in selectors.criteria(panel)]

    def criterion_value(row, criterion):
        for item in row.detail.get("criteria", []):
            if item.get("id") == criterion.pk:
                return item.get("value")
        return None

    headers = [
        _("Rank"),
        _("Code"),
        _("Title"),
        _("Organisation"),
        _("Domain"),
        _("Rank in domain"),
        *[f"{c.name} ({c.weight.normalize():f})" for c in criteria],
        _("Final score"),
        _("Grade"),
        _("Award"),
    ]
    table = [
        [
            r.rank,
            r.project.code,
            r.project.title,
            r.project.owner.name,
            str(r.project.domain_label),
            r.domain_rank,
            *[_as_number(criterion_value(r, c)) for c in criteria],
            r.final_score,
            r.get_grade_display(),
            r.get_award_display(),
        ]
        for r in rows
    ]
    services.results_export_audit(actor=user, panel=panel, rows=len(rows))
    return xlsx_response(
        f"acceptance-{panel.year}-{timezone.localdate():%Y%m%d}.xlsx", headers, table, sheet_title=_("Results")
    )


def _as_number(text):
    from decimal import Decimal, InvalidOperation

    try:
        return Decimal(text) if text is not None else None
    except InvalidOperation:
        return text


@login_required
def certificate(request, pk: int, project_pk: int):
    """The certificate of an awarded project, as an A4 landscape PDF."""
    panel = panel_or_404(request, pk)
    result = selectors.result_for_certificate(user=request.user, panel=panel, project_pk=project_pk)
    response = HttpResponse(certificate_pdf(result), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{panel.year}-{project_pk}.pdf"'
    return response
