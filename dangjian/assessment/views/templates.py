"""An assessment template: its categories and items on one page, the dual-assessment weights and pay rule (editable
by 党群工作部), and the items as .xlsx in the import's own columns (export → edit → import)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dangjian.assessment import metrics, selectors, services, workflow
from dangjian.assessment.imports import ITEM_COLUMNS, item_row
from dangjian.assessment.views.common import run
from dangjian.core.exports import xlsx_response
from dangjian.core.permissions import EXPORT
from dangjian.core.scoping import can_at


@login_required
def template(request, pk: int):
    user = request.user
    found = selectors.template_get(user=user, pk=pk)
    manages = workflow.OFFICE in workflow.standings(user, found.org)
    if request.method == "POST":
        if not manages:
            raise PermissionDenied
        fields = {
            k: request.POST.get(k, "").strip()
            for k in ("name", "party_weight", "production_weight", "pay_bands", "pay_scope")
        }
        run(request, lambda: services.template_update(actor=user, template=found, **fields), _("Template saved."))
        return redirect("assessment:template", pk=pk)
    items = selectors.template_items(found)
    categories: list[tuple] = []
    for item in items:
        item.source_label = metrics.label(item.source) if item.source else ""
        if not categories or categories[-1][0] != item.category:
            categories.append((item.category, []))
        categories[-1][1].append(item)
    context = {
        "template": found,
        "categories": categories,
        "item_count": len(items),
        "max_total": sum(i.max_points for i in items if i.frequency == "monthly"),
        "manages": manages,
        "can_export": can_at(user, "assessment", EXPORT, found.org),
        "registered": {m.code for m in metrics.registered()},
        "pay_scopes": found.PayScope.choices,
    }
    return render(request, "assessment/template.html", context)


@login_required
def template_export(request, pk: int):
    user = request.user
    found = selectors.template_get(user=user, pk=pk)
    if not can_at(user, "assessment", EXPORT, found.org):
        raise PermissionDenied
    headers = [c.template_header() for c in ITEM_COLUMNS]
    rows = [item_row(found, item) for item in selectors.template_items(found)]
    return xlsx_response(f"{found.name}.xlsx", headers, rows, _("Items"))
