"""Adding, changing and removing a programme's items (indicator × unit, targets, owner, price, measures)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.core.scoping import can_at
from dangjian.core.views.pages import refusal_as_message, refusal_on
from dangjian.indicators.selectors import unit_by_code
from dangjian.projects.costs import selectors, services
from dangjian.projects.costs.forms import ItemForm


def _programme_to_change(request, pk: int):
    programme = selectors.programme_detail(user=request.user, pk=pk)
    if not can_at(request.user, "project", "change", programme.owner_org):
        raise PermissionDenied
    return programme


def _item(programme, item_pk: int):
    item = programme.items.filter(pk=item_pk).select_related("indicator", "unit", "owner").first()
    if item is None:
        raise Http404
    return item


def _save(request, programme, item=None):
    initial = {}
    if item is not None:
        initial = {
            "indicator": item.indicator,
            "unit": item.unit.code,
            "annual_target": item.annual_target,
            "owner": item.owner.employee_no if item.owner else "",
            "unit_price": item.unit_price,
            "measures": "\n".join(item.measures.values_list("text", flat=True)),
            "sort_order": item.sort_order,
            **{f"m{t.month}": t.value for t in item.monthly_targets.all()},
        }
    form = ItemForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_on(form) as refused:
            services.item_save(
                actor=request.user,
                programme=programme,
                item=item,
                indicator=data["indicator"],
                unit=unit_by_code(request.user, data["unit"]),
                annual_target=data["annual_target"],
                owner=data["owner"],
                unit_price=data["unit_price"],
                monthly_targets=form.monthly_targets(),
                measures=form.measure_lines(),
                sort_order=data.get("sort_order") or 0,
            )
        if not refused:
            messages.success(request, _("The item is saved."))
            return redirect("costs:detail", pk=programme.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "programme": programme, "item": item}
    return render(request, "costs/item_form.html", context, status=status)


@login_required
def item_add(request, pk: int):
    return _save(request, _programme_to_change(request, pk))


@login_required
def item_edit(request, pk: int, item_pk: int):
    programme = _programme_to_change(request, pk)
    return _save(request, programme, _item(programme, item_pk))


@login_required
@require_POST
def item_remove(request, pk: int, item_pk: int):
    programme = _programme_to_change(request, pk)
    with refusal_as_message(request) as refused:
        services.item_remove(actor=request.user, item=_item(programme, item_pk))
    if not refused:
        messages.success(request, _("The item is removed."))
    return redirect("costs:detail", pk=programme.pk)
