"""The burden meter's page for 党群工作部: a month's input time per role and per capability, the five most expensive
forms and the facts typed twice; "recompute now" refreshes the month's sums from the raw log. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.burden import selectors, services
from dangjian.core.months import add_months
from dangjian.core.permissions import CHANGE, VIEW
from dangjian.core.scoping import can_anywhere
from dangjian.core.views.pages import refusal_as_message, require_anywhere


@login_required
def meter(request):
    require_anywhere(request.user, "burden", VIEW)
    today = timezone.localdate()
    month = selectors.month_of(request.GET.get("month"), today=today)
    context = selectors.meter(user=request.user, month=month)
    following = add_months(month, 1)
    context.update(
        {
            "previous": add_months(month, -1),
            "next": following if following <= today else None,  # a month that has not begun has nothing to show
            "can_recompute": can_anywhere(request.user, "burden", CHANGE),
        }
    )
    return render(request, "burden/meter.html", context)


@login_required
@require_POST
def recompute(request):
    require_anywhere(request.user, "burden", CHANGE)
    month = selectors.month_of(request.POST.get("month"), today=timezone.localdate())
    with refusal_as_message(request) as refused:
        services.aggregate(actor=request.user, month=month)
    if not refused:
        messages.success(request, _("The month's figures are recomputed."))
    return redirect(f"{reverse('burden:meter')}?month={month:%Y-%m}")
