"""Pages that change the indicator catalogue: add an indicator, edit it, retire or restore it (the company's party
office; every write goes through indicators.services)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.core.permissions import ADD, CHANGE
from dangjian.core.scoping import can_anywhere
from dangjian.core.views.pages import refusal_as_message, refusal_on
from dangjian.indicators import selectors, services
from dangjian.indicators.forms import IndicatorForm


@login_required
def indicator_create(request):
    """A new indicator in the company's catalogue."""
    services.require_catalogue(request.user, ADD)  # refused: the 403 page (core/middleware.py)
    form = IndicatorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            indicator = services.indicator_create(actor=request.user, **form.service_fields())
        if not refused:
            messages.success(request, _("The indicator is added to the catalogue."))
            return redirect("indicators:detail", code=indicator.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "indicators/indicator_form.html", {"form": form, "indicator": None}, status=status)


@login_required
def indicator_edit(request, code: str):
    """Change an indicator of the company's catalogue (another company's: 404; a shared one: 403)."""
    if not can_anywhere(request.user, "indicator", "view"):
        raise PermissionDenied
    indicator = selectors.indicator_detail(user=request.user, code=code)
    if indicator.company_id is None:
        raise PermissionDenied
    services.require_catalogue(request.user, CHANGE, indicator.company)
    form = IndicatorForm(request.POST or None, instance=indicator, user=request.user)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.indicator_update(actor=request.user, indicator=indicator, **form.service_fields())
        if not refused:
            messages.success(request, _("The indicator is saved."))
            return redirect("indicators:detail", code=indicator.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "indicators/indicator_form.html", {"form": form, "indicator": indicator}, status=status)


@login_required
@require_POST
def indicator_retire(request, code: str):
    """Retire an indicator (no new values; its history stays) or, with active=1, put it back in use."""
    if not can_anywhere(request.user, "indicator", "view"):
        raise PermissionDenied
    indicator = selectors.indicator_detail(user=request.user, code=code)
    if indicator.company_id is None:
        raise PermissionDenied
    services.require_catalogue(request.user, CHANGE, indicator.company)
    active = request.POST.get("active") == "1"
    with refusal_as_message(request) as refused:
        services.indicator_retire(actor=request.user, indicator=indicator, active=active)
    if not refused:
        messages.success(request, _("The indicator is back in use.") if active else _("The indicator is retired."))
    return redirect("indicators:detail", code=indicator.code)
