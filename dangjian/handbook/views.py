"""Handbook pages: the company's procedures (list, one with its versions, create, publish a version, retire, load the
standard ones), ticking a meeting's or a 换届's checklist, the 换届 lists, and the responsibility lists (list, one
list with its items and evidence, create, change, retire, items, export). Thin: rules live in services and
selectors; domain errors are mapped by core's middleware and refusal helpers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.core.exports import xlsx_response
from dangjian.core.scoping import can_anywhere, can_at
from dangjian.core.views.pages import paginate, refusal_as_message, refusal_on, require_anywhere
from dangjian.handbook import selectors, services
from dangjian.handbook.checks import CHECK_WORDS, CHECKS
from dangjian.handbook.forms import DutyDoneForm, DutyItemForm, DutyListForm, StepsForm, TickForm, steps_text
from dangjian.handbook.models import DutyKind
from dangjian.meetings import selectors as meeting_selectors

# --- procedures

CHECK_LABELS = [(CHECK_WORDS[key], label) for key, (label, _test) in CHECKS.items()]


@login_required
def procedures(request):
    user = request.user
    require_anywhere(user, "procedure", "view")
    company = selectors.office_company(user=user)
    context = {
        "procedures": list(selectors.procedure_list(user=user)),
        "retired": list(selectors.procedure_list(user=user, retired=True)[:50]),
        "company": company,
        "missing": selectors.kinds_missing(company=company) if company else [],
        "elections": selectors.election_due_orgs(today=timezone.localdate(), user=user)[:10],
    }
    return render(request, "handbook/procedures.html", context)


@login_required
@require_POST
def standard_load(request):
    user = request.user
    company = selectors.office_company(user=user)
    if company is None:
        raise PermissionDenied
    with refusal_as_message(request) as refused:
        created = services.standard_load(actor=user, company=company)
    if not refused:
        messages.success(request, _("%(n)s standard procedures loaded.") % {"n": len(created)})
    return redirect("handbook:procedures")


@login_required
def procedure_create(request):
    user = request.user
    require_anywhere(user, "procedure", "add")
    company = selectors.office_company(user=user)
    if company is None:
        raise PermissionDenied
    form = StepsForm(request.POST or None, create=True)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            with refusal_on(form) as refused:
                procedure = services.procedure_create(
                    actor=user,
                    company=company,
                    kind=data["kind"],
                    name=data["name"],
                    steps=data["steps"],
                    note=data["note"],
                    effective_from=data["effective_from"],
                )
            if refused:
                status = refused.status
            else:
                messages.success(request, _("Procedure created."))
                return redirect("handbook:procedure", pk=procedure.pk)
    context = {"form": form, "procedure": None, "check_labels": CHECK_LABELS}
    return render(request, "handbook/procedure_form.html", context, status=status)


@login_required
def procedure_detail(request, pk: int):
    user = request.user
    procedure = selectors.procedure_get(user=user, pk=pk)
    versions = selectors.procedure_versions(procedure)
    if not versions:
        raise Http404
    wanted = request.GET.get("version", "")
    version = next((v for v in versions if str(v.number) == wanted), versions[0])
    items = selectors.version_items(version)
    context = {
        "procedure": procedure,
        "versions": versions,
        "version": version,
        "phases": _phases(items),
        "may_change": can_at(user, "procedure", "change", procedure.company) and not procedure.retired_on,
        "may_retire": can_at(user, "procedure", "delete", procedure.company) and not procedure.retired_on,
    }
    return render(request, "handbook/procedure_detail.html", context)


def _phases(items):
    from dangjian.handbook.models import Phase

    return [(label, [i for i in items if i.phase == code]) for code, label in Phase.choices]


@login_required
def procedure_publish(request, pk: int):
    user = request.user
    procedure = selectors.procedure_get(user=user, pk=pk)
    if not can_at(user, "procedure", "change", procedure.company):
        raise PermissionDenied
    latest = selectors.procedure_versions(procedure)[0]
    initial = {"name": procedure.name, "steps": steps_text(selectors.version_items(latest))}
    form = StepsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            with refusal_on(form) as refused:
                version = services.procedure_publish(
                    actor=user,
                    procedure=procedure,
                    steps=data["steps"],
                    note=data["note"],
                    effective_from=data["effective_from"],
                    name=data["name"],
                )
            if refused:
                status = refused.status
            else:
                messages.success(request, _("Version %(n)s published.") % {"n": version.number})
                return redirect("handbook:procedure", pk=procedure.pk)
    context = {"form": form, "procedure": procedure, "latest": latest, "check_labels": CHECK_LABELS}
    return render(request, "handbook/procedure_form.html", context, status=status)


@login_required
@require_POST
def procedure_retire(request, pk: int):
    user = request.user
    procedure = selectors.procedure_get(user=user, pk=pk)
    services.procedure_retire(actor=user, procedure=procedure)  # who may retire is the service's rule: 403
    messages.success(request, _("Procedure retired."))
    return redirect("handbook:procedures")


# --- checklists in use


def _tick(request, *, meeting=None, org=None, term_end=None):
    form = TickForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a step."))
        return
    item = selectors.procedure_item(pk=form.cleaned_data["item"])
    with refusal_as_message(request):
        services.checklist_tick(
            actor=request.user,
            item=item,
            done=form.cleaned_data["done"],
            meeting=meeting,
            org=org,
            term_end=term_end,
        )


@login_required
@require_POST
def meeting_tick(request, pk: int):
    """Tick a step of a meeting's checklist (from the meeting's page)."""
    meeting = meeting_selectors.meeting_get(user=request.user, pk=pk)
    if not can_at(request.user, "meeting", "change", meeting.org):
        raise PermissionDenied
    _tick(request, meeting=meeting)
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
def elections(request):
    user = request.user
    require_anywhere(user, "meeting", "view")
    orgs = selectors.election_due_orgs(today=timezone.localdate(), user=user)
    return render(request, "handbook/elections.html", {"orgs": orgs, "today": timezone.localdate()})


def _term(request):
    from django.utils.dateparse import parse_date

    raw = request.GET.get("term", "") or request.POST.get("term", "")
    try:
        return parse_date(raw) if raw else None
    except ValueError:
        return None


@login_required
def election(request, pk: int):
    user = request.user
    org = selectors.election_org(user=user, pk=pk)
    term_end = _term(request) or org.term_end
    context = {
        "org": org,
        "checklist": selectors.election_checklist(org=org, term_end=term_end),
        "terms": selectors.election_terms(org=org),
        "may_tick": can_at(user, "meeting", "change", org),
        "today": timezone.localdate(),
    }
    return render(request, "handbook/election.html", context)


@login_required
@require_POST
def election_tick(request, pk: int):
    user = request.user
    org = selectors.election_org(user=user, pk=pk)
    if not can_at(user, "meeting", "change", org):
        raise PermissionDenied
    term_end = _term(request) or org.term_end
    _tick(request, org=org, term_end=term_end)
    url = f"{request.path.rsplit('tick/', 1)[0]}"
    return redirect(f"{url}?term={term_end.isoformat()}" if term_end else url)


# --- responsibility lists


def _filters(request) -> selectors.DutyFilters:
    year = request.GET.get("year", "")
    kind = request.GET.get("kind", "")
    return selectors.DutyFilters(
        year=int(year) if year.isdigit() and 1999 < int(year) < 2101 else None,
        org=request.GET.get("org", "")[:40],
        kind=kind if kind in DutyKind.values else "",
    )


@login_required
def duties(request):
    user = request.user
    require_anywhere(user, "duty", "view")
    filters = _filters(request)
    page = paginate(request, selectors.duty_lists(user=user, filters=filters))
    progress = selectors.lists_progress(list(page.object_list))
    rows = [(d, *progress.get(d.pk, (0, 0))) for d in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "kinds": DutyKind.choices,
        "can_add": can_anywhere(user, "duty", "add"),
        "can_export": can_anywhere(user, "duty", "export"),
        "can_import": can_anywhere(user, "duty", "import"),
    }
    return render(request, "handbook/duties.html", context)


def _holder(user, form, field: str):
    number = (form.cleaned_data.get(field) or "").strip()
    if not number:
        return None, True
    person = selectors.person_by_number(user=user, number=number)
    if person is None:
        form.add_error(field, _("No person with this employee number that you may see."))
        return None, False
    return person, True


@login_required
def duty_list_form(request, pk: int | None = None):
    user = request.user
    duty_list = None
    if pk is not None:
        duty_list = selectors.duty_list_get(user=user, pk=pk)
        if not can_at(user, "duty", "change", duty_list.org):
            raise PermissionDenied
    else:
        require_anywhere(user, "duty", "add")
    orgs = selectors.write_orgs(user=user, action="change" if duty_list else "add")
    initial = {"year": timezone.localdate().year}
    if duty_list is not None:
        initial = {
            "org": duty_list.org.code,
            "kind": duty_list.kind,
            "holder": duty_list.holder.employee_no if duty_list.holder else "",
            "year": duty_list.year,
            "title": duty_list.title,
        }
    form = DutyListForm(request.POST or None, orgs=orgs, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            holder, ok = _holder(user, form, "holder")
            if ok:
                org = next(o for o in orgs if o.code == form.cleaned_data["org"])
                fields = {k: form.cleaned_data[k] for k in ("kind", "year", "title")}
                with refusal_on(form) as refused:
                    saved = services.duty_list_save(actor=user, obj=duty_list, org=org, holder=holder, **fields)
                if refused:
                    status = refused.status
                else:
                    messages.success(request, _("Responsibility list saved."))
                    return redirect("handbook:duty_list", pk=saved.pk)
    context = {"form": form, "duty_list": duty_list}
    return render(request, "handbook/duty_list_form.html", context, status=status)


@login_required
def duty_list_detail(request, pk: int):
    user = request.user
    duty_list = selectors.duty_list_get(user=user, pk=pk)
    rows = selectors.duty_rows(selectors.list_items(duty_list))
    may_change = can_at(user, "duty", "change", duty_list.org) and not duty_list.retired_on
    context = {
        "duty_list": duty_list,
        "rows": rows,
        "done": sum(1 for r in rows if r.done),
        "may_change": may_change,
        "item_form": DutyItemForm() if may_change else None,
        "done_form": DutyDoneForm(),
        "person_id": user.person_id,
    }
    return render(request, "handbook/duty_list.html", context)


@login_required
@require_POST
def duty_list_retire(request, pk: int):
    user = request.user
    duty_list = selectors.duty_list_get(user=user, pk=pk)
    services.duty_list_retire(actor=user, duty_list=duty_list)
    messages.success(request, _("Responsibility list retired."))
    return redirect("handbook:duties")


@login_required
def duty_item_form(request, pk: int, item_pk: int | None = None):
    """Add an item to a list (POST from the list's page) or change one (its own form)."""
    user = request.user
    duty_list = selectors.duty_list_get(user=user, pk=pk)
    if not can_at(user, "duty", "change", duty_list.org):
        raise PermissionDenied
    item = None
    if item_pk is not None:
        item = selectors.duty_item_get(user=user, pk=item_pk)
        if item.duty_list_id != duty_list.pk:
            raise Http404
    elif request.method != "POST":
        return redirect("handbook:duty_list", pk=duty_list.pk)
    initial = {}
    if item is not None:
        initial = {
            "text": item.text,
            "owner": item.owner.employee_no if item.owner else "",
            "check": item.proof,
            "target": item.target,
            "due_on": item.due_on,
        }
    form = DutyItemForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            owner, ok = _holder(user, form, "owner")
            if ok:
                data = form.cleaned_data
                with refusal_on(form) as refused:
                    services.duty_item_save(
                        actor=user,
                        duty_list=duty_list,
                        obj=item,
                        text=data["text"],
                        owner=owner,
                        proof=data["check"],
                        target=data["target"],
                        due_on=data["due_on"],
                    )
                if refused:
                    status = refused.status
                else:
                    messages.success(request, _("Duty saved."))
                    return redirect("handbook:duty_list", pk=duty_list.pk)
    context = {"form": form, "duty_list": duty_list, "item": item}
    return render(request, "handbook/duty_item_form.html", context, status=status)


@login_required
@require_POST
def duty_item_done(request, pk: int, item_pk: int):
    user = request.user
    item = selectors.duty_item_get(user=user, pk=item_pk)
    if item.duty_list_id != pk:
        raise Http404
    form = DutyDoneForm(request.POST)
    if form.is_valid():
        with refusal_as_message(request) as refused:
            services.duty_item_done(
                actor=user, item=item, done_on=form.cleaned_data["done_on"], evidence=form.cleaned_data["evidence"]
            )
        if not refused:
            messages.success(request, _("Duty reported."))
    return redirect("handbook:duty_list", pk=pk)


@login_required
@require_POST
def duty_item_delete(request, pk: int, item_pk: int):
    user = request.user
    item = selectors.duty_item_get(user=user, pk=item_pk)
    if item.duty_list_id != pk:
        raise Http404
    services.duty_item_delete(actor=user, item=item)
    messages.success(request, _("Duty removed."))
    return redirect("handbook:duty_list", pk=pk)


@login_required
def duties_export(request):
    """Every duty of the lists the user may export (filters as on the list page), with done and evidence."""
    user = request.user
    require_anywhere(user, "duty", "export")
    lists = list(selectors.duty_lists(user=user, filters=_filters(request), action="export")[:2000])
    items = selectors.duty_items_of(lists)
    headers = [_("year"), _("organisation code"), _("kind"), _("whose list"), _("duty"), _("owner")]
    headers += [_("proved by"), _("times"), _("count"), _("done"), _("evidence")]
    kinds = dict(DutyKind.choices)
    rows = (
        [
            r.duty_list.year,
            r.duty_list.org.code,
            str(kinds.get(r.duty_list.kind, r.duty_list.kind)),
            r.duty_list.holder.employee_no if r.duty_list.holder else "",
            r.item.text,
            r.owner.employee_no if r.owner else "",
            r.item.proof,
            r.item.target,
            r.count,
            _("yes") if r.done else _("no"),
            "; ".join(label for label, _link in r.evidence),
        ]
        for r in selectors.duty_rows(items)
    )
    return xlsx_response("duties.xlsx", [str(h) for h in headers], rows, sheet_title="duties")
