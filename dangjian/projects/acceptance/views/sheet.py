"""A panel member's scoring sheet: every project × every qualitative criterion on one screen, each cell saved on its
own through htmx (a plain form post without JavaScript). Only the member themself sees and fills their sheet."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.core.views.pages import refusal
from dangjian.projects.acceptance import selectors, services
from dangjian.projects.acceptance.forms import ScoreForm
from dangjian.projects.acceptance.views.common import panel_or_404


def _seat(request, pk: int):
    panel = panel_or_404(request, pk)
    member = selectors.membership(user=request.user, panel=panel)
    if member is None:
        raise PermissionDenied
    return panel, member


def _own_count(member) -> int:
    return selectors.own_score_count(member)


@login_required
def sheet(request, pk: int):
    panel, member = _seat(request, pk)
    data = selectors.sheet(user=request.user, panel=panel, member=member)
    required = len(data.typed_criteria) * sum(1 for p in data.projects if p.pk not in data.conflicted)
    context = {
        "panel": panel,
        "sheet": data,
        "scored": len(data.scores),
        "required": required,
        "editable": panel.is_open,
    }
    return render(request, "acceptance/sheet.html", context)


@login_required
@require_POST
def score(request, pk: int):
    """Save one cell. htmx gets the cell back (with the error, or marked saved) and the sheet's counter out of band."""
    user = request.user
    panel, member = _seat(request, pk)
    form = ScoreForm(request.POST)
    status, error, saved = 400, "", None
    project = criterion = None
    if form.is_valid():
        project, criterion = selectors.score_cell(
            user=user, panel=panel, project_pk=form.cleaned_data["project"], criterion_pk=form.cleaned_data["criterion"]
        )
        with refusal() as refused:
            saved = services.score_save(
                actor=user,
                panel=panel,
                project=project,
                criterion=criterion,
                value=form.cleaned_data["value"],
                comment=form.cleaned_data["comment"],
            )
        if refused:
            status, error = refused.status, refused.message
        else:
            status = 200
    else:
        error = next(iter(form.errors.values()))[0]
    if not request.htmx:
        if saved:
            messages.success(request, _("Score saved."))
        else:
            messages.error(request, error)
        return redirect("acceptance:sheet", pk=pk)
    if criterion is None or project is None:
        return render(request, "acceptance/_cell_error.html", {"error": error}, status=status)
    context = {
        "panel": panel,
        "project": project,
        "criterion": criterion,
        "score": saved,
        "value": request.POST.get("value", ""),
        "comment": request.POST.get("comment", ""),
        "error": error,
        "just_saved": saved is not None,
        "editable": True,
        "scored": _own_count(member),
        "oob": True,
    }
    return render(request, "acceptance/_cell.html", context, status=status)
