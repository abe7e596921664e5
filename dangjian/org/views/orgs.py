"""Party org pages: the tree browser, an org's page, create/edit/dissolve, the health warnings and the 换届 list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.core.scoping import can_anywhere, can_at
from dangjian.core.views.pages import paginate, refusal_as_message, refusal_on, require_anywhere
from dangjian.org import health, selectors, services
from dangjian.org.forms import DissolveForm, OrgForm, SeatEndForm, SeatForm
from dangjian.org.models import PartyOrg

# The tree browser shows this many levels at first; deeper ones load when a node is unfolded.
TREE_LEVELS = 3


def _import_links(user) -> dict:
    return {
        "can_import_orgs": can_anywhere(user, "org", "import"),
        "can_import_people": can_anywhere(user, "person", "import"),
    }


@login_required
def org_tree(request):
    """Every org the user may view, as a collapsible tree (one query)."""
    require_anywhere(request.user, "org", "view")
    roots = selectors.org_tree(user=request.user, levels=TREE_LEVELS)
    return render(
        request,
        "org/tree.html",
        {
            "roots": roots,
            "open_depth": selectors.open_depth(roots),
            "can_add": can_anywhere(request.user, "org", "add"),
            **_import_links(request.user),
        },
    )


@login_required
def org_tree_node(request, pk: int):
    """The next levels under one org, for the tree browser to unfold (htmx); still one query."""
    org = selectors.org_get(user=request.user, pk=pk)
    roots = selectors.org_tree(user=request.user, root=org, levels=TREE_LEVELS)
    children = roots[0].children if roots else []
    return render(request, "org/_tree_children.html", {"items": children, "open_depth": 0})


@login_required
def org_detail(request, pk: int):
    detail = selectors.org_detail(user=request.user, pk=pk)
    org, user = detail.org, request.user
    can_change = can_at(user, "org", "change", org)
    return render(
        request,
        "org/org_detail.html",
        {
            "d": detail,
            "org": org,
            "warnings": selectors.org_warnings(org=org),
            "can_change": can_change,
            "can_add_child": can_at(user, "org", "add", org) and org.kind != PartyOrg.Kind.GROUP,
            "can_add_person": can_at(user, "person", "add", org) and org.kind != PartyOrg.Kind.GROUP,
            "can_see_people": can_at(user, "person", "view", org),
            "dissolve_form": DissolveForm()
            if can_change and org.status == PartyOrg.Status.ACTIVE and org.parent_id
            else None,
            "can_seat": can_change and org.status == PartyOrg.Status.ACTIVE and org.kind != PartyOrg.Kind.GROUP,
        },
    )


@login_required
def org_seats(request, pk: int):
    """The org's committee: seats in force and past ones with their terms; add a seat, end one."""
    user = request.user
    org = selectors.org_get(user=user, pk=pk)
    can_change = can_at(user, "org", "change", org) and org.status == PartyOrg.Status.ACTIVE
    form = None
    if can_change and org.kind != PartyOrg.Kind.GROUP:
        form = SeatForm(request.POST or None, people=selectors.seat_candidates(org=org))
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            with refusal_on(form) as refused:
                seat = services.seat_assign(actor=user, org=org, **form.cleaned_data)
            if not refused:
                messages.success(
                    request,
                    _("%(person)s is now %(role)s.") % {"person": seat.person.name, "role": seat.get_role_display()},
                )
                return redirect("org:seats", pk=org.pk)
    seats = selectors.seat_history(org=org)
    today = timezone.localdate()
    current = {s.pk for s in selectors.current_seats(org=org, today=today)}
    return render(
        request,
        "org/seats.html",
        {
            "org": org,
            "form": form,
            "rows": [(s, s.pk in current) for s in seats],
            "end_form": SeatEndForm() if can_change else None,
            "can_change": can_change,
        },
    )


@login_required
@require_POST
def org_seat_end(request, pk: int, seat_pk: int):
    user = request.user
    org = selectors.org_get(user=user, pk=pk)
    seat = selectors.seat_get(org=org, pk=seat_pk)
    if not can_at(user, "org", "change", org):
        raise PermissionDenied
    form = SeatEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date the seat ended."))
        return redirect("org:seats", pk=org.pk)
    with refusal_as_message(request) as refused:
        services.seat_end(actor=user, seat=seat, on=form.cleaned_data["on"])
    if not refused:
        messages.success(request, _("The seat of %(person)s has ended.") % {"person": seat.person.name})
    return redirect("org:seats", pk=org.pk)


