"""Account set-up in bulk: the system administrator links an account to a person and makes accounts for many people
at once (one-time passwords on a printable sheet, shown once); the security administrator gives one role to many
accounts (三员分立: accounts by the one, roles by the other)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from dangjian.accounts import selectors, services
from dangjian.accounts.forms import BulkAccountsForm, BulkRoleForm, LinkPersonForm, add_domain_error
from dangjian.accounts.views.common import grant_required
from dangjian.core.errors import DomainError
from dangjian.core.views.pages import refusal_on


@grant_required("account", "change")
def account_link_person(request, pk: int):
    account = selectors.account_get(user=request.user, pk=pk)
    if account is None:
        raise Http404
    initial = {"employee_no": account.person.employee_no if account.person_id else ""}
    form = LinkPersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["employee_no"]
        person = None
        if number:
            person = selectors.person_by_employee_no(user=request.user, employee_no=number)
            if person is None:
                form.add_error("employee_no", _("No person has this employee number."))
        if not form.errors:
            with refusal_on(form, place=partial(add_domain_error, field_map={"person": "employee_no"})) as refused:
                services.account_link_person(actor=request.user, user=account, person=person)
            if not refused:
                if person:
                    messages.success(
                        request,
                        _("Account %(name)s is linked to %(person)s.")
                        % {"name": account.username, "person": person.name},
                    )
                else:
                    messages.success(request, _("Account %(name)s is no longer linked.") % {"name": account.username})
                return redirect("accounts:list")
    return render(request, "accounts/account_link.html", {"form": form, "account": account})


def _on_numbers(form, exc: DomainError) -> None:
    """The batch's refusal names every person who cannot get an account: one sentence, on the numbers field."""
    form.add_error("employee_nos", exc.message)


@never_cache
@grant_required("account", "add")
def accounts_bulk_create(request):
    """Accounts for many people by employee number. The answer to the POST is the printable sheet itself: the
    passwords exist only in that response (never stored, never in a redirect or a message), so a reload cannot show
    them again — it would try to create the accounts again and be refused."""
    form = BulkAccountsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        people, unknown = selectors.people_by_employee_nos(user=request.user, numbers=form.cleaned_data["employee_nos"])
        if unknown:
            form.add_error(
                "employee_nos", _("No person has these employee numbers: %(list)s.") % {"list": "、".join(unknown)}
            )
        else:
            with refusal_on(form, place=_on_numbers) as refused:
                created = services.accounts_create_for_people(actor=request.user, people=people)
            if not refused:
                rows = [(user, user.person, password) for user, password in created]
                response = render(request, "accounts/account_sheet.html", {"rows": rows})
                response["Cache-Control"] = "no-store"
                return response
    return render(request, "accounts/account_bulk.html", {"form": form})


@grant_required("role", "add")
def roles_bulk_assign(request):
    form = BulkRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        accounts, unknown = selectors.accounts_by_names(user=request.user, names=data["names"])
        if unknown:
            form.add_error("names", _("No account has these names: %(list)s.") % {"list": "、".join(unknown)})
        org = None
        if data["org_code"]:
            org = selectors.org_by_code(user=request.user, code=data["org_code"])
            if org is None:
                form.add_error("org_code", _("No organisation has this code."))
        if not form.errors:
            place = partial(add_domain_error, field_map={"users": "names", "org": "org_code"})
            with refusal_on(form, place=place) as refused:
                made = services.roles_assign_bulk(actor=request.user, users=accounts, role=data["role"], org=org)
            if not refused:
                messages.success(
                    request,
                    _("Role given to %(n)s accounts (%(same)s already held it).")
                    % {"n": len(made), "same": len(accounts) - len(made)},
                )
                return redirect(reverse("accounts:roles") + (f"?org={org.code}" if org else ""))
    return render(request, "accounts/role_bulk.html", {"form": form})
