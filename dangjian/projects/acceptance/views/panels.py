"""Panel pages: the list (and a new panel), a panel's page with members, criteria, projects and scoring progress,
the settings page (name, grade thresholds, criteria and weights), seating members and submitting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.core.permissions import CHANGE
from dangjian.core.scoping import can_at
from dangjian.core.views.pages import paginate, place_on_top, refusal, refusal_on, require_anywhere
from dangjian.projects.acceptance import selectors, services
from dangjian.projects.acceptance.forms import (
    CriterionFormSet,
    MemberAddForm,
    PanelCreateForm,
    PanelSettingsForm,
    criteria_rows,
)
from dangjian.projects.acceptance.views.common import managed_panel_or_403, manages, panel_or_404


@login_required
def panel_list(request):
    """The acceptance panels the user may see, newest year first."""
    user = request.user
    require_anywhere(user, "acceptance", "view")
    page = paginate(request, selectors.panel_list(user=user))
    can_create = selectors.office_orgs(user=user).exists()
    return render(request, "acceptance/panel_list.html", {"page": page, "can_create": can_create})


@login_required
def panel_create(request):
    """A new panel for a year, over an org where the user is 党群工作部."""
    user = request.user
    orgs = selectors.office_orgs(user=user)
    if not orgs.exists():
        raise PermissionDenied
    form = PanelCreateForm(request.POST or None, orgs=orgs)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            with refusal_on(form) as refused:
                panel = services.panel_create(actor=user, **form.cleaned_data)
            if refused:
                status = refused.status
            else:
                messages.success(request, _("Panel created. Now seat its members and set its criteria."))
                return redirect("acceptance:detail", pk=panel.pk)
    return render(request, "acceptance/panel_create.html", {"form": form}, status=status)


def _detail(request, panel, *, status=200, member_form=None, refusal=""):
    user = request.user
    ov = selectors.overview(panel)
    can_manage = manages(user, panel)
    if member_form is None and can_manage and panel.is_open:
        member_form = MemberAddForm(candidates=selectors.member_candidates(panel))
    seat = next((m for m in ov.members if m.user_id == user.pk), None)
    context = {
        "panel": panel,
        "ov": ov,
        "can_manage": can_manage,
        "member_form": member_form,
        "my_seat": seat if can_at(user, "panel", CHANGE, panel.org) else None,
        "refusal": refusal,
        "missing_shown": ov.progress.missing[:10],
    }
    return render(request, "acceptance/panel_detail.html", context, status=status)


@login_required
def panel_detail(request, pk: int):
    return _detail(request, panel_or_404(request, pk))


@login_required
def panel_configure(request, pk: int):
    """Name, grade thresholds, goal-attainment weight and the qualitative criteria, saved together."""
    user = request.user
    panel = managed_panel_or_403(request, pk)
    if not panel.is_open:
        messages.error(request, _("The panel has already submitted its scores; its criteria cannot change."))
        return redirect("acceptance:detail", pk=pk)
    initial = [
        {"id": c.pk, "name": c.name, "description": c.description, "weight": c.weight}
        for c in panel.criteria.all()
        if not c.is_computed
    ]
    form = PanelSettingsForm(request.POST or None, instance=panel)
    formset = CriterionFormSet(request.POST or None, initial=initial, prefix="criteria")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and formset.is_valid():
            # The sentence names the problem across rows (e.g. the weights' total), so it goes on top as is.
            with refusal_on(form, place=place_on_top) as refused:
                services.panel_configure(
                    actor=user,
                    panel=panel,
                    fields=form.service_fields(),
                    attainment_weight=form.cleaned_data["attainment_weight"],
                    qualitative=criteria_rows(formset),
                )
            if refused:
                status = refused.status
            else:
                messages.success(request, _("Criteria saved."))
                return redirect("acceptance:detail", pk=pk)
    context = {"panel": panel, "form": form, "formset": formset}
    return render(request, "acceptance/panel_configure.html", context, status=status)


@login_required
@require_POST
def member_add(request, pk: int):
    user = request.user
    panel = managed_panel_or_403(request, pk)
    form = MemberAddForm(request.POST, candidates=selectors.member_candidates(panel))
    if not form.is_valid():
        return _detail(request, panel, status=400, member_form=form)
    with refusal_on(form) as refused:
        member = services.panel_member_add(actor=user, panel=panel, **form.cleaned_data)
    if refused:
        return _detail(request, panel, status=refused.status, member_form=form)
    messages.success(request, _("%(name)s now sits on the panel.") % {"name": member.user.display_name})
    return redirect("acceptance:detail", pk=pk)


@login_required
@require_POST
def member_remove(request, pk: int, member_pk: int):
    user = request.user
    panel = managed_panel_or_403(request, pk)
    member = selectors.panel_member_get(panel=panel, pk=member_pk)
    with refusal() as refused:
        services.panel_member_remove(actor=user, member=member)
    if refused:
        return _detail(request, panel, status=refused.status, refusal=refused.message)
    messages.success(request, _("%(name)s no longer sits on the panel.") % {"name": member.user.display_name})
    return redirect("acceptance:detail", pk=pk)


@login_required
@require_POST
def panel_submit(request, pk: int):
    """Submit the panel: a refusal (scores missing) comes back on the page, naming what is missing."""
    user = request.user
    panel = managed_panel_or_403(request, pk)
    with refusal() as refused:
        rows = services.panel_submit(actor=user, panel=panel)
    if refused:
        return _detail(request, panel, status=refused.status, refusal=refused.message)
    messages.success(request, _("Panel submitted: %(n)s projects scored; the scores are locked.") % {"n": len(rows)})
    return redirect("acceptance:results", pk=pk)
