"""The member star policy page: the points each star needs and the caps from the appraisal (党群工作部 of the
company changes it; the stars are recomputed in the background)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dangjian.core.permissions import CHANGE
from dangjian.core.scoping import can_at
from dangjian.core.views.pages import refusal_on, require_anywhere
from dangjian.points import selectors, services
from dangjian.points.forms import StarPolicyForm
from dangjian.points.services.common import company_of
from dangjian.points.services.stars import policy_for


@login_required
def star_policy(request):
    user = request.user
    require_anywhere(user, "stars", CHANGE)
    company = company_of(selectors.visible_org(user=user, code=None, resource="stars"))
    if not can_at(user, "stars", CHANGE, company):
        raise PermissionDenied
    policy = policy_for(company)
    form = StarPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        with refusal_on(form) as refused:
            services.policy_save(actor=user, company=company, **fields)
        if not refused:
            messages.success(request, _("The star policy is saved; members' stars are being recomputed."))
            return redirect("points:star_policy")
    status = 400 if request.method == "POST" else 200
    return render(request, "points/star_policy.html", {"form": form, "company": company}, status=status)
