"""Accounts, for the system administrator: list and search, create, activate/deactivate, set a password.
The security administrator may read the list (to find whom to give a role) but change nothing."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from dangjian.accounts import selectors, services
from dangjian.accounts.forms import AccountCreateForm, AccountFilterForm, SetPasswordForm, add_domain_error
from dangjian.accounts.views.common import OWN, grant_required, safe_next
from dangjian.core.views.pages import paginate, refusal, refusal_on


def _abilities(user) -> dict:
    return {
        "can_add": selectors.may(user, "account", "add"),
        "can_change": selectors.may(user, "account", "change"),
        "can_assign": selectors.may(user, "role", "add"),
    }


@grant_required("account", "view")
def account_list(request):
    form = AccountFilterForm(request.GET)  # every filter is optional, so an empty query is a valid "show all"
    filters = form.cleaned_data if form.is_valid() else {}
    accounts = selectors.account_list(user=request.user, q=filters.get("q", ""), status=filters.get("status", ""))
    context = {"form": form, "page": paginate(request, accounts), **_abilities(request.user)}
    # A search typed into the filter box replaces only the table.
    template = "accounts/_account_table.html" if request.htmx else "accounts/account_list.html"
    return render(request, template, context)


@sensitive_post_parameters()
@grant_required("account", "add")
def account_create(request):
    form = AccountCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = None
        if data["employee_no"]:
            person = selectors.person_by_employee_no(user=request.user, employee_no=data["employee_no"])
            if person is None:
                form.add_error("employee_no", _("No person has this employee number."))
        if not form.errors:
            place = partial(add_domain_error, field_map={"password": "password1", "person": "employee_no"})
            with refusal_on(form, place=place, also=OWN) as refused:
                account = services.account_create(
                    actor=request.user,
                    username=data["username"],
                    password=data["password1"],
                    person=person,
                    email=data["email"],
                )
            if not refused:
                messages.success(
                    request,
                    _("Account %(name)s created. The security administrator gives it its roles.")
                    % {"name": account.username},
                )
                return redirect("accounts:list")
    return render(request, "accounts/account_form.html", {"form": form})


@require_POST
@grant_required("account", "change")
def account_set_active(request, pk: int):
    account = selectors.account_get(user=request.user, pk=pk)
    if account is None:
        raise Http404
    active = request.POST.get("active") == "1"
    with refusal(also=OWN) as refused:
        services.account_set_active(actor=request.user, user=account, active=active)
    error = refused.message
    if request.htmx:
        # Re-read the row with its roles so the partial shows exactly what the list would.
        row = selectors.account_list(user=request.user).get(pk=pk)
        context = {"account": row, "row_error": error, **_abilities(request.user)}
        return render(request, "accounts/_account_row.html", context)
    if error:
        messages.error(request, error)
    elif active:
        messages.success(request, _("Account %(name)s is active again.") % {"name": account.username})
    else:
        messages.success(request, _("Account %(name)s is deactivated.") % {"name": account.username})
    return redirect(safe_next(request, reverse("accounts:list")))


@sensitive_post_parameters()
@grant_required("account", "change")
def account_set_password(request, pk: int):
    account = selectors.account_get(user=request.user, pk=pk)
    if account is None:
        raise Http404
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_on(
            form, place=partial(add_domain_error, field_map={"password": "password1"}), also=OWN
        ) as refused:
            services.password_set(actor=request.user, user=account, password=form.cleaned_data["password1"])
        if not refused:
            messages.success(
                request,
                _("The password of %(name)s has been set. They must change it when they next sign in.")
                % {"name": account.username},
            )
            return redirect("accounts:list")
    return render(request, "accounts/account_password.html", {"form": form, "account": account})
