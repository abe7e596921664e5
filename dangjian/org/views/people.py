"""People pages: the searchable list and its .xlsx export, a person's page, edit, create, one-step status moves."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from dangjian.core.exports import columns_export
from dangjian.core.scoping import can_anywhere, can_at, scope_for
from dangjian.core.views.cached import kept_page
from dangjian.core.views.pages import paginate, refusal_on, require_anywhere
from dangjian.org import selectors, services
from dangjian.org.forms import PeopleFilterForm, PersonForm, StatusForm, status_moves
from dangjian.org.models import Person

# An export is built inside the request (about 3,000 rows a second); beyond this it would outlast a proxy's timeout.
EXPORT_MAX_ROWS = 50_000


def _filter_form(request) -> PeopleFilterForm:
    unit = request.GET.get("unit", "")
    unit_id = int(unit) if unit.isdigit() and len(unit) < 15 else None
    orgs, units = selectors.people_filter_choices(
        user=request.user, org_code=request.GET.get("org", "")[:40], unit_id=unit_id
    )
    return PeopleFilterForm(request.GET or None, orgs=orgs, units=units)


@login_required
@kept_page
def people_list(request):
    """The people the user may view: search, filters, pages; htmx requests get just the table back."""
    user = request.user
    require_anywhere(user, "person", "view")
    form = _filter_form(request)
    page = paginate(request, selectors.people_list(user=user, filters=form.filters()))
    context = {
        "form": form,
        "page": page,
        "rows": _people_rows(page.object_list),
        "can_export": can_anywhere(user, "person", "export"),
        "can_add": can_anywhere(user, "person", "add"),
        "can_import": can_anywhere(user, "person", "import"),
    }
    if request.htmx:
        return render(request, "org/_people_table.html", context)
    return render(request, "org/people_list.html", context)


def _people_rows(people) -> list[dict]:
    """The table's cells as plain values: each choice label read once per page and the person URL reversed once,
    not per row in the template (the list's rendering was most of its time)."""
    gender = {value: str(label) for value, label in Person.Gender.choices}
    status = {value: str(label) for value, label in Person.PartyStatus.choices}
    education = {value: str(label) for value, label in Person.Education.choices}
    person_url = reverse("org:person", args=[0]).removesuffix("0/")
    return [
        {
            "href": f"{person_url}{p.pk}/",
            "name": p.name,
            "employee_no": p.employee_no,
            "gender": gender.get(p.gender, p.gender),
            "party_status": status.get(p.party_status, p.party_status),
            "branch": p.branch.name,
            "group": p.group.name if p.group_id else "",
            "unit": p.unit.name if p.unit_id else "",
            "education": education.get(p.education, p.education),
            "phone": p.masked_phone,
            "active": p.active,
        }
        for p in people
    ]


def _phone_getter(user):
    """Phones go out whole only where the user may change people; everywhere else they are masked."""
    scope = scope_for(user, "person", "change")

    def phone(person: Person) -> str:
        if scope.everywhere or any(person.branch.path.startswith(p) for p in scope.paths):
            return person.phone
        return person.masked_phone

    return phone, scope.empty


@login_required
def people_export(request):
    """The current filtered list, scoped to what the user may export, as .xlsx — with an audit row."""
    user = request.user
    require_anywhere(user, "person", "export")
    filters = _filter_form(request).filters()
    queryset = selectors.people_list(user=user, filters=filters, action="export")
    phone, all_masked = _phone_getter(user)
    columns = [
        (_("Employee number"), lambda p: p.employee_no),
        (pgettext("person", "Name"), lambda p: p.name),
        (_("Gender"), lambda p: p.get_gender_display()),
        (_("Birth date"), lambda p: p.birth_date),
        (_("Education"), lambda p: p.get_education_display()),
        (_("Job title"), lambda p: p.job_title),
        (_("Unit"), lambda p: p.unit.name if p.unit_id else ""),
        (_("Phone"), phone),
        (_("Party status"), lambda p: p.get_party_status_display()),
        (_("Applied"), lambda p: p.applied_on),
        (_("Activist since"), lambda p: p.activist_on),
        (_("Candidate since"), lambda p: p.candidate_on),
        (_("Probationary since"), lambda p: p.probationary_on),
        (_("Full member since"), lambda p: p.full_member_on),
        (_("Branch"), lambda p: p.branch.name),
        (_("Branch code"), lambda p: p.branch.code),
        (_("Party group"), lambda p: p.group.name if p.group_id else ""),
        (_("On the roll"), lambda p: p.active),
    ]
    rows = queryset.count()
    if rows > EXPORT_MAX_ROWS:
        messages.error(
            request,
            _("%(rows)s people match; an export takes at most %(max)s. Narrow the filters, e.g. to one organisation.")
            % {"rows": rows, "max": EXPORT_MAX_ROWS},
        )
        return redirect(f"{reverse('org:people')}?{request.GET.urlencode()}")
    services.people_export_audit(actor=user, rows=rows, filters=filters.as_dict(), phones_masked=all_masked)
    filename = f"people-{timezone.localdate():%Y%m%d}.xlsx"
    return columns_export(queryset, columns, filename, sheet_title=_("People"))


def _person_page(request, pk: int, status_form: StatusForm | None = None, status: int = 200):
    user = request.user
    detail = selectors.person_detail(user=user, pk=pk)
    person = detail.person
    can_change = can_at(user, "person", "change", person.branch)
    if can_change and status_form is None and status_moves(person):
        status_form = StatusForm(person=person)
    return render(
        request,
        "org/person_detail.html",
        {
            "d": detail,
            "person": person,
            "can_change": can_change,
            "can_view_branch": can_at(user, "org", "view", person.branch),
            # The whole number is for those who may change the record, and for the person themself.
            "phone": person.phone if can_change or person.pk == user.person_id else person.masked_phone,
            "status_form": status_form if can_change else None,
        },
        status=status,
    )


@login_required
def person_detail(request, pk: int):
    return _person_page(request, pk)


@login_required
@require_POST
def person_status(request, pk: int):
    """Move a person one step along the recruitment path (person_change_status checks the move and the date)."""
    user = request.user
    person = selectors.person_get(user=user, pk=pk)
    if not can_at(user, "person", "change", person.branch):
        raise PermissionDenied
    form = StatusForm(request.POST, person=person)
    if form.is_valid():
        with refusal_on(form) as refused:
            services.person_change_status(actor=user, person=person, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Party status changed."))
            return redirect("org:person", pk=person.pk)
    return _person_page(request, pk, status_form=form, status=400)


def _person_form(request, *, instance=None) -> PersonForm:
    """The person form. Its branch select redraws the form through htmx (a GET carrying the values typed so far),
    so the party groups and units on offer follow the chosen branch."""
    user = request.user
    source = request.POST if request.method == "POST" else request.GET
    branch = source.get("branch", "")
    branch_id = int(branch) if branch.isdigit() and len(branch) < 15 else (instance.branch_id if instance else None)
    if request.method == "POST":
        data, initial = request.POST, {}
    else:
        data, initial = None, (request.GET.dict() if request.htmx else {"branch": branch_id} if branch_id else {})
    return PersonForm(
        data,
        instance=instance,
        initial=initial,
        branches=selectors.orgs_where(user=user, resource="person", action="add"),
        units=selectors.units_for_branch(
            user=user, branch_id=branch_id, current_unit_id=instance.unit_id if instance else None
        ),
        branch_id=branch_id,
        redraw_url=request.path,
    )


@login_required
def person_edit(request, pk: int):
    user = request.user
    person = selectors.person_get(user=user, pk=pk)
    if not can_at(user, "person", "change", person.branch):
        raise PermissionDenied
    form = _person_form(request, instance=person)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.person_update(actor=user, person=person, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Changes saved."))
            return redirect("org:person", pk=person.pk)
    return render(request, "org/person_form.html", {"form": form, "person": person})


@login_required
def person_create(request):
    user = request.user
    require_anywhere(user, "person", "add")
    form = _person_form(request)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            person = services.person_create(actor=user, **form.cleaned_data)
        if not refused:
            messages.success(request, _("%(name)s registered.") % {"name": person.name})
            return redirect("org:person", pk=person.pk)
    return render(request, "org/person_form.html", {"form": form, "person": None})
