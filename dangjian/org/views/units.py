"""Production unit pages: the unit tree with the orgs covering each unit, and create/edit for the party office."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dangjian.core.scoping import can_anywhere
from dangjian.core.views.pages import refusal_on, require_anywhere
from dangjian.org import selectors, services
from dangjian.org.forms import UnitForm
from dangjian.org.views.orgs import TREE_LEVELS


@login_required
def unit_list(request):
    """The production structure (two queries: units, and the coverage links to orgs the user may view)."""
    require_anywhere(request.user, "unit", "view")
    roots = selectors.unit_tree(user=request.user, levels=TREE_LEVELS)
    return render(
        request,
        "org/units.html",
        {
            "roots": roots,
            "can_add": can_anywhere(request.user, "unit", "add"),
            "can_change": can_anywhere(request.user, "unit", "change"),
        },
    )


@login_required
def unit_tree_node(request, pk: int):
    """The next levels under one unit, for the unit tree to unfold (htmx)."""
    unit = selectors.unit_get(user=request.user, pk=pk)
    roots = selectors.unit_tree(user=request.user, root=unit, levels=TREE_LEVELS)
    return render(
        request,
        "org/_unit_children.html",
        {
            "items": roots[0].children if roots else [],
            "can_add": can_anywhere(request.user, "unit", "add"),
            "can_change": can_anywhere(request.user, "unit", "change"),
        },
    )


@login_required
def unit_create(request):
    user = request.user
    require_anywhere(user, "unit", "add")
    initial = {"parent": request.GET["parent"]} if request.GET.get("parent", "").isdigit() else {}
    form = UnitForm(
        request.POST or None,
        parents=selectors.units_where(user=user, action="add").filter(active=True),
        top_allowed=bool(services.unit_companies(user)),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        with refusal_on(form) as refused:
            unit = services.unit_create(actor=user, parent=fields.pop("parent"), **fields)
        if not refused:
            messages.success(request, _("Unit %(name)s created.") % {"name": unit.name})
            return redirect("org:units")
    return render(request, "org/unit_form.html", {"form": form, "unit": None})


@login_required
def unit_edit(request, pk: int):
    user = request.user
    # The unit first (404 for a role that does not see it), then the services' rule: the unit change grant.
    unit = selectors.unit_get(user=user, pk=pk)
    require_anywhere(user, "unit", "change")
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.unit_update(actor=user, unit=unit, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Changes saved."))
            return redirect("org:units")
    return render(request, "org/unit_form.html", {"form": form, "unit": unit})
