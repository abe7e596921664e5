"""Role assignments, for the security administrator: list with filters, assign over an org or globally, revoke."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.accounts import selectors, services
from dangjian.accounts.forms import RoleAssignForm, RoleFilterForm, add_domain_error
from dangjian.accounts.views.common import OWN, grant_required, safe_next
from dangjian.core.views.pages import paginate, refusal_as_message, refusal_on


@grant_required("role", "view")
def role_list(request):
    form = RoleFilterForm(request.GET)  # every filter is optional, so an empty query is a valid "show all"
    assignments = selectors.role_assignment_list(user=request.user).none()
    if form.is_valid():
        filters = form.cleaned_data
        org = None
        if filters["org"]:
            org = selectors.org_by_code(user=request.user, code=filters["org"])
            if org is None:
                form.add_error("org", _("No organisation has this code."))
        if not form.errors:
            assignments = selectors.role_assignment_list(
                user=request.user, role=filters["role"], org=org, subtree=filters["subtree"], account=filters["user"]
            )
    context = {
        "form": form,
        "page": paginate(request, assignments),
        "can_add": selectors.may(request.user, "role", "add"),
        "can_delete": selectors.may(request.user, "role", "delete"),
        # Combinations an older install may hold, from before 三员分立 was enforced (the page must not hide them).
        "breaches": [] if request.htmx else selectors.separation_breaches(user=request.user),
    }
    template = "accounts/_role_table.html" if request.htmx else "accounts/role_list.html"
    return render(request, template, context)


@grant_required("role", "add")
def role_assign(request):
    form = RoleAssignForm(request.POST or None, initial={"username": request.GET.get("user", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account = selectors.account_by_username(user=request.user, username=data["username"])
        if account is None:
            form.add_error("username", _("No account has this username."))
        org = None
        if data["org_code"]:
            org = selectors.org_by_code(user=request.user, code=data["org_code"])
            if org is None:
                form.add_error("org_code", _("No organisation has this code."))
        if not form.errors:
            place = partial(add_domain_error, field_map={"org": "org_code", "user": "username"})
            with refusal_on(form, place=place, also=OWN) as refused:
                assignment = services.role_assign(actor=request.user, user=account, role=data["role"], org=org)
            if not refused:
                messages.success(request, _("Role given: %(what)s.") % {"what": assignment})
                return redirect(reverse("accounts:roles") + "?" + urlencode({"user": account.username}))
    return render(request, "accounts/role_form.html", {"form": form})


@require_POST
@grant_required("role", "delete")
def role_revoke(request, pk: int):
    assignment = selectors.role_assignment_get(user=request.user, pk=pk)
    if assignment is None:
        raise Http404
    label = str(assignment)
    with refusal_as_message(request, also=OWN) as refused:
        services.role_revoke(actor=request.user, assignment=assignment)
    if not refused:
        messages.success(request, _("Role taken away: %(what)s.") % {"what": label})
    return redirect(safe_next(request, reverse("accounts:roles")))