@login_required
def org_create(request):
    user = request.user
    parents = selectors.orgs_where(user=user, resource="org", action="add")
    require_anywhere(user, "org", "add")
    initial = {}
    if request.GET.get("parent", "").isdigit():
        initial["parent"] = request.GET["parent"]
    form = OrgForm(request.POST or None, parents=parents, units=selectors.unit_choices(user=user), initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        units = list(fields.pop("units", None) or [])
        with refusal_on(form) as refused, transaction.atomic():
            org = services.org_create(actor=user, parent=fields.pop("parent"), **fields)
            if units:
                services.org_set_units(actor=user, org=org, units=units)
        if not refused:
            messages.success(request, _("Organisation %(name)s created.") % {"name": org.name})
            return redirect("org:detail", pk=org.pk)
    return render(request, "org/org_form.html", {"form": form, "org": None})


@login_required
def org_edit(request, pk: int):
    user = request.user
    org = selectors.org_get(user=user, pk=pk)
    if not can_at(user, "org", "change", org):
        raise PermissionDenied
    # Moving is offered only when the current parent is among the places the user may add orgs to.
    parents = selectors.orgs_where(user=user, resource="org", action="add").exclude(path__startswith=org.path)
    if not org.parent_id or not parents.filter(pk=org.parent_id).exists():
        parents = None
    form = OrgForm(
        request.POST or None, instance=org, parents=parents, units=selectors.unit_choices(user=user, org=org)
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        parent = fields.pop("parent", None)
        units = fields.pop("units", None)
        with refusal_on(form) as refused, transaction.atomic():
            services.org_update(actor=user, org=org, parent=parent, **fields)
            if units is not None:
                services.org_set_units(actor=user, org=org, units=list(units))
        if not refused:
            messages.success(request, _("Changes saved."))
            return redirect("org:detail", pk=org.pk)
    return render(request, "org/org_form.html", {"form": form, "org": org})


@login_required
@require_POST
def org_dissolve(request, pk: int):
    user = request.user
    org = selectors.org_get(user=user, pk=pk)
    if not can_at(user, "org", "change", org):
        raise PermissionDenied
    form = DissolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date the organisation was dissolved."))
        return redirect("org:detail", pk=org.pk)
    with refusal_as_message(request) as refused:
        services.org_dissolve(actor=user, org=org, on=form.cleaned_data["on"], comment=form.cleaned_data["comment"])
    if not refused:
        messages.success(request, _("%(name)s is dissolved.") % {"name": org.name})
    return redirect("org:detail", pk=org.pk)


@login_required
def org_health(request):
    """All health warnings for the orgs in the user's scope, optionally one kind."""
    require_anywhere(request.user, "org", "view")
    warnings = health.org_warnings(selectors.visible_orgs(user=request.user))
    kind = request.GET.get("kind", "")
    totals = {k: 0 for k in health.WARNING_LABELS}
    for warning in warnings:
        totals[warning.kind] += 1
    if kind in health.WARNING_LABELS:
        warnings = [w for w in warnings if w.kind == kind]
    return render(
        request,
        "org/health.html",
        {
            "page": paginate(request, warnings),
            "kind": kind,
            "kinds": [(k, label, totals[k]) for k, label in health.WARNING_LABELS.items()],
        },
    )


@login_required
def org_terms(request):
    """The 换届 list: terms ending within 90 days or already ended; or, with ?missing=1, terms never recorded."""
    require_anywhere(request.user, "org", "view")
    missing = request.GET.get("missing") == "1"
    today = timezone.localdate()
    page = paginate(request, health.term_list(selectors.visible_orgs(user=request.user), missing=missing))
    rows = []
    for org in page.object_list:
        days = (org.term_end - today).days if org.term_end else None
        rows.append((org, days, -days if days is not None and days < 0 else 0))
    return render(
        request,
        "org/terms.html",
        {
            "page": page,
            "rows": rows,
            "missing": missing,
            "warning_days": health.TERM_WARNING_DAYS,
            # the committees elected at a 换届 come in with one file (the committee-seats import)
            "can_import_seats": can_anywhere(request.user, "org", "import"),
        },
    )
