"""The branch-star criteria page (星级党支部评定标准): 党群工作部 of the company sets a year's criteria — add, rename,
re-score, reorder and retire items worth 100 together — with the pass mark of each tier and the veto items. A year
without criteria shows the defaults it would start from; nothing is written until the form is saved."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dangjian.core.errors import DomainError
from dangjian.core.permissions import CHANGE
from dangjian.core.scoping import can_at
from dangjian.core.views.pages import refusal_on, require_anywhere
from dangjian.points import selectors, services
from dangjian.points.forms import BranchTemplateForm, CriterionFormSet
from dangjian.points.services.common import company_of
from dangjian.points.views.ledger import _year


def _initial(draft) -> tuple[dict, list[dict]]:
    t = draft.template
    fields = {
        "three_star_mark": t.three_star_mark,
        "four_star_mark": t.four_star_mark,
        "five_star_mark": t.five_star_mark,
        "vetoes": t.vetoes,
    }
    rows = [
        {"id": c.pk, "name": c.name, "max_points": c.max_points, "ORDER": n}
        for n, c in enumerate(draft.criteria, start=1)
    ]
    return fields, rows


def _kept(formset) -> list:
    """The criteria forms in their new order (by position, then as listed), the retired and the blank rows left
    out. Every filled row counts, changed or not: a new year's rows are the defaults, saved as they stand."""
    filled = [
        (n, f) for n, f in enumerate(formset.forms) if f.cleaned_data.get("name") and not f.cleaned_data.get("DELETE")
    ]

    def position(item):
        order = item[1].cleaned_data.get("ORDER")
        return (order is None, order or 0, item[0])

    filled.sort(key=position)
    return [f for _n, f in filled]


def _placer(kept):
    """Put a service refusal on the form: its sentence on top, and each message on the row and field it names
    ("criteria.2.name" → the name of the third row kept) or on the form's own field."""

    def place(form, exc: DomainError) -> None:
        form.add_error(None, exc.message)
        for key, texts in (exc.errors or {}).items():
            parts = key.split(".")
            if len(parts) == 3 and parts[0] == "criteria" and parts[1].isdigit() and int(parts[1]) < len(kept):
                row, name = kept[int(parts[1])], parts[2]
                for text in texts:
                    row.add_error(name if name in row.fields else None, str(text))
            elif key in form.fields:
                for text in texts:
                    form.add_error(key, str(text))

    return place


@login_required
def branch_template(request):
    user = request.user
    require_anywhere(user, "stars", CHANGE)
    company = company_of(selectors.visible_org(user=user, code=None, resource="stars"))
    if not can_at(user, "stars", CHANGE, company):
        raise PermissionDenied
    year = _year(request)
    draft = selectors.branch_template_draft(company=company, year=year)
    rated = selectors.branch_ratings_count(template=draft.template) if draft.saved else 0
    fields, rows = _initial(draft)
    data = request.POST if request.method == "POST" else None
    form = BranchTemplateForm(data, initial=fields)
    formset = CriterionFormSet(data, initial=rows, prefix="c")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        kept = _kept(formset)
        criteria = [
            services.CriterionSpec(f.cleaned_data["name"], f.cleaned_data["max_points"], f.cleaned_data.get("id"))
            for f in kept
        ]
        with refusal_on(form, place=_placer(kept)) as refused:
            services.branch_template_save(
                actor=user, company=company, year=year, criteria=criteria, **form.cleaned_data
            )
        if not refused:
            messages.success(request, _("The branch-star criteria for %(year)s are saved.") % {"year": year})
            return redirect(f"{redirect('points:branch_template').url}?year={year}")
    context = {
        "company": company,
        "year": year,
        "form": form,
        "formset": formset,
        "draft": draft,
        "rated": rated,
        "total": sum((c.max_points for c in draft.criteria), 0),
    }
    return render(request, "points/branch_template.html", context, status=400 if request.method == "POST" else 200)
